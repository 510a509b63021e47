import { type Context, Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import { ConsoleLayout } from '../console/layout'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { assertMayActOnUnit, auditTracking, type Tracking, trackingFromUrl } from '../tracking/access'
import { campaignHead, unitOptions } from '../tracking/console-data'
import { type FormState, formMessage, readForm, refusedHere } from '../console/form-kit'
import { kt } from '../tracking/console-text'
import { filledQuery, parseOrThrow } from '../validate'
import { addProgress, createItem, patchItem } from './actions'
import { ItemFormPage, type ItemFormValues, ItemPage, ItemsPage } from './console-pages'
import { clockOf, itemDetail, scopedItem } from './routes'
import { BoardBody, ItemPatchBody, ItemQuery, NewItemBody, UpdateBody } from './schemas'
import { countsByUnit, listItems } from './store'

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

async function itemsPage(c: Context<AppEnv>, t: Tracking, extra: { state?: FormState; notice?: string } = {}, status: 200 | 422 | 409 = 200) {
  const query = parseOrThrow(ItemQuery, filledQuery(c.req.query()), c.get('lang'))
  const clock = clockOf(c, Number(query.stalledDays))
  const db = c.get('db')
  const all = await listItems(db, t.campaignId, t.scope, clock)
  let items = all
  if (query.unit) items = items.filter((i) => i.unitId === query.unit)
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

/** Console pages of rectification items (organisers, leaders read-only, liaisons for their units); all work without JavaScript. */
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
    return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={{}} />)
  })
  .post('/console/c/:campaign/items/new', staff, async (c) => {
    const t = await trackingFromUrl(c)
    if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
    const values = (await readForm(c)).values as ItemFormValues
    const db = c.get('db')
    try {
      const body = parseOrThrow(NewItemBody, { ...itemBody(values), public: values.public === 'on' }, c.get('lang'))
      const id = await createItem(c, t, body)
      return c.redirect(`/console/c/${t.campaignId}/items/${id}?saved=1`, 303)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} state={state} />, 422)
    }
  })
  .get('/console/c/:campaign/items/:item', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const notice = c.req.query('saved') ? kt(c.get('lang'), 'saved') : c.req.query('progress') ? kt(c.get('lang'), 'progressSaved') : undefined
    return c.html(<ItemPage req={consolePage(c)} campaign={await campaignHead(c.get('db'), t.campaignId)} item={await itemDetail(c, t, item.id)} mayAct={await mayAct(c, t, item.unitId)} notice={notice} today={clockOf(c).today} />)
  })
  .post('/console/c/:campaign/items/:item/updates', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const values = (await readForm(c)).values
    try {
      const body = parseOrThrow(UpdateBody, { onDate: values.onDate ?? '', body: values.body ?? '', ...(values.status ? { status: values.status } : {}) }, c.get('lang'))
      await addProgress(c, t, item, body)
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      const page = <ItemPage req={consolePage(c)} campaign={await campaignHead(c.get('db'), t.campaignId)} item={await itemDetail(c, t, item.id)} mayAct={await mayAct(c, t, item.unitId)} values={values} state={state} today={clockOf(c).today} />
      return c.html(page, error instanceof ApiError && error.status === 403 ? 403 : 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/items/${item.id}?progress=1`, 303)
  })
  .get('/console/c/:campaign/items/:item/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    if (!(await mayAct(c, t, item.unitId))) throw new ApiError(403, 'forbidden')
    const db = c.get('db')
    const values: ItemFormValues = { ...item, public: item.public ? 'on' : '' }
    return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} itemId={item.id} />)
  })
  .post('/console/c/:campaign/items/:item/edit', staff, async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    if (!(await mayAct(c, t, item.unitId))) throw new ApiError(403, 'forbidden')
    const values = (await readForm(c)).values as ItemFormValues
    const db = c.get('db')
    try {
      const patch = { ...itemBody(values), status: values.status ?? item.status, ...(t.user.role === 'organiser' ? { public: values.public === 'on' } : {}) }
      await patchItem(c, t, item, parseOrThrow(ItemPatchBody, patch, c.get('lang')))
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return c.html(<ItemFormPage req={consolePage(c)} campaign={await campaignHead(db, t.campaignId)} units={await unitOptions(db, t)} values={values} itemId={item.id} state={state} />, 422)
    }
    return c.redirect(`/console/c/${t.campaignId}/items/${item.id}?saved=1`, 303)
  })
