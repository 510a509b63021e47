import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid, jsonBody } from '../request'
import { recheckResults } from '../recheck/store'
import { assertMayActOnUnit, assertOrganiser, auditTracking, inScope, type Tracking, trackingFromUrl } from '../tracking/access'
import { shanghaiDate } from '../tracking/dates'
import { addProgress, createItem, patchItem } from './actions'
import { changeLinks } from './links'
import { parseOrThrow } from '../validate'
import { BoardBody, ItemPatchBody, ItemQuery, LinkBody, NewItemBody, UpdateBody } from './schemas'
import { type Clock, countsByUnit, getItem, linkedOpinions, listItems, listUpdates } from './store'

/** Today in Shanghai from the app clock, and the stalled threshold (days without an update). */
export function clockOf(c: Context<AppEnv>, stalledDays = 14): Clock {
  return { today: shanghaiDate(c.get('now')()), stalledDays, dateOf: shanghaiDate }
}

function itemParam(c: Context<AppEnv>): string {
  const id = c.req.param('item')
  if (!isUuid(id)) throw new ApiError(404, 'item_not_found')
  return id
}

/** The item in the URL, if the caller may see it (liaisons: their subtree only, 403 otherwise). */
export async function scopedItem(c: Context<AppEnv>, t: Tracking) {
  const item = await getItem(c.get('db'), t.campaignId, itemParam(c), clockOf(c))
  if (!inScope(t, item.unitId)) throw new ApiError(403, 'forbidden')
  return item
}


/** An item with its updates, linked opinions and re-check results. */
export async function itemDetail(c: Context<AppEnv>, t: Tracking, id: string) {
  const db = c.get('db')
  const item = await getItem(db, t.campaignId, id, clockOf(c))
  // 回头看 figures are the office's until the round is published to the public, as on the board
  const recheck = await recheckResults(db, [id], t.user.role === 'organiser' ? { keys: c.get('keys') } : { keys: c.get('keys'), publicAt: c.get('now')() })
  return { ...item, progress: await listUpdates(db, [id]), linkedOpinions: await linkedOpinions(db, id), recheck }
}

/**
 * Rectification items (整改事项) under `/api/tracking/:campaign`: list and read (leaders read all,
 * liaisons their subtree), create and edit (organisers; liaisons for their own units, editing only
 * status, target and measures), progress updates and opinion links (organisers; liaisons for their
 * own units and the opinions their subtree answers for), the cross-unit overview of overdue and
 * stalled items, and the board's address.
 */
export const rectificationRoutes = new Hono<AppEnv>()
  .get('/:campaign/items', async (c) => {
    const t = await trackingFromUrl(c)
    const query = parseOrThrow(ItemQuery, c.req.query(), c.get('lang'))
    let items = await listItems(c.get('db'), t.campaignId, t.scope, clockOf(c, Number(query.stalledDays)), { unit: query.unit, status: query.status })
    if (query.overdue) items = items.filter((i) => i.overdue)
    if (query.stalled) items = items.filter((i) => i.stalled)
    return c.json({ today: clockOf(c).today, items })
  })
  .get('/:campaign/overview', async (c) => {
    const t = await trackingFromUrl(c)
    const query = parseOrThrow(ItemQuery, c.req.query(), c.get('lang'))
    const clock = clockOf(c, Number(query.stalledDays))
    const items = await listItems(c.get('db'), t.campaignId, t.scope, clock)
    return c.json({
      today: clock.today,
      stalledDays: clock.stalledDays,
      units: countsByUnit(items),
      overdue: items.filter((i) => i.overdue),
      stalled: items.filter((i) => i.stalled),
    })
  })
  .post('/:campaign/items', async (c) => {
    const t = await trackingFromUrl(c)
    const body = await jsonBody(c, NewItemBody)
    return c.json(await itemDetail(c, t, await createItem(c, t, body)), 201)
  })
  .get('/:campaign/items/:item', async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    return c.json(await itemDetail(c, t, item.id))
  })
  .patch('/:campaign/items/:item', async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    await assertMayActOnUnit(c.get('db'), t, item.unitId)
    await patchItem(c, t, item, await jsonBody(c, ItemPatchBody))
    return c.json(await itemDetail(c, t, item.id))
  })
  .post('/:campaign/items/:item/updates', async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    await assertMayActOnUnit(c.get('db'), t, item.unitId)
    await addProgress(c, t, item, await jsonBody(c, UpdateBody))
    return c.json(await itemDetail(c, t, item.id), 201)
  })
  .put('/:campaign/items/:item/opinions', async (c) => {
    const t = await trackingFromUrl(c)
    const item = await scopedItem(c, t)
    const body = await jsonBody(c, LinkBody)
    await changeLinks(c, t, item, { replace: body.opinionIds })
    return c.json(await itemDetail(c, t, item.id))
  })
  .put('/:campaign/board', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const body = await jsonBody(c, BoardBody)
    await c.get('db').transaction().execute(async (trx) => {
      if (body.slug) {
        const taken = await trx.selectFrom('campaign').select('id').where('slug', '=', body.slug).where('id', '<>', t.campaignId).executeTakeFirst()
        if (taken) throw new ApiError(409, 'slug_taken', [{ path: 'slug' }])
      }
      await trx.updateTable('campaign').set({ slug: body.slug }).where('id', '=', t.campaignId).execute()
      await auditTracking(c, trx, t, 'update', 'campaign_board', t.campaignId, body)
    })
    return c.json({ slug: body.slug, path: `/board/${body.slug ?? t.campaignId}` })
  })
