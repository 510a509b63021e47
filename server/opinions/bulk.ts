import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { mergeOpinions, type Progress } from './merge'

type Trx = Transaction<Database>

const CHUNK = 500

/** What a bulk action did. */
export interface BulkResult {
  action: 'classify' | 'assign' | 'merge'
  changed: number
  /** The new opinion of a merge. */
  mergedId?: string
}

/**
 * Applies one bulk action to checked, top-level opinion ids in one transaction, in chunks of 500,
 * reporting progress after each chunk: classify sets the area, assign the responsible unit, merge
 * makes one opinion of them all.
 */
export async function runBulk(
  trx: Trx,
  campaignId: string,
  ids: string[],
  action: { action: 'classify'; areaId: string | null } | { action: 'assign'; unitId: string | null } | { action: 'merge'; body?: string; areaId?: string | null },
  now: Date,
  progress?: Progress,
): Promise<BulkResult> {
  if (action.action === 'merge') {
    const merged = await mergeOpinions(trx, campaignId, ids, { body: action.body, areaId: action.areaId }, now, progress)
    return { action: 'merge', changed: ids.length, mergedId: merged.id }
  }
  let changed = 0
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK)
    const set = action.action === 'classify' ? { area_id: action.areaId } : { assigned_unit_id: action.unitId }
    const result = await trx.updateTable('opinion').set(set).where('campaign_id', '=', campaignId).where('merged_into', 'is', null).where('id', 'in', chunk).executeTakeFirst()
    changed += Number(result.numUpdatedRows)
    await progress?.(Math.min(start + CHUNK, ids.length), ids.length)
  }
  return { action: action.action, changed }
}
