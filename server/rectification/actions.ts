import type { Context } from 'hono'
import { sql } from 'kysely'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { loadTopLevel } from '../opinions/store'
import { assertMayActOnUnit, auditTracking, type Tracking } from '../tracking/access'
import { shanghaiDate } from '../tracking/dates'
import { tt } from '../tracking/text'
import { assertOpinionsInScope } from './links'
import { type ItemPatchBody, type NewItemBody, ORGANISER_FIELDS, type UpdateBody } from './schemas'
import type { ItemView } from './store'

/**
 * done_on for a status being written: kept when the row is already done (read by the UPDATE
 * itself, so a stale read cannot move it), `on` (a Shanghai date) when it becomes done, cleared
 * otherwise.
 */
function doneOn(status: ItemView['status'], on: string) {
  return status === 'done' ? sql<string>`coalesce(done_on, ${on}::date)` : null
}

/**
 * The changes to rectification items, shared by the JSON API and the console's forms: each checks
 * role and unit scope, writes in one transaction with its audit record, and returns the item id.
 */
export async function createItem(c: Context<AppEnv>, t: Tracking, body: NewItemBody): Promise<string> {
  const db = c.get('db')
  await assertMayActOnUnit(db, t, body.unitId)
  if (body.public && t.user.role !== 'organiser') throw new ApiError(403, 'forbidden')
  const opinionIds = [...new Set(body.opinionIds)]
  if (opinionIds.length > 0) assertOpinionsInScope(t, await loadTopLevel(db, t.campaignId, opinionIds))
  const now = c.get('now')()
  return db.transaction().execute(async (trx) => {
    const { opinionIds: _, unitId, ...fields } = body
    const row = await trx.insertInto('rectification_item').values({ ...fields, campaign_id: t.campaignId, unit_id: unitId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
    if (opinionIds.length > 0) await trx.insertInto('rectification_opinion').values(opinionIds.map((opinion_id) => ({ item_id: row.id, opinion_id }))).execute()
    await auditTracking(c, trx, t, 'create', 'rectification_item', row.id, body)
    return row.id
  })
}

/**
 * Edits an item: organisers any field; liaisons their own units' items, and only what is theirs
 * to say (status, target, measures). A liaison's change to a field the office sets
 * (`ORGANISER_FIELDS`) is refused whole with 403, one issue per field; sending a field unchanged
 * is not a change.
 */
export async function patchItem(c: Context<AppEnv>, t: Tracking, item: ItemView, body: ItemPatchBody): Promise<void> {
  const db = c.get('db')
  await assertMayActOnUnit(db, t, item.unitId)
  if (t.user.role !== 'organiser') {
    const changed = ORGANISER_FIELDS.filter((key) => body[key] !== undefined && body[key] !== item[key])
    if (changed.length > 0) throw new ApiError(403, 'forbidden', changed.map((path) => ({ path, message: tt(c.get('lang'), 'organiserOnly') })))
  }
  if (body.unitId) await assertMayActOnUnit(db, t, body.unitId)
  const { unitId, ...fields } = body
  const now = c.get('now')()
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rectification_item')
      .set({ ...fields, ...(unitId ? { unit_id: unitId } : {}), ...(fields.status ? { done_on: doneOn(fields.status, shanghaiDate(now)) } : {}), updated_at: now })
      .where('id', '=', item.id)
      .execute()
    const before = Object.fromEntries(Object.keys(body).map((key) => [key, item[key as keyof ItemView]]))
    await auditTracking(c, trx, t, 'update', 'rectification_item', item.id, body, before)
  })
}

/**
 * Adds a progress report (date not after today in Shanghai); an item not started moves to 进行中
 * unless a status is given. A report that marks the item done dates its completion: the work's
 * date, as the report gives it and the board shows it.
 */
export async function addProgress(c: Context<AppEnv>, t: Tracking, item: ItemView, body: UpdateBody): Promise<void> {
  await assertMayActOnUnit(c.get('db'), t, item.unitId)
  const now = c.get('now')()
  if (body.onDate > shanghaiDate(now)) throw new ApiError(422, 'date_in_future', [{ path: 'onDate' }])
  const status = body.status ?? (item.status === 'not_started' ? 'in_progress' : item.status)
  await c.get('db').transaction().execute(async (trx) => {
    await trx.insertInto('rectification_update').values({ item_id: item.id, on_date: body.onDate, body: body.body, author_id: t.user.id, author_name: t.user.name, created_at: now }).execute()
    await trx.updateTable('rectification_item').set({ status, done_on: doneOn(status, body.onDate), updated_at: now }).where('id', '=', item.id).execute()
    await auditTracking(c, trx, t, 'progress', 'rectification_item', item.id, { onDate: body.onDate, status }, { status: item.status })
  })
}
