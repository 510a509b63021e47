import { type Context, Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { assertOrganiser, auditTracking, inScope, type Tracking, trackingFromUrl } from '../tracking/access'
import { campaignHead, unitOptions } from '../tracking/console-data'
import { type FormState, formMessage, readForm, refusedHere } from '../console/form-kit'
import { kt } from '../tracking/console-text'
import { shanghaiDate } from '../tracking/dates'
import { filledQuery, parseOrThrow } from '../validate'
import { createOpinion, patchOpinion, replyOpinion } from './actions'
import { listAreas, replaceAreas } from './areas'
import { runBulk } from './bulk'
import { AREA_PRESET, STAFF_CHANNELS } from './channels'
import { AreasPage, OpinionFormPage, OpinionPage, OpinionsPage } from './console-pages'
import { importBallotOpinions } from './import'
import { unmergeOpinion } from './merge'
import { planBulk, scopedOpinion } from './routes'
import { BulkBody, ListQuery, NewOpinionBody, OpinionPatchBody, ReplyBody } from './schemas'
import { getOpinion, listOpinions } from './store'

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

async function listPage(c: Context<AppEnv>, t: Tracking, extra: { state?: FormState; notice?: string } = {}, status: 200 | 403 | 404 | 409 | 422 = 200) {
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
  .get('/console/c/:campaign/opinions', staff, async (c) => listPage(c, await trackingFromUrl(c)))
  .post('/console/c/:campaign/opinions/bulk', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const form = await c.req.parseBody({ all: true })
    const ids = ([] as unknown[]).concat(form.ids ?? []).filter((v): v is string => typeof v === 'string')
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
    const action = text('action')
    try {
      const allMatching = text('allMatching') === 'on'
      if (!allMatching && ids.length === 0) throw new ApiError(422, 'bulk_empty', [{ path: 'ids' }])
      const { limit: _l, offset: _o, ...filter } = parseOrThrow(ListQuery, filledQuery(c.req.query()), c.get('lang'))
      const raw = {
        action,
        ...(allMatching ? { filter } : { ids }),
        ...(action === 'classify' ? { areaId: text('areaId') || null } : {}),
        ...(action === 'assign' ? { unitId: text('unitId') || null } : {}),
        ...(action === 'merge' && text('body').trim() ? { body: text('body') } : {}),
      }
      const plan = await planBulk(c, t, parseOrThrow(BulkBody, raw, c.get('lang')))
      const result = await c.get('db').transaction().execute(async (trx) => {
        const done = await runBulk(trx, t.campaignId, plan.ids, plan.action, c.get('now')())
        await auditTracking(c, trx, t, `bulk_${plan.action.action}`, 'opinion', done.mergedId ?? null, { count: plan.ids.length, ...plan.action })
        return done
      })
      return listPage(c, t, { notice: kt(c.get('lang'), 'bulkDone', result.changed) })
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return listPage(c, t, { state: formMessage(state.error ?? Object.values(state.errors)[0]) }, 422)
    }
  })
  .get('/console/c/:campaign/opinions/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const db = c.get('db')
    // `?channel=` presets the channel (the paper pages link here with written_form); an unknown one is ignored.
    const channel = STAFF_CHANNELS.find((ch) => ch === c.req.query('channel'))
    const values: Record<string, string> = channel ? { channel } : {}
    return c.html(<OpinionFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} areas={await listAreas(db, t.campaignId)} units={await unitOptions(db, t)} values={values} today={shanghaiDate(c.get('now')())} />)
  })
  .post('/console/c/:campaign/opinions/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const values = (await readForm(c)).values
    const db = c.get('db')
    try {
      const body = parseOrThrow(NewOpinionBody, { body: values.body ?? '', channel: values.channel ?? '', unitId: values.unitId ?? '', receivedOn: values.receivedOn ?? '', areaId: values.areaId || null }, c.get('lang'))
      const id = await createOpinion(c, t, body)
      return c.redirect(`/console/c/${t.campaignId}/opinions/${id}?saved=1`, 303)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return c.html(<OpinionFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} areas={await listAreas(db, t.campaignId)} units={await unitOptions(db, t)} values={values} state={state} today={shanghaiDate(c.get('now')())} />, 422)
    }
  })
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
      await patchOpinion(c, t, opinion, parseOrThrow(OpinionPatchBody, { areaId: values.areaId || null, assignedUnitId: values.assignedUnitId || null }, c.get('lang')))
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
      const n = await importBallotOpinions(c.get('db'), t.campaignId, roundId, c.get('now')(), (trx, imported) => auditTracking(c, trx, t, 'import', 'opinion', roundId, { imported }))
      return listPage(c, t, { notice: kt(c.get('lang'), 'imported', n) })
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return listPage(c, t, { state: formMessage(state.error ?? Object.values(state.errors)[0]) }, 422)
    }
  })
  .get('/console/c/:campaign/areas', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    return areasPage(c, t)
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
    return areasPage(c, t, { notice: kt(c.get('lang'), 'saved') })
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
    return areasPage(c, t, { notice: kt(c.get('lang'), 'saved') })
  })
