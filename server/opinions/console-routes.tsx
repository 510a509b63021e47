import { type Context, Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages, type Lang } from '../i18n'
import { assertOrganiser, auditTracking, inScope, type Tracking, trackingFromUrl } from '../tracking/access'
import { campaignHead, unitOptions } from '../tracking/console-data'
import { type FormState, formMessage, readForm, refusedHere } from '../console/form-kit'
import { kt } from '../tracking/console-text'
import { isUuid } from '../request'
import { filledQuery, parseOrThrow } from '../validate'
import { editOpinion, replyOpinion } from './actions'
import { listAreas, replaceAreas } from './areas'
import { runBulk } from './bulk'
import { AREA_PRESET } from './channels'
import { AreasPage, type BulkPosted, OpinionPage, OpinionsPage } from './console-pages'
import { opinionEditRoutes } from './edit-routes'
import { opinionExport } from './export'
import { type ImportReport, importBallotOpinions, importReport } from './import'
import { unmergeOpinion } from './merge'
import { planBulk, scopedOpinion } from './routes'
import { BulkBody, ListQuery, OpinionPatchBody, ReplyBody } from './schemas'
import { getOpinion, listOpinions } from './store'
import { ot } from './text'

const staff = requireConsoleUser('organiser', 'leader', 'liaison')
const LIMIT = 50

/** Closed rounds of the campaign whose ballot opinions were not imported yet. */
function importableRounds(c: Context<AppEnv>, campaignId: string) {
  return c
    .get('db')
    .selectFrom('round')
    .select(['id', 'name'])
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', ['closed', 'published'])
    .where('id', 'not in', (eb) => eb.selectFrom('opinion_import').select('round_id'))
    .orderBy('created_at')
    .execute()
}

/** The list's address with the filter a form carried (its own address's query), plus `extra`. */
function listAddress(c: Context<AppEnv>, t: Tracking, extra: Record<string, string>): string {
  const { limit: _l, offset: _o, ...filter } = parseOrThrow(ListQuery, filledQuery(c.req.query()), c.get('lang'))
  const query = new URLSearchParams([...Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'), ...Object.entries(extra)])
  return `/console/c/${t.campaignId}/opinions?${query.toString()}`
}

/**
 * The notice an action's redirect asks for (Post/Redirect/Get): `?done=classify|assign|merge&n=`
 * (with `merged=` the new opinion), `?done=deleted`, `?imported=<round>` (the figures are read
 * again, never taken from the address).
 */
async function noticeOf(c: Context<AppEnv>, t: Tracking): Promise<{ notice?: string; noticeLink?: { href: string; label: string } }> {
  const lang = c.get('lang')
  const done = c.req.query('done')
  const n = c.req.query('n') ?? ''
  if ((done === 'classify' || done === 'assign' || done === 'merge') && /^\d{1,6}$/.test(n)) {
    const key = done === 'classify' ? 'doneClassify' : done === 'assign' ? 'doneAssign' : 'doneMerge'
    const merged = c.req.query('merged')
    return { notice: ot(lang, key, { n: Number(n) }), ...(done === 'merge' && isUuid(merged) ? { noticeLink: { href: `/console/c/${t.campaignId}/opinions/${merged}`, label: ot(lang, 'openMerged') } } : {}) }
  }
  if (done === 'deleted') return { notice: ot(lang, 'deleted') }
  const round = c.req.query('imported')
  if (isUuid(round)) {
    const db = c.get('db')
    const ours = await db.selectFrom('opinion_import').innerJoin('round', 'round.id', 'opinion_import.round_id').select('round.id').where('round.id', '=', round).where('round.campaign_id', '=', t.campaignId).executeTakeFirst()
    if (ours) return { notice: importNotice(lang, await importReport(db, round)) }
  }
  return {}
}

/** How many ballot opinions were imported and how many the k rule holds back, and why. */
function importNotice(lang: Lang, r: ImportReport): string {
  return r.heldBack === 0 ? ot(lang, 'importedAll', { imported: r.imported }) : ot(lang, 'importedSome', { imported: r.imported, heldBack: r.heldBack, total: r.total, units: r.heldBackUnits, k: r.minGroupSize })
}

async function listPage(c: Context<AppEnv>, t: Tracking, extra: { state?: FormState; notice?: string; noticeLink?: { href: string; label: string }; posted?: BulkPosted } = {}, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const db = c.get('db')
  const query = parseOrThrow(ListQuery, filledQuery(c.req.query()), c.get('lang'))
  const { limit: _l, offset, ...filter } = query
  const page = await listOpinions(db, t.campaignId, filter, t.scope, { limit: LIMIT, offset: Number(offset) })
  const areas = (await listAreas(db, t.campaignId)).map((a) => ({ id: a.id, name: a.name }))
  const body = (
    <OpinionsPage
      req={consolePage(c)}
      campaign={await campaignHead(db, t.campaignId)}
      filter={filter}
      page={page}
      offset={Number(offset)}
      limit={LIMIT}
      areas={areas}
      units={await unitOptions(db, t)}
      rounds={t.user.role === 'organiser' ? await importableRounds(c, t.campaignId) : []}
      {...extra}
    />
  )
  return c.html(body, status)
}

async function detailPage(c: Context<AppEnv>, t: Tracking, id: string, extra: { state?: FormState; notice?: string; values?: Record<string, string> } = {}, status: 200 | 403 | 409 | 422 = 200) {
  const db = c.get('db')
  const opinion = await getOpinion(db, t.campaignId, id)
  const areas = (await listAreas(db, t.campaignId)).map((a) => ({ id: a.id, name: a.name }))
  // replying and 转为整改事项 are for organisers and the liaisons whose subtree answers for the opinion
  const mayAct = t.user.role !== 'leader' && inScope(t, opinion.assignedUnitId ?? opinion.unitId)
  return c.html(<OpinionPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} opinion={opinion} areas={areas} units={await unitOptions(db, t)} mayReply={mayAct} mayConvert={mayAct} {...extra} />, status)
}

async function areasPage(c: Context<AppEnv>, t: Tracking, extra: { state?: FormState; notice?: string } = {}, status: 200 | 409 | 422 = 200) {
  const db = c.get('db')
  return c.html(<AreasPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} areas={await listAreas(db, t.campaignId)} {...extra} />, status)
}

/** Console pages of opinions: organisers do everything, leaders read, liaisons read and reply for their units. No JavaScript needed; with it, bulk actions show progress. */
export const opinionConsoleRoutes = new Hono<AppEnv>()
  .get('/console/c/:campaign/opinions', staff, async (c) => {
    const t = await trackingFromUrl(c)
    return listPage(c, t, await noticeOf(c, t))
  })
  .post('/console/c/:campaign/opinions/bulk', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const form = await readForm(c)
    const posted: BulkPosted = { action: form.text('action'), ids: form.all('ids'), areaId: form.text('areaId'), unitId: form.text('unitId'), body: form.text('body'), allMatching: form.text('allMatching') === 'on' }
    try {
      if (!posted.allMatching && posted.ids.length === 0) throw new ApiError(422, 'bulk_empty', [{ path: 'ids' }])
      const { limit: _l, offset: _o, ...filter } = parseOrThrow(ListQuery, filledQuery(c.req.query()), c.get('lang'))
      const action = posted.action
      const raw = {
        action,
        ...(posted.allMatching ? { filter } : { ids: posted.ids }),
        ...(action === 'classify' ? { areaId: posted.areaId || null } : {}),
        ...(action === 'assign' ? { unitId: posted.unitId || null } : {}),
        ...(action === 'merge' && posted.body.trim() ? { body: posted.body } : {}),
      }
      const plan = await planBulk(c, t, parseOrThrow(BulkBody, raw, c.get('lang')))
      const result = await c.get('db').transaction().execute(async (trx) => {
        const done = await runBulk(trx, t.campaignId, plan.ids, plan.action, c.get('now')())
        await auditTracking(c, trx, t, `bulk_${plan.action.action}`, 'opinion', done.mergedId ?? null, { count: plan.ids.length, ...plan.action })
        return done
      })
      // Post/Redirect/Get: a reload shows the list again (with a notice), never posts twice
      return c.redirect(listAddress(c, t, { done: result.action, n: String(result.changed), ...(result.mergedId ? { merged: result.mergedId } : {}) }), 303)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return listPage(c, t, { state: formMessage(state.error ?? Object.values(state.errors)[0]), posted }, 422)
    }
  })
  // the list's download (the same handler as the API's): a browser gets the console's guard and error pages
  .get('/console/c/:campaign/opinions/export', staff, opinionExport)
  .route('/', opinionEditRoutes)
  .get('/console/c/:campaign/opinions/:opinion', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const opinion = await scopedOpinion(c, t)
    return detailPage(c, t, opinion.id, { notice: c.req.query('saved') ? kt(c.get('lang'), 'saved') : undefined })
  })
  .post('/console/c/:campaign/opinions/:opinion/reply', staff, async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
    const opinion = await scopedOpinion(c, t)
    const values = (await readForm(c)).values
    try {
      await replyOpinion(c, t, opinion, parseOrThrow(ReplyBody, { reply: values.reply ?? '' }, c.get('lang')))
    } catch (error) {
      return detailPage(c, t, opinion.id, { state: refusedHere(error, c.get('lang')), values }, 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/opinions/${opinion.id}?saved=1`, 303)
  })
  .post('/console/c/:campaign/opinions/:opinion/classify', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const opinion = await scopedOpinion(c, t)
    const values = (await readForm(c)).values
    try {
      await editOpinion(c, t, opinion, parseOrThrow(OpinionPatchBody, { areaId: values.areaId || null, assignedUnitId: values.assignedUnitId || null }, c.get('lang')))
    } catch (error) {
      return detailPage(c, t, opinion.id, { state: refusedHere(error, c.get('lang')) }, 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/opinions/${opinion.id}?saved=1`, 303)
  })
  .post('/console/c/:campaign/opinions/:opinion/unmerge', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const opinion = await scopedOpinion(c, t)
    const restored = await c.get('db').transaction().execute(async (trx) => {
      const ids = await unmergeOpinion(trx, t.campaignId, opinion.id)
      await auditTracking(c, trx, t, 'unmerge', 'opinion', opinion.id, { restored: ids.length })
      return ids
    })
    return c.redirect(`/console/c/${t.campaignId}/opinions/${restored[0] ?? ''}`, 303)
  })
  .post('/console/c/:campaign/opinion-imports', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const values = (await readForm(c)).values
    try {
      const roundId = values.roundId ?? ''
      if (!/^[0-9a-f-]{36}$/i.test(roundId)) throw new ApiError(422, 'round_not_found', [{ path: 'roundId' }])
      await importBallotOpinions(c.get('db'), c.get('keys'), t.campaignId, roundId, c.get('now')(), (trx, r) => auditTracking(c, trx, t, 'import', 'opinion', roundId, { imported: r.imported, heldBack: r.heldBack }))
      return c.redirect(`/console/c/${t.campaignId}/opinions?imported=${roundId}`, 303)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return listPage(c, t, { state: formMessage(state.error ?? Object.values(state.errors)[0]) }, 422)
    }
  })
  .get('/console/c/:campaign/areas', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const done = c.req.query('done')
    return areasPage(c, t, { notice: done === 'preset' ? ot(c.get('lang'), 'presetDone') : done === 'saved' ? kt(c.get('lang'), 'saved') : undefined })
  })
  .post('/console/c/:campaign/areas', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const form = (await readForm(c)).values
    const kept = Object.entries(form)
      .filter(([key, value]) => key.startsWith('area:') && value.trim())
      .map(([key, value]) => ({ id: key.slice(5), name: value.trim() }))
    const added = (form.new ?? '').split('\n').map((line) => line.trim()).filter(Boolean).map((name) => ({ name }))
    const areas = [...kept, ...added]
    try {
      if (areas.some((a) => a.name.length > 50)) throw new ApiError(422, 'invalid_input')
      await c.get('db').transaction().execute(async (trx) => {
        await replaceAreas(trx, t.campaignId, areas)
        await auditTracking(c, trx, t, 'update', 'opinion_areas', t.campaignId, { areas: areas.map((a) => a.name) })
      })
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      const code = error instanceof ApiError ? error.code : 'internal'
      return areasPage(c, t, { state: formMessage(state.error ?? errorMessages[code][c.get('lang')]) }, 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/areas?done=saved`, 303)
  })
  .post('/console/c/:campaign/areas/preset', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    try {
      await c.get('db').transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('opinion_area').select('id').where('campaign_id', '=', t.campaignId).executeTakeFirst()
        if (existing) throw new ApiError(409, 'areas_exist')
        await replaceAreas(trx, t.campaignId, AREA_PRESET.map((name) => ({ name })))
        await auditTracking(c, trx, t, 'preset', 'opinion_areas', t.campaignId, { areas: AREA_PRESET })
      })
    } catch (error) {
      return areasPage(c, t, { state: refusedHere(error, c.get('lang')) }, 409)
    }
    return c.redirect(`/console/c/${t.campaignId}/areas?done=preset`, 303)
  })
