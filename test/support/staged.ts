import { type Kysely, sql } from 'kysely'
import type { Database } from '../../server/db/schema'
import { groupBallots, sealKey } from '../../server/ingest/seal'
import { testKeys } from './codes'

/**
 * A round's staged ballots, sealed (sql/052) or in clear, opened with the tests' server key: a
 * table expression for tests that look inside staging (the product's only reader is the flush).
 * @example sql`SELECT opinion FROM ${await stagedBallots(roundId)} s`
 */
export async function stagedBallots(roundId: string) {
  const key = await sealKey(testKeys, roundId)
  return sql`(SELECT g.round_id, b.* FROM staged_group g CROSS JOIN LATERAL ${groupBallots(key)} b WHERE g.round_id = ${roundId})`
}

/**
 * A round's staged 回头看 answers opened with the tests' key, and what a reader without it sees
 * in clear of each: the answer column (null once sealed, sql/053).
 */
export async function stagedRecheck(db: Kysely<Database>, roundId: string) {
  const key = await sealKey(testKeys, roundId)
  const { rows } = await sql<{ item_id: string; answer: string; clear: string | null }>`
    SELECT item_id, coalesce(answer, pingyi_unseal(sealed, ${key}) #>> '{}') AS answer, answer AS clear
    FROM recheck_staging WHERE round_id = ${roundId} ORDER BY item_id, id`.execute(db)
  return rows
}
