import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'

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
 * twice) so the last group too has k, and it rewrites the round's code and device use rows in
 * hash order, erasing their arrival order. Returns the number of staged ballots moved.
 * @example await closeRound(db, id); await flushRound(db, id, { force: true })
 */
export async function flushRound(db: Kysely<Database>, roundId: string, options: { force?: boolean; max?: number } = {}): Promise<number> {
  const moved = await moveStaged(db, roundId, options)
  // A transaction of its own: rewritten use rows must not share an xmin with any ballot.
  if (options.force) {
    await db.transaction().execute((trx) => rewriteUseRows(trx, roundId))
    // And a transaction for the ballots: flush groups went to disk in arrival order.
    await db.transaction().execute((trx) => rewriteBallots(trx, roundId))
  }
  return moved
}

/**
 * Key space (first key of the two-key form) of the lock that runs a round's flushes one at a
 * time. Were two to run at once, each would see only part of the staged groups: when both
 * parts hold fewer than k, neither moves anything, and no later trigger may come.
 */
const FLUSH_LOCK = 746_993_202

/**
 * One statement under the round's flush lock, so no staged ballot travels to the app and back
 * and no connection is held between statements. Its snapshot is taken before it waits for the
 * lock: groups a flush before it moved are skipped (deleted), groups it left are taken, and
 * groups staged after this flush began belong to the flush their own commit triggers:
 * take the round's staged groups (up to `max` ballots — always at least one group; all of them
 * with `force`), delete them, unpack their ballots and insert them into `ballot` in random order
 * with new ids, and add them to the tallies and counts (upserts in key order: one lock order for all).
 * Without `force` nothing moves unless at least k ballots are ready; with `force` and fewer
 * than k, random counted ballots of the round are taken out and re-inserted with them (new ids,
 * same content, not counted twice) so the group still has k.
 */
async function moveStaged(db: Kysely<Database>, roundId: string, options: { force?: boolean; max?: number }): Promise<number> {
  const force = options.force === true
  const { rows } = await sql<{ moved: string }>`
    WITH lock AS (SELECT pg_advisory_xact_lock(${sql.lit(FLUSH_LOCK)}, hashtext(${roundId}))),
    k AS (SELECT min_group_size AS k FROM round WHERE id = ${roundId}),
    -- Read only once the lock is held (a one-time filter): groups a flush before took are gone.
    ready AS (
      SELECT id, sum(size) OVER (ORDER BY id) - size AS before FROM staged_group
      WHERE round_id = ${roundId} AND EXISTS (SELECT FROM lock)
    ),
    pick AS (
      SELECT id, size FROM staged_group
      WHERE id IN (SELECT id FROM ready WHERE ${force} OR before < ${options.max ?? 5000})
      FOR UPDATE
    ),
    taken AS (
      DELETE FROM staged_group
      WHERE id IN (SELECT id FROM pick) AND (${force} OR (SELECT sum(size) FROM pick) >= (SELECT k FROM k))
      RETURNING id
    ),
    -- The taken groups' ballots, unpacked by the view (the statement's snapshot still has them).
    moved AS (
      SELECT round_id, unit_id, category_id, channel, answers, opinion, valid, invalid_reason
      FROM staged_ballot WHERE group_id IN (SELECT id FROM taken)
    ),
    padding AS (
      DELETE FROM ballot WHERE id IN (
        SELECT id FROM ballot WHERE round_id = ${roundId} AND ${force} AND EXISTS (SELECT 1 FROM moved)
        ORDER BY random() LIMIT greatest(0, (SELECT k FROM k) - (SELECT count(*) FROM moved)))
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
    SELECT count(*) AS moved FROM moved`.execute(db)
  return Number(rows[0]?.moved ?? 0)
}

/**
 * Rewrites the round's ballots in random order (same ids, content and day; the tallies are
 * untouched): flush groups were written one after another as ballots arrived, so without this
 * the ballots' on-disk order would keep the order of arrival after close.
 */
async function rewriteBallots(trx: Transaction<Database>, roundId: string) {
  await sql`WITH gone AS (DELETE FROM ballot WHERE round_id = ${roundId} RETURNING *) INSERT INTO ballot SELECT * FROM gone ORDER BY random()`.execute(trx)
}

/** Rewrites the round's code and device use rows sorted by their keyed hash: arrival order is gone. */
async function rewriteUseRows(trx: Transaction<Database>, roundId: string) {
  const codes = await trx
    .deleteFrom('code_use')
    .where('code_hash', 'in', (eb) =>
      eb.selectFrom('access_code').innerJoin('code_batch', 'code_batch.id', 'access_code.batch_id').select('access_code.code_hash').where('code_batch.round_id', '=', roundId),
    )
    .returning(['code_hash', 'unit_id'])
    .execute()
  codes.sort((a, b) => (a.code_hash < b.code_hash ? -1 : a.code_hash > b.code_hash ? 1 : a.unit_id < b.unit_id ? -1 : 1))
  for (let start = 0; start < codes.length; start += 5000) await trx.insertInto('code_use').values(codes.slice(start, start + 5000)).execute()
  const devices = await trx.deleteFrom('device_use').where('round_id', '=', roundId).returning(['device_hash', 'round_id', 'unit_id']).execute()
  devices.sort((a, b) => (a.device_hash < b.device_hash ? -1 : a.device_hash > b.device_hash ? 1 : a.unit_id < b.unit_id ? -1 : 1))
  for (let start = 0; start < devices.length; start += 5000) await trx.insertInto('device_use').values(devices.slice(start, start + 5000)).execute()
}
