import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'

/**
 * The close-time rewrites of `flushRound(…, { force: true })`. Rows of a round were written group
 * by group as ballots arrived, so their disk order (`ctid`) and their `xmin` kept the order of
 * arrival; each of these deletes a round's rows and inserts them again, same values, in an order
 * that says nothing of it, so that all of them carry the one xmin of the rewrite. Call inside a
 * transaction that holds the round's flush lock.
 */

const BATCH = 5000
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Rewrites the round's code use, device use and submission rows sorted by their keyed hash:
 * arrival order is gone, and with it, for `submission`, which of the n-th submissions were valid.
 */
export async function rewriteUseRows(trx: Transaction<Database>, roundId: string) {
  const codes = await trx
    .deleteFrom('code_use')
    .where('code_hash', 'in', (eb) =>
      eb.selectFrom('access_code').innerJoin('code_batch', 'code_batch.id', 'access_code.batch_id').select('access_code.code_hash').where('code_batch.round_id', '=', roundId),
    )
    .returning(['code_hash', 'unit_id'])
    .execute()
  codes.sort((a, b) => byText(a.code_hash, b.code_hash) || byText(a.unit_id, b.unit_id))
  for (let start = 0; start < codes.length; start += BATCH) await trx.insertInto('code_use').values(codes.slice(start, start + BATCH)).execute()
  const devices = await trx.deleteFrom('device_use').where('round_id', '=', roundId).returning(['device_hash', 'round_id', 'unit_id']).execute()
  devices.sort((a, b) => byText(a.device_hash, b.device_hash) || byText(a.unit_id, b.unit_id))
  for (let start = 0; start < devices.length; start += BATCH) await trx.insertInto('device_use').values(devices.slice(start, start + BATCH)).execute()
  const submissions = await trx.deleteFrom('submission').where('round_id', '=', roundId).returning(['key_hash', 'round_id', 'valid']).execute()
  submissions.sort((a, b) => byText(a.key_hash, b.key_hash))
  for (let start = 0; start < submissions.length; start += BATCH) await trx.insertInto('submission').values(submissions.slice(start, start + BATCH)).execute()
}

/**
 * Rewrites the round's ballots in random order (same ids, content and day): flush groups went to
 * disk one after another, so without this the ballots' order would keep the order of arrival.
 */
export async function rewriteBallots(trx: Transaction<Database>, roundId: string) {
  await sql`WITH gone AS (DELETE FROM ballot WHERE round_id = ${roundId} RETURNING *) INSERT INTO ballot SELECT * FROM gone ORDER BY random()`.execute(trx)
}

/**
 * Rewrites the round's `tally`, `ballot_count` and `channel_count` rows in key order, same
 * numbers. Each kept the xmin of the last flush that added to it, so the rows with the newest
 * xmin were the cells of the last group: at close, padded to k in `ballot` but not in the
 * tallies, one evaluator's unit, category, channel and answers. Each statement raises the
 * round's `tally_version` (sql/045), so a cached results document is computed again — from the
 * same numbers — and never served from a fingerprint the rewrite outdated.
 */
export async function rewriteCounts(trx: Transaction<Database>, roundId: string) {
  await sql`WITH gone AS (DELETE FROM tally WHERE round_id = ${roundId} RETURNING *)
    INSERT INTO tally SELECT * FROM gone ORDER BY unit_id, category_id, dimension_id, level_id`.execute(trx)
  await sql`WITH gone AS (DELETE FROM ballot_count WHERE round_id = ${roundId} RETURNING *)
    INSERT INTO ballot_count SELECT * FROM gone ORDER BY unit_id, category_id`.execute(trx)
  await sql`WITH gone AS (DELETE FROM channel_count WHERE round_id = ${roundId} RETURNING *)
    INSERT INTO channel_count SELECT * FROM gone ORDER BY unit_id, channel`.execute(trx)
}
