import { type RawBuilder, sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'

/**
 * The close-time rewrites of `flushRound(…, { force: true })`. Rows of a round were written group
 * by group as ballots arrived, so their disk order (`ctid`) and their `xmin` kept the order of
 * arrival; each of these deletes a round's rows and inserts them again, same values, in an order
 * that says nothing of it, so that all of them carry the one xmin of the rewrite. Call inside a
 * transaction that holds the round's flush lock.
 */

/**
 * Deletes the rows of `table` that `where` picks and inserts them again in the same statement,
 * sorted by `order`: same values, the one xmin of this transaction, and a disk order that says
 * nothing of arrival. Nothing passes through the app.
 */
export async function rewriteRows(trx: Transaction<Database>, table: keyof Database, where: RawBuilder<unknown>, order: RawBuilder<unknown>) {
  await sql`WITH gone AS (DELETE FROM ${sql.table(table)} WHERE ${where} RETURNING *) INSERT INTO ${sql.table(table)} SELECT * FROM gone ORDER BY ${order}`.execute(trx)
}

/** The keyed hashes of the round's access codes, as a SQL condition on a table's `code_hash`. */
export const roundCodes = (roundId: string) =>
  sql`code_hash IN (SELECT a.code_hash FROM access_code a JOIN code_batch b ON b.id = a.batch_id WHERE b.round_id = ${roundId})`

/**
 * Rewrites the round's code use, device use and submission rows sorted by their keyed hash:
 * arrival order is gone, and with it, for `submission`, which of the n-th submissions were valid.
 */
export async function rewriteUseRows(trx: Transaction<Database>, roundId: string) {
  await rewriteRows(trx, 'code_use', roundCodes(roundId), sql`code_hash, unit_id`)
  await rewriteRows(trx, 'device_use', sql`round_id = ${roundId}`, sql`device_hash, unit_id`)
  await rewriteRows(trx, 'submission', sql`round_id = ${roundId}`, sql`key_hash`)
}

/**
 * Rewrites the round's ballots in random order (same ids, content and day): flush groups went to
 * disk one after another, so without this the ballots' order would keep the order of arrival.
 */
export async function rewriteBallots(trx: Transaction<Database>, roundId: string) {
  await rewriteRows(trx, 'ballot', sql`round_id = ${roundId}`, sql`random()`)
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
  const round = sql`round_id = ${roundId}`
  await rewriteRows(trx, 'tally', round, sql`unit_id, category_id, dimension_id, level_id`)
  await rewriteRows(trx, 'ballot_count', round, sql`unit_id, category_id`)
  await rewriteRows(trx, 'channel_count', round, sql`unit_id, channel`)
}
