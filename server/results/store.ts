import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { subtreeQuery } from '../units/store'

/** The rounds (with a form, not drafts) that evaluate a unit, oldest first. */
export async function roundsOfUnit(db: Kysely<Database>, unitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('round_unit')
    .innerJoin('round', 'round.id', 'round_unit.round_id')
    .select('round.id')
    .where('round_unit.unit_id', '=', unitId)
    .where('round.status', '!=', 'draft')
    .where('round.form_id', 'is not', null)
    .orderBy('round.created_at')
    .orderBy('round.id')
    .execute()
  return rows.map((r) => r.id)
}

/** A unit and all its descendants. */
export async function subtreeIds(db: Kysely<Database>, rootId: string): Promise<string[]> {
  return (await subtreeQuery(db, rootId).execute()).map((r) => r.id)
}
