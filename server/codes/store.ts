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

/** What a live code admits on the ballot path: no names, only what the checks need. */
export interface CodeScope {
  batchId: string
  categoryId: string
  /** True for a batch of every unit of the round; otherwise `unitIds` lists its units. */
  allUnits: boolean
  unitIds: ReadonlySet<string>
}

/**
 * The scope of a live code of the round, or null (unknown, voided, another round's): one small
 * row, where `findGrant` builds the list of unit names the code page shows. Run once per code
 * and cache instance on the evaluator's path (ingest/round-cache.ts).
 */
export async function findCodeScope(db: Db, roundId: string, codeHash: string): Promise<CodeScope | null> {
  const { rows } = await sql<{ batch_id: string; category_id: string; all_units: boolean; unit_ids: string[] }>`
    SELECT b.id AS batch_id, b.category_id, b.all_units,
      ARRAY(SELECT u.unit_id::text FROM code_batch_unit u WHERE u.batch_id = b.id AND NOT b.all_units) AS unit_ids
    FROM access_code a JOIN code_batch b ON b.id = a.batch_id
    WHERE a.code_hash = ${codeHash} AND b.round_id = ${roundId} AND b.voided_at IS NULL`.execute(db)
  const row = rows[0]
  return row ? { batchId: row.batch_id, categoryId: row.category_id, allUnits: row.all_units, unitIds: new Set(row.unit_ids) } : null
}

/** The units of `unitIds` this code has already rated. */
export async function usedUnits(db: Db, codeHash: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('code_use').select('unit_id').where('code_hash', '=', codeHash).execute()).map((r) => r.unit_id))
}

/** Hashes codes for storage, in parallel. */
export function hashCodes(keys: KeyedHasher, codes: string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => keys.hash('code', code)))
}
