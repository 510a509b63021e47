import { type Kysely, sql } from 'kysely'
import type { Database } from '../../server/db/schema'
import { stagedBallots } from './staged'

/**
 * Rows of a round in everything a code ballot writes: ballots, staged ballots, code uses, and
 * submission keys (a code ballot's in its code use since sql/056, a public-link ballot's in `submission`).
 */
export async function roundCounts(db: Kysely<Database>, roundId: string) {
  const r = await sql<{ ballots: string; staged: string; uses: string; submissions: string }>`
    WITH uses AS (SELECT u.key_hash FROM code_use u JOIN access_code a USING (code_hash) JOIN code_batch b ON b.id = a.batch_id WHERE b.round_id = ${roundId})
    SELECT (SELECT count(*) FROM ballot WHERE round_id = ${roundId}) AS ballots,
           (SELECT count(*) FROM staged_head WHERE round_id = ${roundId}) AS staged,
           (SELECT count(*) FROM uses) AS uses,
           (SELECT count(*) FROM submission WHERE round_id = ${roundId}) + (SELECT count(key_hash) FROM uses) AS submissions`.execute(db)
  const row = r.rows[0]!
  return { ballots: Number(row.ballots), staged: Number(row.staged), uses: Number(row.uses), submissions: Number(row.submissions) }
}

/** The opinions of a round's ballots, stored and staged (tests mark each ballot with a unique opinion). */
export async function roundOpinions(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const r = await sql<{ opinion: string | null }>`
    SELECT opinion FROM ballot WHERE round_id = ${roundId} UNION ALL SELECT opinion FROM ${await stagedBallots(roundId)} s`.execute(db)
  return r.rows.map((row) => row.opinion ?? '')
}
