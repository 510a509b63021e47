import { sql } from 'kysely'
import { sealKey } from '../../server/ingest/seal'
import { testKeys } from './codes'

/**
 * A round's staged ballots, sealed (sql/052) or in clear, opened with the tests' server key: a
 * table expression for tests that look inside staging (the product's only reader is the flush).
 * @example sql`SELECT opinion FROM ${await stagedBallots(roundId)} s`
 */
export async function stagedBallots(roundId: string) {
  const key = await sealKey(testKeys, roundId)
  return sql`(SELECT g.round_id, b.* FROM staged_group g
    CROSS JOIN LATERAL jsonb_to_recordset(coalesce(g.ballots, pingyi_unseal(g.sealed, ${key})))
      AS b(unit_id uuid, category_id uuid, channel text, answers jsonb, opinion text, valid boolean, invalid_reason text)
    WHERE g.round_id = ${roundId})`
}
