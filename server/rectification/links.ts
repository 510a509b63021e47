import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { loadTopLevel, visible } from '../opinions/store'
import { isUuid } from '../request'
import { assertMayActOnUnit, auditTracking, inScope, type Tracking } from '../tracking/access'
import type { Db } from '../tracking/db'
import type { LinkChange } from './schemas'
import type { ItemView } from './store'

/** 403 unless a liaison answers for every opinion (its assigned unit, else its unit, is in the subtree). */
export function assertOpinionsInScope(t: Tracking, rows: { unit_id: string | null; assigned_unit_id: string | null }[]): void {
  if (rows.some((row) => !inScope(t, row.assigned_unit_id ?? row.unit_id))) throw new ApiError(403, 'forbidden')
}

/**
 * Changes the opinions an item answers: `replace` (the API's PUT) sets the list exactly; `link` and
 * `unlink` (the console's forms) add and remove some, `link` winning when an id is in both.
 * Organisers link any top-level opinion of the campaign; liaisons touch only items of their units
 * and opinions their subtree answers for; leaders nothing. One transaction, audited as `link`
 * with the ids before and after.
 * @example await changeLinks(c, t, item, { link: [opinionId], unlink: [] })
 */
export async function changeLinks(c: Context<AppEnv>, t: Tracking, item: ItemView, change: LinkChange | { replace: string[] }): Promise<void> {
  await assertMayActOnUnit(c.get('db'), t, item.unitId)
  await c.get('db').transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('rectification_opinion').select('opinion_id').where('item_id', '=', item.id).orderBy('opinion_id').execute()
    const before = rows.map((r) => r.opinion_id)
    const wanted = new Set('replace' in change ? change.replace : [...before.filter((id) => !change.unlink.includes(id)), ...change.link])
    const added = [...wanted].filter((id) => !before.includes(id))
    const removed = before.filter((id) => !wanted.has(id))
    if (added.length > 0) assertOpinionsInScope(t, await loadTopLevel(trx, t.campaignId, added))
    if (removed.length > 0 && t.scope !== null) assertOpinionsInScope(t, await trx.selectFrom('opinion').select(['unit_id', 'assigned_unit_id']).where('id', 'in', removed).execute())
    if (removed.length > 0) await trx.deleteFrom('rectification_opinion').where('item_id', '=', item.id).where('opinion_id', 'in', removed).execute()
    if (added.length > 0) await trx.insertInto('rectification_opinion').values(added.map((opinion_id) => ({ item_id: item.id, opinion_id }))).execute()
    await auditTracking(c, trx, t, 'link', 'rectification_item', item.id, { opinionIds: [...wanted] }, { opinionIds: before })
  })
}

/**
 * The opinions a new-item form carries (from 转为整改事项), with their text: the top-level ones of
 * the campaign the caller answers for; ids that are not are dropped, and the post then says why.
 */
export async function opinionChoices(db: Db, t: Tracking, ids: string[]): Promise<{ id: string; body: string }[]> {
  const wanted = [...new Set(ids.filter((id) => isUuid(id)))]
  if (wanted.length === 0) return []
  const rows = await db
    .selectFrom('opinion')
    .select(['id', 'body', 'unit_id', 'assigned_unit_id'])
    .where('campaign_id', '=', t.campaignId)
    .where('merged_into', 'is', null)
    .where('id', 'in', wanted)
    .where(visible)
    .execute()
  return rows.filter((row) => inScope(t, row.assigned_unit_id ?? row.unit_id)).map((row) => ({ id: row.id, body: row.body }))
}
