import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import type { PlannedUnit } from './import-plan'

const BATCH = 1000

/**
 * Writes planned units (parents before children) in multi-row batches: one INSERT per
 * thousand units, so a city's 2,371 units cost three statements. Call inside a transaction.
 */
export async function insertPlannedUnits(db: Db, campaignId: string, units: PlannedUnit[]): Promise<number> {
  const existingParents = [...new Set(units.map((u) => u.parentId).filter((id): id is string => id !== null))]
  const next = new Map<string | null, number>()
  if (existingParents.length > 0) {
    const rows = await db
      .selectFrom('unit')
      .select(['parent_id', sql<number>`max(position) + 1`.as('next')])
      .where('campaign_id', '=', campaignId)
      .where('parent_id', 'in', existingParents)
      .groupBy('parent_id')
      .execute()
    for (const r of rows) next.set(r.parent_id, Number(r.next))
  }
  const roots = await db
    .selectFrom('unit')
    .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
    .where('campaign_id', '=', campaignId)
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow()
  next.set(null, Number(roots.next))
  const values = units.map((u) => {
    const position = next.get(u.parentId) ?? 0
    next.set(u.parentId, position + 1)
    return { id: u.id, campaign_id: campaignId, parent_id: u.parentId, name: u.name, kind: u.kind, code: u.code, position }
  })
  for (let i = 0; i < values.length; i += BATCH) await db.insertInto('unit').values(values.slice(i, i + BATCH)).execute()
  return values.length
}
