import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { loadTopLevel } from './store'
import { normalizeForSearch } from './search'

type Trx = Transaction<Database>

/** Called after each chunk of work with how many of the total are done. */
export type Progress = (done: number, total: number) => Promise<void> | void

const CHUNK = 500

/**
 * Merges top-level opinions into one new opinion that stands for all their originals: merging a
 * merged opinion takes its originals (one level only) and drops it. The new opinion keeps the
 * count, takes the given body and area (else the first opinion's), the common unit, the first
 * assignment and reply found, and every rectification link. The originals stay, marked
 * `merged_into`, so `unmergeOpinion` can restore them.
 * @example const id = await mergeOpinions(trx, campaignId, [a, b, c], { body: '停车难' }, now)
 */
export async function mergeOpinions(trx: Trx, campaignId: string, ids: string[], options: { body?: string; areaId?: string | null }, now: Date, progress?: Progress): Promise<{ id: string; mergedCount: number }> {
  const rows = await loadTopLevel(trx, campaignId, ids)
  if (rows.length < 2) throw new ApiError(422, 'merge_needs_two', [{ path: 'ids' }])
  const first = rows[0]!
  const units = new Set(rows.map((r) => r.unit_id))
  const replied = rows.find((r) => r.reply !== null)
  const body = options.body ?? first.body
  const mergedCount = rows.reduce((sum, r) => sum + r.merged_count, 0)
  const created = await trx
    .insertInto('opinion')
    .values({
      campaign_id: campaignId,
      source: 'merged',
      channel: null,
      unit_id: units.size === 1 ? first.unit_id : null,
      assigned_unit_id: rows.find((r) => r.assigned_unit_id)?.assigned_unit_id ?? null,
      area_id: options.areaId !== undefined ? options.areaId : (rows.find((r) => r.area_id)?.area_id ?? null),
      body,
      search_text: normalizeForSearch(body),
      merged_count: mergedCount,
      reply: replied?.reply ?? null,
      replied_on: replied?.replied_on ?? null,
      replied_by: replied?.replied_by ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const mergedIds = rows.filter((r) => r.source === 'merged').map((r) => r.id)
  const plainIds = rows.filter((r) => r.source !== 'merged').map((r) => r.id)
  const total = rows.length
  let done = 0
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK).map((r) => r.id)
    const plain = chunk.filter((id) => plainIds.includes(id))
    const merged = chunk.filter((id) => mergedIds.includes(id))
    if (plain.length > 0) await trx.updateTable('opinion').set({ merged_into: created.id }).where('id', 'in', plain).execute()
    if (merged.length > 0) await trx.updateTable('opinion').set({ merged_into: created.id }).where('merged_into', 'in', merged).execute()
    await moveLinks(trx, chunk, created.id)
    if (merged.length > 0) await trx.deleteFrom('opinion').where('id', 'in', merged).execute()
    done += chunk.length
    await progress?.(done, total)
  }
  return { id: created.id, mergedCount }
}

/** Moves rectification links from `fromIds` to `toId`. */
async function moveLinks(trx: Trx, fromIds: string[], toId: string) {
  const links = await trx.deleteFrom('rectification_opinion').where('opinion_id', 'in', fromIds).returning('item_id').execute()
  const items = [...new Set(links.map((l) => l.item_id))]
  if (items.length > 0) await trx.insertInto('rectification_opinion').values(items.map((item_id) => ({ item_id, opinion_id: toId }))).onConflict((oc) => oc.doNothing()).execute()
}

/**
 * Undoes a merge: the originals become top-level again and the merged opinion is removed. Work
 * done on the merged opinion is not lost: originals without their own area, assignment or reply
 * take the merged one's, and each original is linked to the merged one's rectification items.
 * Returns the originals' ids.
 */
export async function unmergeOpinion(trx: Trx, campaignId: string, id: string): Promise<string[]> {
  const merged = await trx.selectFrom('opinion').selectAll().where('id', '=', id).where('campaign_id', '=', campaignId).where('merged_into', 'is', null).executeTakeFirst()
  if (!merged) throw new ApiError(404, 'opinion_not_found')
  if (merged.source !== 'merged') throw new ApiError(409, 'opinion_not_merged')
  const originals = (await trx.selectFrom('opinion').select('id').where('merged_into', '=', id).execute()).map((r) => r.id)
  await trx
    .updateTable('opinion')
    .set((eb) => ({
      merged_into: null,
      area_id: eb.fn.coalesce('area_id', eb.val(merged.area_id)),
      assigned_unit_id: eb.fn.coalesce('assigned_unit_id', eb.val(merged.assigned_unit_id)),
    }))
    .where('merged_into', '=', id)
    .execute()
  if (merged.reply !== null && originals.length > 0) {
    const on = await trx.selectFrom('opinion').select(sql<string | null>`to_char(replied_on, 'YYYY-MM-DD')`.as('d')).where('id', '=', id).executeTakeFirstOrThrow()
    await trx.updateTable('opinion').set({ reply: merged.reply, replied_on: on.d, replied_by: merged.replied_by }).where('merged_into', 'is', null).where('id', 'in', originals).where('reply', 'is', null).execute()
  }
  const items = await trx.selectFrom('rectification_opinion').select('item_id').where('opinion_id', '=', id).execute()
  const links = originals.flatMap((opinion_id) => items.map((i) => ({ item_id: i.item_id, opinion_id })))
  for (let start = 0; start < links.length; start += 1000) await trx.insertInto('rectification_opinion').values(links.slice(start, start + 1000)).onConflict((oc) => oc.doNothing()).execute()
  await trx.deleteFrom('opinion').where('id', '=', id).execute()
  return originals
}
