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
 * The scopes of live codes of the round by keyed hash; a code unknown, voided or of another
 * round is not in the map. One small row per code, where `findGrant` builds the list of unit
 * names the code page shows. On the evaluator's path, concurrent lookups of a round are asked
 * together (ingest/code-lookups.ts) and their answers cached per instance (ingest/round-cache.ts).
 */
export async function findCodeScopes(db: Db, roundId: string, codeHashes: readonly string[]): Promise<Map<string, CodeScope>> {
  // One parameter for any number of codes (a JSON array): one prepared statement serves all.
  const { rows } = await sql<{ code_hash: string; batch_id: string; category_id: string; all_units: boolean; unit_ids: string[] }>`
    SELECT h.code_hash, b.id AS batch_id, b.category_id, b.all_units,
      ARRAY(SELECT u.unit_id::text FROM code_batch_unit u WHERE u.batch_id = b.id AND NOT b.all_units) AS unit_ids
    FROM json_array_elements_text(cast(cast(${JSON.stringify(codeHashes)} AS text) AS json)) h(code_hash)
    -- One index probe per code (LIMIT 1 keeps the planner from hashing the whole code table).
    CROSS JOIN LATERAL (SELECT batch_id FROM access_code a WHERE a.code_hash = h.code_hash LIMIT 1) a
    JOIN code_batch b ON b.id = a.batch_id
    WHERE b.round_id = ${roundId} AND b.voided_at IS NULL`.execute(db)
  return new Map(rows.map((row) => [row.code_hash, { batchId: row.batch_id, categoryId: row.category_id, allUnits: row.all_units, unitIds: new Set(row.unit_ids) }]))
}

/** The units of `unitIds` this code has already rated. */
export async function usedUnits(db: Db, codeHash: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('code_use').select('unit_id').where('code_hash', '=', codeHash).execute()).map((r) => r.unit_id))
}

/** Hashes codes for storage, in parallel. */
export function hashCodes(keys: KeyedHasher, codes: string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => keys.hash('code', code)))
}
