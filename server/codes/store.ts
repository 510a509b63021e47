import { type Kysely, sql, type Transaction } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Database } from '../db/schema'
import type { KeyedHasher } from './keyed-hash'

type Db = Kysely<Database> | Transaction<Database>

/** What a code admits: its batch, category and units, as of now. */
export interface CodeGrant {
  batchId: string
  category: { id: string; name: string }
  /** The units of the round this code may rate, in the round's order. */
  units: { id: string; name: string }[]
}

/**
 * Finds a live (not voided) code of the round by its keyed hash: null when the code is
 * unknown, voided or of another round, which callers answer alike (403 `code_invalid`).
 */
export async function findGrant(db: Db, roundId: string, codeHash: string): Promise<CodeGrant | null> {
  // One round trip: the code's batch and category with the units it admits, in the round's order.
  const row = await db
    .selectFrom('access_code')
    .innerJoin('code_batch', 'code_batch.id', 'access_code.batch_id')
    .innerJoin('evaluator_category', 'evaluator_category.id', 'code_batch.category_id')
    .select((eb) => [
      'code_batch.id',
      'evaluator_category.id as category_id',
      'evaluator_category.name as category_name',
      jsonArrayFrom(
        eb
          .selectFrom('round_unit')
          .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
          .select(['unit.id', 'unit.name'])
          .where('round_unit.round_id', '=', roundId)
          .where((w) =>
            w.or([w('code_batch.all_units', '=', true), w('unit.id', 'in', w.selectFrom('code_batch_unit').select('code_batch_unit.unit_id').whereRef('code_batch_unit.batch_id', '=', 'code_batch.id'))]),
          )
          .orderBy('round_unit.position')
          .orderBy('unit.name'),
      ).as('units'),
    ])
    .where('access_code.code_hash', '=', codeHash)
    .where('code_batch.round_id', '=', roundId)
    .where('code_batch.voided_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  return { batchId: row.id, category: { id: row.category_id, name: row.category_name }, units: row.units }
}

/** The units of `unitIds` this code has already rated. */
export async function usedUnits(db: Db, codeHash: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('code_use').select('unit_id').where('code_hash', '=', codeHash).execute()).map((r) => r.unit_id))
}

/** Hashes codes for storage, in parallel. */
export function hashCodes(keys: KeyedHasher, codes: string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => keys.hash('code', code)))
}
