import { type Kysely, sql, type Transaction } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import { withoutJit } from '../db/jit'
import type { Database } from '../db/schema'
import { rewriteRows, roundCodes } from '../ingest/rewrite'
import { sealKey } from '../ingest/seal'

/**
 * Key space (first key of the two-key form) of the lock that runs a round's re-check flushes
 * and its close-time rewrite one at a time: two flushes at once would each see part of the
 * staging, and a rewrite must not interleave with a flush's upserts.
 */
const RECHECK_LOCK = 746_993_203

const lockRound = (trx: Transaction<Database>, roundId: string) => sql`SELECT pg_advisory_xact_lock(${sql.lit(RECHECK_LOCK)}, hashtext(${roundId}))`.execute(trx)

/** How many distinct codes the round's staged answers come from, counted by their codes' first submissions. */
async function stagedCodes(db: Kysely<Database>, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('recheck_staging')
    .select((eb) => eb.fn.count<string>('submission_id').distinct().as('n'))
    .where('round_id', '=', roundId)
    .where('first_of_code', '=', true)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Moves all the round's staged answers into its tally (upserts in key order); returns how many moved. */
async function moveStaged(trx: Transaction<Database>, keys: KeyedHasher, roundId: string): Promise<number> {
  const key = await sealKey(keys, roundId)
  const { rows } = await sql<{ moved: string }>`
    WITH moved AS (
      -- unsealed here (sql/053), or in clear (staged before 053)
      DELETE FROM recheck_staging WHERE round_id = ${roundId}
      RETURNING round_id, item_id, coalesce(answer, pingyi_unseal(sealed, ${key}) #>> '{}') AS answer
    ),
    tallied AS (
      INSERT INTO recheck_tally (round_id, item_id, answer, n)
      SELECT round_id, item_id, answer, count(*) FROM moved GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (round_id, item_id, answer) DO UPDATE SET n = recheck_tally.n + excluded.n
    )
    SELECT count(*) AS moved FROM moved`.execute(trx)
  return Number(rows[0]?.moved ?? 0)
}

/**
 * Moves a round's staged re-check answers into `recheck_tally`, in a transaction of its own (so
 * no tally row shares an xmin with a code's use), once they come from at least k distinct codes
 * (the round's `min_group_size`): a flush never writes the answers of fewer than k evaluators,
 * however many items each answered. Returns the number of answers moved.
 */
export async function flushRecheck(db: Kysely<Database>, keys: KeyedHasher, roundId: string): Promise<number> {
  const round = await db.selectFrom('round').select('min_group_size').where('id', '=', roundId).executeTakeFirst()
  // Cheap check first: most submissions find fewer than k and take no lock.
  if (!round || (await stagedCodes(db, roundId)) < round.min_group_size) return 0
  return db.transaction().execute(async (trx) => {
    await withoutJit(trx)
    await lockRound(trx, roundId)
    // Under the lock each statement sees all that the flushes before this one left.
    if ((await stagedCodes(trx, roundId)) < round.min_group_size) return 0
    return moveStaged(trx, keys, roundId)
  })
}

/**
 * The re-check's part of closing a round, once its status has changed, in one transaction of its
 * own: the answers still staged join the tally (however few: see docs/anonymity.md), then the
 * round's `recheck_use` rows are rewritten in hash order and its `recheck_tally` rows in key
 * order. Every one of those rows then has the same xmin and neither table's on-disk order keeps
 * the order of arrival, so no flush group can be picked out and tied to the codes used before
 * it; and a close cut short leaves either all of it done or none. Does nothing while the round is
 * open (reopened meanwhile: its next close does it). Safe to run again.
 * @example await closeRecheck(db, keys, roundId) // after the close transition has committed
 */
export async function closeRecheck(db: Kysely<Database>, keys: KeyedHasher, roundId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockRound(trx, roundId)
    const round = await trx.selectFrom('round').select('status').where('id', '=', roundId).forShare().executeTakeFirst()
    if (round?.status !== 'closed' && round?.status !== 'published') return
    await moveStaged(trx, keys, roundId)
    await rewriteRecheckRows(trx, roundId)
  })
}

/** Rewrites the round's use rows sorted by code hash and its tally rows by item and answer: arrival order is gone. */
async function rewriteRecheckRows(trx: Transaction<Database>, roundId: string) {
  await rewriteRows(trx, 'recheck_use', roundCodes(roundId), sql`code_hash, item_id`)
  await rewriteRows(trx, 'recheck_tally', sql`round_id = ${roundId}`, sql`item_id, answer`)
}
