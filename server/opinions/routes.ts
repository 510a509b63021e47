import { type Context, Hono } from 'hono'
import { stream } from 'hono/streaming'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { isUuid, jsonBody } from '../request'
import { shanghaiDate } from '../tracking/dates'
import { assertOrganiser, auditTracking, inScope, type Tracking, trackingFromUrl } from '../tracking/access'
import { parseOrThrow } from '../validate'
import { listAreas, replaceAreas } from './areas'
import { type BulkResult, runBulk } from './bulk'
import { AREA_PRESET } from './channels'
import { createOpinion, deleteOpinion, editOpinion, replyOpinion } from './actions'
import { opinionExport } from './export'
import { importBallotOpinions } from './import'
import { mergeOpinions, unmergeOpinion } from './merge'
import { AreasBody, BulkBody, ImportBody, ListQuery, MergeBody, NewOpinionBody, OpinionPatchBody, ReplyBody } from './schemas'
import { normalizeForSearch } from './search'
import { assertArea, assertCampaignUnit, filteredIds, getOpinion, listOpinions, loadTopLevel } from './store'

const MAX_BULK = 20_000

function opinionParam(c: Context<AppEnv>): string {
  const id = c.req.param('opinion')
  if (!isUuid(id)) throw new ApiError(404, 'opinion_not_found')
  return id
}

/** A visible opinion the caller may see: liaisons only those their subtree answers for (403 otherwise). */
export async function scopedOpinion(c: Context<AppEnv>, t: Tracking) {
  const opinion = await getOpinion(c.get('db'), t.campaignId, opinionParam(c))
  if (!inScope(t, opinion.assignedUnitId ?? opinion.unitId)) throw new ApiError(403, 'forbidden')
  return opinion
}

/** Checks a bulk request fully before anything is written; returns the ids and the action. */
export async function planBulk(c: Context<AppEnv>, t: Tracking, body: BulkBody) {
  const db = c.get('db')
  if ((body.ids === undefined) === (body.filter === undefined)) throw new ApiError(422, 'invalid_input', [{ path: 'ids' }])
  const ids = body.ids ? [...new Set(body.ids)] : await filteredIds(db, t.campaignId, body.filter!, null, MAX_BULK)
  if (ids.length > MAX_BULK) throw new ApiError(422, 'bulk_too_many', [{ path: 'filter' }])
  if (ids.length === 0) throw new ApiError(422, 'bulk_empty', [{ path: body.ids ? 'ids' : 'filter' }])
  if (body.ids) await loadTopLevel(db, t.campaignId, ids)
  if (body.action === 'classify') {
    if (body.areaId === undefined) throw new ApiError(422, 'invalid_input', [{ path: 'areaId', message: errorMessages.area_not_found[c.get('lang')] }])
    if (body.areaId) await assertArea(db, t.campaignId, body.areaId)
    return { ids, action: { action: 'classify' as const, areaId: body.areaId } }
  }
  if (body.action === 'assign') {
    if (body.unitId === undefined) throw new ApiError(422, 'invalid_input', [{ path: 'unitId', message: errorMessages.unit_not_found[c.get('lang')] }])
    if (body.unitId) await assertCampaignUnit(db, t.campaignId, body.unitId, 'unitId')
    return { ids, action: { action: 'assign' as const, unitId: body.unitId } }
  }
  if (ids.length < 2) throw new ApiError(422, 'merge_needs_two', [{ path: 'ids' }])
  if (body.areaId) await assertArea(db, t.campaignId, body.areaId)
  return { ids, action: { action: 'merge' as const, body: body.body, areaId: body.areaId } }
}

/**
 * Opinions of a campaign (征求意见), under `/api/tracking/:campaign`: areas, the list with search
 * and filters, staff entry, edit (classify / assign too) and delete, reply, merge and un-merge,
 * bulk actions, the export of the list as CSV or XLSX (`/opinions/export`) and the import of a closed round's ballot opinions (with how many the k rule holds back). Organisers do everything; leaders read; liaisons
 * read and reply to the opinions their subtree answers for.
 */
export const opinionRoutes = new Hono<AppEnv>()
  .get('/:campaign/areas', async (c) => {
    const t = await trackingFromUrl(c)
    return c.json({ areas: (await listAreas(c.get('db'), t.campaignId)).map((a) => ({ id: a.id, name: a.name, opinions: Number(a.opinions) })), preset: AREA_PRESET })
  })
  .put('/:campaign/areas', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const body = await jsonBody(c, AreasBody)
    await c.get('db').transaction().execute(async (trx) => {
      await replaceAreas(trx, t.campaignId, body.areas)
      await auditTracking(c, trx, t, 'update', 'opinion_areas', t.campaignId, { areas: body.areas.map((a) => a.name) })
    })
    return c.json({ areas: await listAreas(c.get('db'), t.campaignId) })
  })
  .post('/:campaign/areas/preset', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    await c.get('db').transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('opinion_area').select('id').where('campaign_id', '=', t.campaignId).executeTakeFirst()
      if (existing) throw new ApiError(409, 'areas_exist')
      await replaceAreas(trx, t.campaignId, AREA_PRESET.map((name) => ({ name })))
      await auditTracking(c, trx, t, 'preset', 'opinion_areas', t.campaignId, { areas: AREA_PRESET })
    })
    return c.json({ areas: await listAreas(c.get('db'), t.campaignId) }, 201)
  })
  .get('/:campaign/opinions', async (c) => {
    const t = await trackingFromUrl(c)
    const query = parseOrThrow(ListQuery, c.req.query(), c.get('lang'))
    const { limit, offset, ...filter } = query
    return c.json(await listOpinions(c.get('db'), t.campaignId, filter, t.scope, { limit: Number(limit), offset: Number(offset) }))
  })
  .post('/:campaign/opinions', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const id = await createOpinion(c, t, await jsonBody(c, NewOpinionBody))
    return c.json(await getOpinion(c.get('db'), t.campaignId, id), 201)
  })
  .post('/:campaign/opinions/merge', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const body = await jsonBody(c, MergeBody)
    if (body.areaId) await assertArea(c.get('db'), t.campaignId, body.areaId)
    const merged = await c.get('db').transaction().execute(async (trx) => {
      const result = await mergeOpinions(trx, t.campaignId, body.ids, { body: body.body, areaId: body.areaId }, c.get('now')())
      await auditTracking(c, trx, t, 'merge', 'opinion', result.id, { from: body.ids.length, count: result.mergedCount })
      return result
    })
    return c.json(await getOpinion(c.get('db'), t.campaignId, merged.id), 201)
  })
  .post('/:campaign/opinions/bulk', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const plan = await planBulk(c, t, await jsonBody(c, BulkBody))
    const db = c.get('db')
    const now = c.get('now')()
    const apply = (progress?: (done: number, total: number) => Promise<void>) =>
      db.transaction().execute(async (trx) => {
        const result = await runBulk(trx, t.campaignId, plan.ids, plan.action, now, progress)
        await auditTracking(c, trx, t, `bulk_${plan.action.action}`, 'opinion', result.mergedId ?? null, { count: plan.ids.length, ...plan.action })
        return result
      })
    if (!(c.req.header('accept') ?? '').includes('application/x-ndjson')) return c.json(await apply())
    // Progress as NDJSON lines, then the result (or the error) as the last line. no-transform keeps
    // the Node host's compression from holding lines back.
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8')
    c.header('Cache-Control', 'no-store, no-transform')
    const lang = c.get('lang')
    return stream(c, async (out) => {
      await out.write(`${JSON.stringify({ done: 0, total: plan.ids.length })}\n`)
      try {
        const result: BulkResult = await apply((done, total) => out.write(`${JSON.stringify({ done, total })}\n`).then(() => undefined))
        await out.write(`${JSON.stringify({ done: plan.ids.length, total: plan.ids.length, result })}\n`)
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'internal'
        await out.write(`${JSON.stringify({ error: { code, message: errorMessages[code][lang] } })}\n`)
      }
    })
  })
  // the register as CSV or XLSX (export.ts); before /:opinion, which would take `export` for an id
  .get('/:campaign/opinions/export', opinionExport)
  .get('/:campaign/opinions/:opinion', async (c) => {
    const t = await trackingFromUrl(c)
    return c.json(await scopedOpinion(c, t))
  })
  .patch('/:campaign/opinions/:opinion', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const body = await jsonBody(c, OpinionPatchBody)
    const before = await getOpinion(c.get('db'), t.campaignId, opinionParam(c))
    await editOpinion(c, t, before, body)
    return c.json(await getOpinion(c.get('db'), t.campaignId, before.id))
  })
  .delete('/:campaign/opinions/:opinion', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const opinion = await getOpinion(c.get('db'), t.campaignId, opinionParam(c))
    await deleteOpinion(c, t, opinion.id)
    return c.json({ deleted: opinion.id })
  })
  .post('/:campaign/opinions/:opinion/reply', async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
    const opinion = await scopedOpinion(c, t)
    await replyOpinion(c, t, opinion, await jsonBody(c, ReplyBody))
    return c.json(await getOpinion(c.get('db'), t.campaignId, opinion.id))
  })
  .post('/:campaign/opinions/:opinion/unmerge', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const id = opinionParam(c)
    const originals = await c.get('db').transaction().execute(async (trx) => {
      const restored = await unmergeOpinion(trx, t.campaignId, id)
      await auditTracking(c, trx, t, 'unmerge', 'opinion', id, { restored: restored.length })
      return restored
    })
    return c.json({ restored: originals })
  })
  .post('/:campaign/opinion-imports', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const body = await jsonBody(c, ImportBody)
    const report = await importBallotOpinions(c.get('db'), c.get('keys'), t.campaignId, body.roundId, c.get('now')(), (trx, r) => auditTracking(c, trx, t, 'import', 'opinion', body.roundId, { imported: r.imported, heldBack: r.heldBack }))
    return c.json(report, 201)
  })
