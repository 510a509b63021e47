import { type Context, Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import { ConsoleLayout } from '../console/layout'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { listOpinions, loadTopLevel } from '../opinions/store'
import { isUuid } from '../request'
import { assertMayActOnUnit, auditTracking, type Tracking, trackingFromUrl } from '../tracking/access'
import { campaignHead, unitOptions } from '../tracking/console-data'
import { type FormState, formMessage, readForm, refusedHere, statusOf } from '../console/form-kit'
import { kt } from '../tracking/console-text'
import { subtreeQuery } from '../units/store'
import { filledQuery, parseOrThrow } from '../validate'
import { addProgress, createItem, patchItem } from './actions'
import { ItemFormPage, type ItemFormValues, ItemPage, ItemsPage } from './console-pages'
import { assertOpinionsInScope, changeLinks, opinionChoices } from './links'
import { clockOf, itemDetail, scopedItem } from './routes'
import { BoardBody, ItemPatchBody, ItemQuery, LinkChange, NewItemBody, ORGANISER_FIELDS, PickerQuery, UpdateBody } from './schemas'
import { countsByUnit, type ItemView, listItems } from './store'

const staff = requireConsoleUser('organiser', 'leader', 'liaison')

function itemBody(values: ItemFormValues) {
  return {
    unitId: values.unitId ?? '',
    title: values.title ?? '',
    target: values.target ?? '',
    deadline: values.deadline ?? '',
    measures: values.measures ?? '',
    owner: values.owner ?? '',
    commitment: values.commitment ?? '',
    class: values.class ?? '',
  }
}

async function mayAct(c: Context<AppEnv>, t: Tracking, unitId: string): Promise<boolean> {
  if (t.user.role === 'leader') return false
  return assertMayActOnUnit(c.get('db'), t, unitId).then(
    () => true,
    () => false,
  )
}

/** The answer to a refused post: 403 for an action outside the user's role or units, else the refusal's own status. */
const refusalStatus = (error: unknown) => (error instanceof ApiError && error.status === 403 ? 403 : statusOf(error))

const PICKER_LIMIT = 50

/** A page of the opinions the item's unit and its sub-units answer for, found by `?q=`. */
async function picker(c: Context<AppEnv>, t: Tracking, item: ItemView) {
  const db = c.get('db')
  const query = parseOrThrow(PickerQuery, filledQuery(c.req.query()), c.get('lang'))
  const units = (await subtreeQuery(db, item.unitId).execute()).map((row) => row.id)
  const offset = Number(query.offset)
  const page = await listOpinions(db, t.campaignId, { q: query.q }, units, { limit: PICKER_LIMIT, offset })
  return { q: query.q ?? '', offset, limit: PICKER_LIMIT, total: page.total, opinions: page.opinions }
}

async function itemPage(c: Context<AppEnv>, t: Tracking, item: ItemView, extra: { notice?: string; values?: Record<string, string>; state?: FormState; linkState?: FormState } = {}, status: 200 | ReturnType<typeof refusalStatus> = 200) {
  const may = await mayAct(c, t, item.unitId)
  const page = (
    <ItemPage
      req={consolePage(c)}
      campaign={await campaignHead(c.get('db'), t.campaignId)}
      item={await itemDetail(c, t, item.id)}
      mayAct={may}
      scope={t.scope}
      picker={may ? await picker(c, t, item) : undefined}
      today={clockOf(c).today}
      {...extra}
    />
  )
  return c.html(page, status)
}

/** The item's fields as the edit form shows them. */
function itemValues(item: ItemView): ItemFormValues {
  return { unitId: item.unitId, title: item.title, target: item.target, deadline: item.deadline, measures: item.measures, owner: item.owner, commitment: item.commitment, class: item.class, status: item.status, public: item.public ? 'on' : '' }
}

async function itemsPage(c: Context<AppEnv>, t: Tracking, extra: { state?: FormState; notice?: string } = {}, status: 200 | 422 | 409 = 200) {
  const query = parseOrThrow(ItemQuery, filledQuery(c.req.query()), c.get('lang'))
  const clock = clockOf(c, Number(query.stalledDays))
  const db = c.get('db')
  const all = await listItems(db, t.campaignId, t.scope, clock)
  let items = all
  if (query.unit) {
    // a unit and everything under it
    const under = new Set((await subtreeQuery(db, query.unit).execute()).map((r) => r.id))
    items = items.filter((i) => under.has(i.unitId))
  }
  if (query.status) items = items.filter((i) => i.status === query.status)
  if (query.overdue) items = items.filter((i) => i.overdue)
  if (query.stalled) items = items.filter((i) => i.stalled)
  const page = (
    <ItemsPage
      req={consolePage(c)}
      campaign={await campaignHead(db, t.campaignId)}
      items={items}
      units={await unitOptions(db, t)}
      perUnit={countsByUnit(all)}
      filter={{ ...query, stalledDays: Number(query.stalledDays) }}
      today={clock.today}
      {...extra}
    />
  )
  return c.html(page, status)
}

/**
 * Console pages of rectification items (organisers, leaders read-only, liaisons for their units:
 * progress, status, target and measures, and the opinions their subtree answers for); all work
 * without JavaScript.
 */
export const rectificationConsoleRoutes = new Hono<AppEnv>()
  .get('/console/tracking/:section', staff, async (c) => {
    const section = c.req.param('section')
    if (section !== 'items' && section !== 'opinions') throw new ApiError(404, 'not_found')
    const user = consolePage(c).user
    if (user.campaignId) return c.redirect(`/console/c/${user.campaignId}/${section}`, 303)
    const campaigns = await c.get('db').selectFrom('campaign').select(['id', 'name']).orderBy('created_at', 'desc').execute()
    const req = consolePage(c)
    return c.html(
      <ConsoleLayout req={req} title={kt(req.lang, 'chooseCampaign')} active={section === 'items' ? 'tracking' : 'opinions'}>
        <h1>{kt(req.lang, 'chooseCampaign')}</h1>
        <ul class="cards">
          {campaigns.map((k) => (
            <li>
              <a href={`/console/c/${k.id}/${section}`}>{k.name}</a>
            </li>
          ))}
        </ul>
      </ConsoleLayout>,
    )
  })
  .get('/console/c/:campaign/items', staff, async (c) => itemsPage(c, await trackingFromUrl(c)))
  .post('/console/c/:campaign/board', staff, async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role !== 'organiser') throw new ApiError(403, 'forbidden')
    const form = (await readForm(c)).values
    try {
      const body = parseOrThrow(BoardBody, { slug: form.slug?.trim() ? form.slug.trim() : null }, c.get('lang'))
      await c.get('db').transaction().execute(async (trx) => {
        if (body.slug) {
          const taken = await trx.selectFrom('campaign').select('id').where('slug', '=', body.slug).where('id', '<>', t.campaignId).executeTakeFirst()
          if (taken) throw new ApiError(409, 'slug_taken', [{ path: 'slug' }])
        }
        await trx.updateTable('campaign').set({ slug: body.slug }).where('id', '=', t.campaignId).execute()
        await auditTracking(c, trx, t, 'update', 'campaign_board', t.campaignId, body)
      })
    } catch (error) {
      return itemsPage(c, t, { state: refusedHere(error, c.get('lang')) }, 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/items`, 303)
  })
  .get('/console/c/:campaign/items/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
    const db = c.get('db')
    // `?opinion=` (转为整改事项 on an opinion's page): the opinion's unit preselected, the item made linked to it
    const from = c.req.query('opinion')
    let values: ItemFormValues = {}
    let opinions: { id: string; body: string }[] = []
    if (from !== undefined) {
      if (!isUuid(from)) throw new ApiError(404, 'opinion_not_found')
      const [row] = await loadTopLevel(db, t.campaignId, [from])
      assertOpinionsInScope(t, [row!])
      const unitId = row!.assigned_unit_id ?? row!.unit_id
      values = unitId ? { unitId } : {}
      opinions = [{ id: row!.id, body: row!.body }]
    }
    return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} opinions={opinions} />)
  })
  .post('/console/c/:campaign/items/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
    const form = await readForm(c)
    const values = form.values as ItemFormValues
    const opinionIds = form.all('opinionIds')
    const db = c.get('db')
    try {
      const body = parseOrThrow(NewItemBody, { ...itemBody(values), public: values.public === 'on', opinionIds }, c.get('lang'))
      const id = await createItem(c, t, body)
      return c.redirect(`/console/c/${t.campaignId}/items/${id}?saved=1`, 303)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      const page = <ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} opinions={await opinionChoices(db, t, opinionIds)} state={state} />
      return c.html(page, refusalStatus(error))
    }
  })
  .get('/console/c/:campaign/items/:item', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const lang = c.get('lang')
    const notice = c.req.query('saved') ? kt(lang, 'saved') : c.req.query('progress') ? kt(lang, 'progressSaved') : c.req.query('linked') ? kt(lang, 'linksSaved') : undefined
    return itemPage(c, t, item, { notice })
  })
  .post('/console/c/:campaign/items/:item/updates', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const values = (await readForm(c)).values
    try {
      const body = parseOrThrow(UpdateBody, { onDate: values.onDate ?? '', body: values.body ?? '', ...(values.status ? { status: values.status } : {}) }, c.get('lang'))
      await addProgress(c, t, item, body)
    } catch (error) {
      return itemPage(c, t, item, { values, state: refusedHere(error, c.get('lang')) }, error instanceof ApiError && error.status === 403 ? 403 : 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/items/${item.id}?progress=1`, 303)
  })
  .post('/console/c/:campaign/items/:item/opinions', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const form = await readForm(c)
    try {
      await changeLinks(c, t, item, parseOrThrow(LinkChange, { link: form.all('ids'), unlink: form.all('listed') }, c.get('lang')))
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return itemPage(c, t, item, { linkState: formMessage(state.error ?? Object.values(state.errors)[0]) }, refusalStatus(error))
    }
    // back to the picker's page, as it was searched
    const back = new URLSearchParams({ linked: '1', ...(form.text('q') ? { q: form.text('q') } : {}), ...(/^[1-9]\d*$/.test(form.text('offset')) ? { offset: form.text('offset') } : {}) })
    return c.redirect(`/console/c/${t.campaignId}/items/${item.id}?${back.toString()}#opinions`, 303)
  })
  .get('/console/c/:campaign/items/:item/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    if (!(await mayAct(c, t, item.unitId))) throw new ApiError(403, 'forbidden')
    const db = c.get('db')
    return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={itemValues(item)} itemId={item.id} />)
  })
  .post('/console/c/:campaign/items/:item/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    if (!(await mayAct(c, t, item.unitId))) throw new ApiError(403, 'forbidden')
    const posted = (await readForm(c)).values as ItemFormValues
    const organiser = t.user.role === 'organiser'
    const db = c.get('db')
    try {
      // A liaison's form does not post what the office sets (disabled fields); what it does post goes to patchItem, which refuses a change to those.
      const fields = organiser ? itemBody(posted) : Object.fromEntries(Object.entries(itemBody(posted)).filter(([key]) => key in posted))
      const patch = { ...fields, status: posted.status ?? item.status, ...(organiser ? { public: posted.public === 'on' } : {}) }
      await patchItem(c, t, item, parseOrThrow(ItemPatchBody, patch, c.get('lang')))
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      // a liaison's greyed fields show the item as it stands, whatever was posted for them
      const current = itemValues(item)
      const values = organiser ? posted : { ...current, ...posted, ...Object.fromEntries(ORGANISER_FIELDS.map((key) => [key, current[key]])) }
      return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} itemId={item.id} state={state} />, refusalStatus(error))
    }
    return c.redirect(`/console/c/${t.campaignId}/items/${item.id}?saved=1`, 303)
  })
