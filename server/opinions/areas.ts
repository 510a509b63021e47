import { ApiError } from '../errors'
import type { Db } from '../tracking/db'

/** A campaign's areas in display order, with how many top-level opinions each holds. */
export async function listAreas(db: Db, campaignId: string) {
  return db
    .selectFrom('opinion_area')
    .leftJoin('opinion', (join) => join.onRef('opinion.area_id', '=', 'opinion_area.id').on('opinion.merged_into', 'is', null))
    .select((eb) => ['opinion_area.id', 'opinion_area.name', 'opinion_area.position', eb.fn.count<string>('opinion.id').as('opinions')])
    .where('opinion_area.campaign_id', '=', campaignId)
    .groupBy(['opinion_area.id', 'opinion_area.name', 'opinion_area.position'])
    .orderBy('opinion_area.position')
    .orderBy('opinion_area.name')
    .execute()
}

/**
 * Replaces a campaign's area list: listed ids are kept (renamed, re-ordered), new names added,
 * areas left out removed (their opinions become unclassified). Names must be unique.
 */
export async function replaceAreas(trx: Db, campaignId: string, areas: { id?: string; name: string }[]): Promise<void> {
  const seen = new Map<string, number>()
  areas.forEach((a, i) => {
    if (seen.has(a.name)) throw new ApiError(422, 'area_duplicate', [{ path: `areas.${i}.name` }])
    seen.set(a.name, i)
  })
  const existing = new Set((await trx.selectFrom('opinion_area').select('id').where('campaign_id', '=', campaignId).execute()).map((r) => r.id))
  areas.forEach((a, i) => {
    if (a.id && !existing.has(a.id)) throw new ApiError(422, 'area_not_found', [{ path: `areas.${i}.id` }])
  })
  const keep = areas.flatMap((a) => (a.id ? [a.id] : []))
  let removal = trx.deleteFrom('opinion_area').where('campaign_id', '=', campaignId)
  if (keep.length > 0) removal = removal.where('id', 'not in', keep)
  await removal.execute()
  // Rename through temporary names first, so swapping two names does not trip the unique key.
  for (const a of areas) if (a.id) await trx.updateTable('opinion_area').set({ name: `~${a.id}` }).where('id', '=', a.id).execute()
  for (const [position, a] of areas.entries()) {
    if (a.id) await trx.updateTable('opinion_area').set({ name: a.name, position }).where('id', '=', a.id).execute()
    else await trx.insertInto('opinion_area').values({ campaign_id: campaignId, name: a.name, position }).execute()
  }
}
