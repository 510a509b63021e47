import { type Kysely, sql, type Transaction } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import { withoutJit } from '../db/jit'
import type { Database } from '../db/schema'
import { rewriteBallots, rewriteCounts, rewriteUseRows } from './rewrite'
import { groupBallots, sealKey } from './seal'

/** How a flush runs: the server's keyed hashes (to unseal staged ballots: seal.ts), and how much it takes. */
export interface FlushOptions {
  keys: KeyedHasher
  force?: boolean
  max?: number
}

/**
 * Moves staged ballots of a round into `ballot` and the tallies, in a transaction of its own,
 * in random order and with new random ids, so the ballots share their `xmin` with at least
 * `min_group_size` others and none with the code use that admitted them.
 *
 * A round's flushes run one at a time, across every instance and host (a Workers instance
 * lives for one request, so many may flush at once): each waits for the one before and then
 * takes what that one left of all that is staged. Without `force` it moves up to `max` ballots
 * (in whole staged groups), and nothing when fewer than the round's k are ready. With `force`
 * (at close) it moves all staged ballots; when fewer than k remain it re-inserts randomly
 * chosen, already counted ballots of the round with them (new ids, same content, not counted
 * twice) so the last group too has k, and it rewrites the round's code use, device use and
 * submission rows in hash order, and its ballots, tallies and counts (rewrite.ts), erasing
 * their arrival order. Returns the number of staged ballots moved.
 * @example await flushRound(db, id, { keys, force: true }) // at close: see finishClose (rounds/closing.ts)
 */
export async function flushRound(db: Kysely<Database>, roundId: string, options: FlushOptions): Promise<number> {
  const moved = await moveStaged(db, roundId, options)
  if (options.force) {
    // A transaction of its own: rewritten use rows must not share an xmin with any ballot.
    await db.transaction().execute(async (trx) => {
      await lockFlushes(trx, roundId)
      await rewriteUseRows(trx, roundId)
    })
    // And one for what the flushes wrote group by group: the ballots, tallies and counts.
    await db.transaction().execute(async (trx) => {
      await lockFlushes(trx, roundId)
      await rewriteBallots(trx, roundId)
      await rewriteCounts(trx, roundId)
    })
  }
  return moved
}

/**
 * Key space (first key of the two-key form) of the lock that runs a round's flushes one at a
 * time. Were two to run at once, each would see only part of the staged groups: when both
 * parts hold fewer than k, neither moves anything, and no later trigger may come.
 */
const FLUSH_LOCK = 746_993_202

/** Waits for the round's flush lock and holds it to the end of the transaction: no flush runs meanwhile. */
async function lockFlushes(trx: Transaction<Database>, roundId: string) {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(FLUSH_LOCK)}, hashtext(${roundId}))`.execute(trx)
}

/**
 * One statement under the round's flush lock, so no staged ballot travels to the app and back
 * and no connection is held between statements (its transaction only turns JIT off first:
 * withoutJit). Its snapshot is taken before it waits for the lock: groups a flush before it
 * moved are skipped (deleted), groups it left are taken, and groups staged after this flush
 * began belong to the flush their own commit triggers:
 * take the round's staged groups (up to `max` ballots — always at least one group; all of them
 * with `force`), delete them, unpack their ballots and insert them into `ballot` in random order
 * with new ids, and add them to the tallies and counts (upserts in key order: one lock order for all).
 * Without `force` nothing moves unless at least k ballots are ready; with `force` and fewer
 * than k, random counted ballots of the round are taken out and re-inserted with them (new ids,
 * same content, not counted twice) so the group still has k.
 */
async function moveStaged(db: Kysely<Database>, roundId: string, options: FlushOptions): Promise<number> {
  const force = options.force === true
  const key = await sealKey(options.keys, roundId)
  const { rows } = await db.transaction().execute(async (trx) => {
    await withoutJit(trx)
    return moveStatement(trx, roundId, key, force, options.max ?? 5000)
  })
  return Number(rows[0]?.moved ?? 0)
}

/** The statement of `moveStaged`, moving up to `max` staged ballots (all with `force`). */
function moveStatement(trx: Transaction<Database>, roundId: string, key: Awaited<ReturnType<typeof sealKey>>, force: boolean, max: number) {
  return sql<{ moved: string }>`
    WITH lock AS (SELECT pg_advisory_xact_lock(${sql.lit(FLUSH_LOCK)}, hashtext(${roundId}))),
    k AS (SELECT min_group_size AS k FROM round WHERE id = ${roundId}),
    -- Read only once the lock is held (a one-time filter): groups a flush before took are gone.
    ready AS (
      SELECT id, sum(size) OVER (ORDER BY id) - size AS before FROM staged_group
      WHERE round_id = ${roundId} AND EXISTS (SELECT FROM lock)
    ),
    pick AS (
      SELECT id, size FROM staged_group
      WHERE id IN (SELECT id FROM ready WHERE ${force} OR before < ${max})
      FOR UPDATE
    ),
    taken AS (
      DELETE FROM staged_group
      WHERE id IN (SELECT id FROM pick) AND (${force} OR (SELECT sum(size) FROM pick) >= (SELECT k FROM k))
      RETURNING id
    ),
    -- The taken groups' ballots (the statement's snapshot still has the rows), unsealed here
    -- (sql/052) or in clear (paper batches, groups staged before 052): seal.ts.
    moved AS (
      SELECT g.round_id, b.unit_id, b.category_id, b.channel, b.answers, b.opinion, b.valid, b.invalid_reason
      FROM staged_group g CROSS JOIN LATERAL ${groupBallots(key)} b
      WHERE g.id IN (SELECT id FROM taken)
    ),
    -- By their place (ctid, a TID scan): ids have no index (sql/058), and a condition on the
    -- round would read all its ballots' index entries even when nothing is to be taken.
    padding AS (
      DELETE FROM ballot WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM ballot WHERE round_id = ${roundId} AND ${force} AND EXISTS (SELECT 1 FROM moved)
        ORDER BY random() LIMIT greatest(0, (SELECT k FROM k) - (SELECT count(*) FROM moved))))
      RETURNING round_id, unit_id, category_id, channel, answers, opinion, valid, invalid_reason
    ),
    mixed AS (
      INSERT INTO ballot (round_id, unit_id, category_id, channel, answers, opinion, valid, invalid_reason)
      SELECT * FROM (SELECT * FROM moved UNION ALL SELECT * FROM padding) b ORDER BY random()
    ),
    tallied AS (
      INSERT INTO tally (round_id, unit_id, category_id, dimension_id, level_id, n)
      SELECT m.round_id, m.unit_id, m.category_id, a.key::int, a.value::int, count(*)
      FROM moved m CROSS JOIN LATERAL jsonb_each_text(m.answers) a
      WHERE m.valid
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (round_id, unit_id, category_id, dimension_id, level_id) DO UPDATE SET n = tally.n + excluded.n
    ),
    counted AS (
      INSERT INTO ballot_count (round_id, unit_id, category_id, valid, invalid)
      SELECT round_id, unit_id, category_id, count(*) FILTER (WHERE valid), count(*) FILTER (WHERE NOT valid)
      FROM moved
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (round_id, unit_id, category_id) DO UPDATE
      SET valid = ballot_count.valid + excluded.valid, invalid = ballot_count.invalid + excluded.invalid
    ),
    by_channel AS (
      INSERT INTO channel_count (round_id, unit_id, channel, valid, invalid)
      SELECT round_id, unit_id, channel, count(*) FILTER (WHERE valid), count(*) FILTER (WHERE NOT valid)
      FROM moved
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (round_id, unit_id, channel) DO UPDATE
      SET valid = channel_count.valid + excluded.valid, invalid = channel_count.invalid + excluded.invalid
    )
    SELECT count(*) AS moved FROM moved`.execute(trx)
}
