import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { subtreeQuery } from '../units/store'

/** Level counts per unit × dimension, summed over categories, read from the tallies. */
export async function unitDimensionCounts(db: Kysely<Database>, roundId: string) {
  const rows = await db
    .selectFrom('tally')
    .select(['unit_id', 'dimension_id', 'level_id', (eb) => eb.fn.sum<string>('n').as('n')])
    .where('round_id', '=', roundId)
    .groupBy(['unit_id', 'dimension_id', 'level_id'])
    .execute()
  const byCell = new Map<string, Map<number, number>>()
  for (const row of rows) {
    const key = `${row.unit_id}:${row.dimension_id}`
    const cell = byCell.get(key) ?? new Map<number, number>()
    cell.set(row.level_id, Number(row.n))
    byCell.set(key, cell)
  }
  return (unitId: string, dimensionId: number) => byCell.get(`${unitId}:${dimensionId}`) ?? new Map<number, number>()
}

/**
 * Valid and invalid ballots per unit, summed over categories, and those still staged (accepted,
 * waiting to be mixed into the tallies: counts only, as the turnout shows them).
 */
export async function unitBallotCounts(db: Kysely<Database>, roundId: string) {
  const [counted, staged] = await Promise.all([
    db
      .selectFrom('ballot_count')
      .select(['unit_id', (eb) => eb.fn.sum<string>('valid').as('valid'), (eb) => eb.fn.sum<string>('invalid').as('invalid')])
      .where('round_id', '=', roundId)
      .groupBy('unit_id')
      .execute(),
    db.selectFrom('staged_ballot').select(['unit_id', (eb) => eb.fn.countAll<string>().as('n')]).where('round_id', '=', roundId).groupBy('unit_id').execute(),
  ])
  const byUnit = new Map(counted.map((r) => [r.unit_id, { valid: Number(r.valid), invalid: Number(r.invalid) }]))
  const pending = new Map(staged.map((r) => [r.unit_id, Number(r.n)]))
  return (unitId: string) => ({ ...(byUnit.get(unitId) ?? { valid: 0, invalid: 0 }), pending: pending.get(unitId) ?? 0 })
}

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
