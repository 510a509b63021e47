import type { Kysely, Transaction } from 'kysely'
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
  const batch = await db
    .selectFrom('access_code')
    .innerJoin('code_batch', 'code_batch.id', 'access_code.batch_id')
    .innerJoin('evaluator_category', 'evaluator_category.id', 'code_batch.category_id')
    .select(['code_batch.id', 'code_batch.all_units', 'evaluator_category.id as category_id', 'evaluator_category.name as category_name'])
    .where('access_code.code_hash', '=', codeHash)
    .where('code_batch.round_id', '=', roundId)
    .where('code_batch.voided_at', 'is', null)
    .executeTakeFirst()
  if (!batch) return null
  let units = db
    .selectFrom('round_unit')
    .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
    .select(['unit.id', 'unit.name'])
    .where('round_unit.round_id', '=', roundId)
    .orderBy('round_unit.position')
    .orderBy('unit.name')
  if (!batch.all_units) units = units.where('unit.id', 'in', (eb) => eb.selectFrom('code_batch_unit').select('unit_id').where('batch_id', '=', batch.id))
  return { batchId: batch.id, category: { id: batch.category_id, name: batch.category_name }, units: await units.execute() }
}

/** The units of `unitIds` this code has already rated. */
export async function usedUnits(db: Db, codeHash: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('code_use').select('unit_id').where('code_hash', '=', codeHash).execute()).map((r) => r.unit_id))
}

/** Hashes codes for storage, in parallel. */
export function hashCodes(keys: KeyedHasher, codes: string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => keys.hash('code', code)))
}
