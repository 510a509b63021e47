import { type Context, Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { CampaignView, Db } from '../campaigns/store'
import { listCategories } from '../categories/store'
import { createBatch, listBatches, reissueBatch, voidBatch } from '../codes/batches'
import { audit as batchAudit, codesResponse } from '../codes/routes'
import { NewBatchBody, ReissueBody } from '../codes/schemas'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { listForms } from '../forms/store'
import { pendingBatches } from '../paper/store'
import { publishRound, revokeAsOrganiser } from '../publications/publish'
import { PublishBody } from '../publications/schemas'
import { listPublications, metaOf } from '../publications/store'
import { findRound } from '../results/load'
import { isUuid, linkOrigin } from '../request'
import { finishClose, resumeClose } from '../rounds/closing'
import { HandedOutBody, type RoundAction, roundActions, RoundBody, RoundPatch, RoundUnitsBody } from '../rounds/schemas'
import { createRound, getRound, listCampaignRounds, resultsRead, setHandedOut, setRoundUnits, transitionRound, updateRound } from '../rounds/setup-store'
import { listUnitRows } from '../units/store'
import { parseOrThrow } from '../validate'
import { type FormState, numberOrText, type Posted, readForm, refused, statusOf } from './form-kit'
import { consolePage } from './guard'
import { PosterPage } from './public-link-section'
import { type RoundFormKey, RoundPage, type RoundPageData, RoundsPage } from './round-pages'
import { fromShanghaiLocal } from './times'

/** The round named in the URL, in the campaign named in the URL (another campaign's round: 404, as in the API). */
async function roundFromUrl(c: Context<AppEnv>, campaign: CampaignView) {
  return getRound(c.get('db'), campaign.id, c.req.param('round'))
}

async function pageData(c: Context<AppEnv>, campaign: CampaignView, roundId: string): Promise<RoundPageData> {
  const db = c.get('db')
  const [round, rows, forms, categories, batches, publications, pendingPaper, resultsWereRead] = await Promise.all([
    getRound(db, campaign.id, roundId),
    listUnitRows(db, campaign.id),
    listForms(db, campaign.id),
    listCategories(db, campaign.id),
    listBatches(db, roundId),
    listPublications(db, roundId),
    pendingBatches(db, roundId),
    resultsRead(db, roundId),
  ])
  return { round, rows, forms, categories, batches, publications: publications.map(metaOf), origin: linkOrigin(c), pendingPaper, resultsRead: resultsWereRead }
}

/** What the rounds page lists and offers besides the campaign: its rounds, forms and categories. */
async function roundsPageData(db: Db, campaignId: string) {
  const [rounds, forms, categories] = await Promise.all([listCampaignRounds(db, campaignId), listForms(db, campaignId), listCategories(db, campaignId)])
  return { rounds, forms, categories }
}

/** A round settings form's fields as the API's body; `draft` false sends only what an opened round may change. */
function roundInput(form: Posted, draft: boolean) {
  const closesAt = fromShanghaiLocal(form.text('closesAt')) ?? null
  if (!draft) return { name: form.text('name'), closesAt }
  const remedial = numberOrText(form.text('formula.remedialThreshold'))
  const minGroupSize = numberOrText(form.text('formula.minGroupSize'))
  return {
    name: form.text('name'),
    stage: form.text('stage'),
    formId: form.text('formId') || null,
    channels: form.all('channels'),
    publicCategoryId: form.text('publicCategoryId') || null,
    opensAt: fromShanghaiLocal(form.text('opensAt')) ?? null,
    closesAt,
    formula: { rankingMeasure: form.text('formula.rankingMeasure'), ...(minGroupSize === undefined ? {} : { minGroupSize }), remedialThreshold: remedial ?? null },
  }
}

/** A refused settings form: a form of another campaign is named at the form field. */
function settingsRefused(error: unknown, values: Record<string, string>, lang: 'zh-CN' | 'en'): FormState {
  const state = refused(error, values, lang)
  if (error instanceof ApiError && error.code === 'form_not_found') {
    state.errors.formId = state.error ?? ''
    delete state.error
  }
  return state
}

/** Re-renders the round page with a refused post shown at the form it came from. */
async function refusedPage(c: Context<AppEnv>, campaign: CampaignView, roundId: string, failed: RoundFormKey, error: unknown, form: Posted | null) {
  const req = consolePage(c)
  const state: FormState = refused(error, form?.values ?? {}, req.lang)
  return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, roundId)} state={state} failed={failed} />, statusOf(error))
}

const notices: Record<string, Record<'zh-CN' | 'en', string>> = {
  units: { 'zh-CN': '被评议单位已保存。', en: 'The units were saved.' },
  handedOut: { 'zh-CN': '发放票数已保存。', en: 'Ballots handed out were saved.' },
  settings: { 'zh-CN': '评议设置已保存。', en: 'The settings were saved.' },
  published: { 'zh-CN': '结果已公布：快照已保存，见下方“公布结果”。', en: 'Published: the snapshot is listed under “Publish results”.' },
  revoked: { 'zh-CN': '该次公布已撤销。', en: 'The publication was revoked.' },
  open: { 'zh-CN': '评议已开始。', en: 'The round is open.' },
  close: { 'zh-CN': '评议已结束。', en: 'The round is closed.' },
  reopen: { 'zh-CN': '评议已重新开始。', en: 'The round is open again.' },
  publish: { 'zh-CN': '评议已标记为已公布。', en: 'The round is marked as published.' },
  void: { 'zh-CN': '该批评议码已作废。', en: 'The batch was voided.' },
}

/** Console pages for a campaign's rounds: list and create, one round's units, lifecycle and code batches. */
export const roundPageRoutes = new Hono<AppEnv>()
  .get('/console/campaigns/:campaign/rounds', async (c) => {
    const campaign = await campaignFromUrl(c)
    const db = c.get('db')
    return c.html(<RoundsPage req={consolePage(c)} campaign={campaign} {...await roundsPageData(db, campaign.id)} />)
  })
  .post('/console/campaigns/:campaign/rounds', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    const values = { ...form.values, channels: form.all('channels').join(',') }
    const input = roundInput(form, true)
    let id: string
    try {
      const body = parseOrThrow(RoundBody, input, req.lang)
      id = await c.get('db').transaction().execute(async (trx) => {
        const created = await createRound(trx, campaign.id, body)
        await audit(c, trx, campaign.id, { action: 'create', entity: 'round', entityId: created.id, after: created })
        return created.id
      })
    } catch (error) {
      const state = settingsRefused(error, values, req.lang)
      return c.html(<RoundsPage req={req} campaign={campaign} {...await roundsPageData(c.get('db'), campaign.id)} state={state} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${id}`, 303)
  })
  .get('/console/campaigns/:campaign/rounds/:round', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const done = c.req.query('done') ?? ''
    return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, round.id)} notice={notices[done]?.[req.lang]} />)
  })
  .get('/console/campaigns/:campaign/rounds/:round/poster', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    if (round.publicCategoryId === null) throw new ApiError(404, 'not_found')
    return c.html(<PosterPage lang={req.lang} origin={linkOrigin(c)} round={round} campaignName={campaign.name} />)
  })
  .post('/console/campaigns/:campaign/rounds/:round/settings', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    const values = { ...form.values, channels: form.all('channels').join(',') }
    try {
      const body = parseOrThrow(RoundPatch, roundInput(form, round.status === 'draft'), req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        const change = await updateRound(trx, campaign.id, round.id, body)
        await audit(c, trx, campaign.id, { action: 'update', entity: 'round', entityId: round.id, ...change })
      })
    } catch (error) {
      const state = settingsRefused(error, values, req.lang)
      return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, round.id)} state={state} failed="settings" />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=settings`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/units', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    const subtree = new Set(form.all('subtree'))
    const picks = form.all('pick')
    const units = picks.map((unitId) => {
      const handedOut = numberOrText(form.text(`handedOut.${unitId}`))
      return { unitId, subtree: subtree.has(unitId), ...(handedOut === undefined ? {} : { handedOut }) }
    })
    const values = { ...form.values, pick: picks.join(','), subtree: [...subtree].join(',') }
    try {
      const body = parseOrThrow(RoundUnitsBody, { units }, req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        const change = await setRoundUnits(trx, campaign.id, round.id, body)
        await audit(c, trx, campaign.id, { action: 'set_units', entity: 'round', entityId: round.id, ...change })
      })
    } catch (error) {
      // `units.3.handedOut` names the fourth pick: shown beside that unit's count.
      const state = refused(error, values, req.lang, (path) => {
        const match = /^units\.(\d+)\.handedOut$/.exec(path)
        return match ? `handedOut.${picks[Number(match[1])]}` : path
      })
      return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, round.id)} state={state} failed="units" />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=units`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/handed-out', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    const handedOut: Record<string, number | string | undefined> = {}
    for (const [key, value] of Object.entries(form.values)) if (key.startsWith('handedOut.')) handedOut[key.slice('handedOut.'.length)] = numberOrText(value) ?? 0
    try {
      const body = parseOrThrow(HandedOutBody, { handedOut }, req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        const change = await setHandedOut(trx, campaign.id, round.id, body)
        await audit(c, trx, campaign.id, { action: 'set_handed_out', entity: 'round', entityId: round.id, ...change })
      })
    } catch (error) {
      const state = refused(error, form.values, req.lang)
      return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, round.id)} state={state} failed="handedOut" />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=handedOut`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/code-batches', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    const units = form.all('units')
    const input = {
      categoryId: form.text('categoryId'),
      units: units.length === 0 || units.includes('all') ? 'all' : units,
      count: numberOrText(form.text('count')),
      label: form.text('label'),
      format: form.text('format') || 'slips',
    }
    try {
      const body = parseOrThrow(NewBatchBody, input, req.lang)
      const category = (await listCategories(c.get('db'), campaign.id)).find((k) => k.id === body.categoryId)
      if (!category) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
      const after = { categoryId: body.categoryId, units: body.units, count: body.count, label: body.label }
      const batch = await createBatch(c.get('db'), c.get('keys'), { roundId: round.id, ...body }, batchAudit(c, campaign.id, 'create', after))
      return codesResponse(c, body.format, batch, round.name, category.name, round.id, `/console/campaigns/${campaign.id}/rounds/${round.id}`)
    } catch (error) {
      return refusedPage(c, campaign, round.id, 'codes', error, form)
    }
  })
  .post('/console/campaigns/:campaign/rounds/:round/code-batches/:batch/void', async (c) => {
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const batchId = c.req.param('batch')
    if (!isUuid(batchId)) throw new ApiError(404, 'batch_not_found')
    await voidBatch(c.get('db'), round.id, batchId, c.get('now')(), batchAudit(c, campaign.id, 'void', { voided: true }))
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=void`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/code-batches/:batch/reissue', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const batchId = c.req.param('batch')
    if (!isUuid(batchId)) throw new ApiError(404, 'batch_not_found')
    const form = await readForm(c)
    try {
      const { format } = parseOrThrow(ReissueBody, { format: form.text('format') || 'slips' }, req.lang)
      const batch = await reissueBatch(c.get('db'), c.get('keys'), round.id, batchId, c.get('now')(), batchAudit(c, campaign.id, 'reissue', { reissueOf: batchId }))
      const made = (await listBatches(c.get('db'), round.id)).find((b) => b.id === batch.id)
      const categoryName = (await listCategories(c.get('db'), campaign.id)).find((k) => k.id === made?.categoryId)?.name ?? ''
      return codesResponse(c, format, batch, round.name, categoryName, round.id, `/console/campaigns/${campaign.id}/rounds/${round.id}`)
    } catch (error) {
      return refusedPage(c, campaign, round.id, 'codes', error, null)
    }
  })
  .post('/console/campaigns/:campaign/rounds/:round/publications', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    const units = form.all('units')
    const values = { ...form.values, units: units.join(',') }
    try {
      const window = { start: fromShanghaiLocal(form.text('window.start')) ?? null, end: fromShanghaiLocal(form.text('window.end')) ?? null }
      const body = parseOrThrow(PublishBody, { audience: { leaders: form.text('leaders') === '1', public: form.text('public') === '1', units }, window }, req.lang)
      await publishRound(c, await findRound(c.get('db'), round.id), body)
    } catch (error) {
      const state = refused(error, values, req.lang, (path) => (path.startsWith('audience.units') ? 'units' : path))
      return c.html(<RoundPage req={req} campaign={campaign} data={await pageData(c, campaign, round.id)} state={state} failed="publish" />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=published#publications`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/publications/:publication/revoke', async (c) => {
    const campaign = await campaignFromUrl(c)
    const round = await roundFromUrl(c, campaign)
    await revokeAsOrganiser(c, c.req.param('publication'), round.id)
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=revoked#publications`, 303)
  })
  .post('/console/campaigns/:campaign/rounds/:round/:action', async (c) => {
    const campaign = await campaignFromUrl(c)
    const action = c.req.param('action') as RoundAction
    if (!roundActions.includes(action)) throw new ApiError(404, 'not_found')
    const round = await roundFromUrl(c, campaign)
    const form = await readForm(c)
    // As the API does: closing again a round whose closing work was cut short finishes it.
    if (action === 'close' && round.status === 'closed' && (await resumeClose(c.get('db'), c.get('keys'), round.id))) return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=close`, 303)
    try {
      await c.get('db').transaction().execute(async (trx) => {
        const change = await transitionRound(trx, campaign.id, round.id, action, c.get('now')(), { leavePaper: form.text('leavePaper') === '1' })
        await audit(c, trx, campaign.id, { action, entity: 'round', entityId: round.id, ...change })
      })
    } catch (error) {
      return refusedPage(c, campaign, round.id, 'lifecycle', error, null)
    }
    // As the API does: closing mixes the ballots still in staging into the round.
    if (action === 'close') await finishClose(c.get('db'), c.get('keys'), round.id)
    return c.redirect(`/console/campaigns/${campaign.id}/rounds/${round.id}?done=${action}`, 303)
  })
