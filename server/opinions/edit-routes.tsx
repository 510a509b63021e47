import { type Context, Hono } from 'hono'
import { type FormState, readForm, refusedHere, statusOf } from '../console/form-kit'
import { consolePage, requireConsoleUser } from '../console/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { type ErrorCode, errorMessages } from '../i18n'
import { assertOrganiser, type Tracking, trackingFromUrl } from '../tracking/access'
import { campaignHead, unitOptions } from '../tracking/console-data'
import { shanghaiDate } from '../tracking/dates'
import { parseOrThrow } from '../validate'
import { createOpinion, deleteOpinion, editOpinion, whyNotDelete } from './actions'
import { listAreas } from './areas'
import { channelNames, STAFF_CHANNELS } from './channels'
import { DeleteOpinionPage, OpinionFormPage } from './edit-pages'
import { scopedOpinion } from './routes'
import { NewOpinionBody, OpinionPatchBody } from './schemas'

const staff = requireConsoleUser('organiser', 'leader', 'liaison')

/** The entry form, new or editing, with what was typed and its errors. */
async function formPage(c: Context<AppEnv>, t: Tracking, values: Record<string, string>, editing?: { id: string; source: 'ballot' | 'staff' | 'merged' }, state?: FormState, status: 200 | 404 | 409 | 422 = 200) {
  const db = c.get('db')
  return c.html(
    <OpinionFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} areas={await listAreas(db, t.campaignId)} units={await unitOptions(db, t)} values={values} state={state} today={shanghaiDate(c.get('now')())} editing={editing} />,
    status,
  )
}

/** An opinion the organiser may edit: a top-level one not from a ballot (409 otherwise, as the API). */
async function editable(c: Context<AppEnv>, t: Tracking) {
  assertOrganiser(t)
  const opinion = await scopedOpinion(c, t)
  if (opinion.mergedInto) throw new ApiError(409, 'opinion_is_merged')
  if (opinion.source === 'ballot') throw new ApiError(409, 'opinion_from_ballot')
  return opinion
}

/** The confirmation page, or why this opinion cannot be deleted (409): `refusal` is what a post was refused for. */
async function deletePage(c: Context<AppEnv>, t: Tracking, refusal?: ErrorCode) {
  const opinion = await scopedOpinion(c, t)
  const lang = c.get('lang')
  const why = refusal ?? whyNotDelete({ source: opinion.source, mergedInto: opinion.mergedInto, links: opinion.items.length })
  const view = { id: opinion.id, body: opinion.body, channels: opinion.channels.map((ch) => channelNames[ch][lang]), unitName: opinion.unitName, receivedOn: opinion.receivedOn, mergedCount: opinion.mergedCount }
  return c.html(<DeleteOpinionPage req={consolePage(c)} campaign={await campaignHead(c.get('db'), t.campaignId)} opinion={view} refusal={why ? errorMessages[why][lang] : undefined} />, why ? 409 : 200)
}

/**
 * Entering, editing and deleting opinions in the console (organisers, as in the API). Every post
 * answers with a redirect when it worked, or the form again with what was typed and why not.
 */
export const opinionEditRoutes = new Hono<AppEnv>()
  .get('/console/c/:campaign/opinions/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    // `?channel=` presets the channel (the paper pages link here with written_form); an unknown one is ignored.
    const channel = STAFF_CHANNELS.find((ch) => ch === c.req.query('channel'))
    return formPage(c, t, channel ? { channel } : {})
  })
  .post('/console/c/:campaign/opinions/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const values = (await readForm(c)).values
    try {
      const body = parseOrThrow(NewOpinionBody, { body: values.body ?? '', channel: values.channel ?? '', unitId: values.unitId ?? '', receivedOn: values.receivedOn ?? '', areaId: values.areaId || null }, c.get('lang'))
      const id = await createOpinion(c, t, body)
      return c.redirect(`/console/c/${t.campaignId}/opinions/${id}?saved=1`, 303)
    } catch (error) {
      return formPage(c, t, values, undefined, refusedHere(error, c.get('lang'), values), 422)
    }
  })
  .get('/console/c/:campaign/opinions/:opinion/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const o = await editable(c, t)
    const values: Record<string, string> = { body: o.body, channel: o.channel ?? '', receivedOn: o.receivedOn ?? '', unitId: o.unitId ?? '', areaId: o.areaId ?? '' }
    return formPage(c, t, values, { id: o.id, source: o.source })
  })
  .post('/console/c/:campaign/opinions/:opinion/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const o = await editable(c, t)
    const values = (await readForm(c)).values
    try {
      // a merged opinion's form has its wording and area only
      const fields = o.source === 'merged' ? {} : { channel: values.channel ?? '', unitId: values.unitId ?? '', receivedOn: values.receivedOn ?? '' }
      await editOpinion(c, t, o, parseOrThrow(OpinionPatchBody, { body: values.body ?? '', ...fields, areaId: values.areaId || null }, c.get('lang')))
    } catch (error) {
      return formPage(c, t, values, { id: o.id, source: o.source }, refusedHere(error, c.get('lang'), values), statusOf(error) === 409 ? 409 : 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/opinions/${o.id}?saved=1`, 303)
  })
  .get('/console/c/:campaign/opinions/:opinion/delete', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    return deletePage(c, t)
  })
  .post('/console/c/:campaign/opinions/:opinion/delete', staff, async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const opinion = await scopedOpinion(c, t)
    try {
      await deleteOpinion(c, t, opinion.id)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error
      return deletePage(c, t, error.code)
    }
    return c.redirect(`/console/c/${t.campaignId}/opinions?done=deleted`, 303)
  })
