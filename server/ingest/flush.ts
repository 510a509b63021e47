import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { jsonb } from '../db/jsonb'
import type { Database } from '../db/schema'
import { shuffle } from './shuffle'

type Staged = Selectable<Database['ballot_staging']>

class TooFew extends Error {}

/**
 * Moves staged ballots of a round into `ballot` and the tallies, in a transaction of its own,
 * in random order and with new random ids, so the ballots share their `xmin` with at least
 * `min_group_size` others and none with the code use that admitted them.
 *
 * Without `force` it moves up to `max` ballots, skipping rows another flush holds, and moves
 * nothing when fewer than the round's k are ready. With `force` (at close) it moves all staged
 * ballots; when fewer than k remain it re-inserts randomly chosen, already counted ballots of
 * the round with them (new ids, same content, not counted twice) so the last group too has k,
 * and it rewrites the round's code and device use rows in hash order, erasing their
 * arrival order. Returns the number of staged ballots moved.
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

async function moveStaged(db: Kysely<Database>, roundId: string, options: { force?: boolean; max?: number }): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const round = await trx.selectFrom('round').select('min_group_size').where('id', '=', roundId).executeTakeFirst()
      if (!round) return 0
      const k = round.min_group_size
      const pick = trx.selectFrom('ballot_staging').select('id').where('round_id', '=', roundId)
      const locked = options.force ? pick.forUpdate() : pick.limit(options.max ?? 5000).forUpdate().skipLocked()
      const staged = await trx.deleteFrom('ballot_staging').where('id', 'in', locked).returningAll().execute()
      if (!options.force && staged.length < k) throw new TooFew()
      const padding = options.force && staged.length > 0 && staged.length < k ? await takeCounted(trx, roundId, k - staged.length) : []
      await insertBallots(trx, shuffle([...staged, ...padding]))
      await addTallies(trx, roundId, staged)
      return staged.length
    })
  } catch (error) {
    if (error instanceof TooFew) return 0
    throw error
  }
}

/** Removes `n` random counted ballots of the round, to be re-inserted (their tallies stay). */
async function takeCounted(trx: Transaction<Database>, roundId: string, n: number): Promise<Staged[]> {
  const ids = trx.selectFrom('ballot').select('id').where('round_id', '=', roundId).orderBy(sql`random()`).limit(n)
  return trx
    .deleteFrom('ballot')
    .where('id', 'in', ids)
    .returning(['id', 'round_id', 'unit_id', 'category_id', 'channel', 'answers', 'opinion', 'valid', 'invalid_reason'])
    .execute()
}

async function insertBallots(trx: Transaction<Database>, rows: Staged[]) {
  for (let start = 0; start < rows.length; start += 1000) {
    await trx
      .insertInto('ballot')
      .values(
        rows.slice(start, start + 1000).map((b) => ({
          round_id: b.round_id,
          unit_id: b.unit_id,
          category_id: b.category_id,
          channel: b.channel,
          answers: jsonb(b.answers),
          opinion: b.opinion,
          valid: b.valid,
          invalid_reason: b.invalid_reason,
        })),
      )
      .execute()
  }
}

/** One upsert per tally cell and per count row, in key order (concurrent flushes cannot deadlock). */
async function addTallies(trx: Transaction<Database>, roundId: string, ballots: Staged[]) {
  const cells = new Map<string, number>()
  const counts = new Map<string, { valid: number; invalid: number }>()
  for (const b of ballots) {
    const group = `${b.unit_id}|${b.category_id}`
    const count = counts.get(group) ?? { valid: 0, invalid: 0 }
    counts.set(group, count)
    if (!b.valid) {
      count.invalid++
      continue
    }
    count.valid++
    for (const [dimension, level] of Object.entries(b.answers)) {
      const cell = `${group}|${dimension}|${level}`
      cells.set(cell, (cells.get(cell) ?? 0) + 1)
    }
  }
  const tallyRows = [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cell, n]) => {
    const [unit_id, category_id, dimension, level] = cell.split('|') as [string, string, string, string]
    return { round_id: roundId, unit_id, category_id, dimension_id: Number(dimension), level_id: Number(level), n }
  })
  for (let start = 0; start < tallyRows.length; start += 1000) {
    await trx
      .insertInto('tally')
      .values(tallyRows.slice(start, start + 1000))
      .onConflict((oc) => oc.columns(['round_id', 'unit_id', 'category_id', 'dimension_id', 'level_id']).doUpdateSet({ n: sql`tally.n + excluded.n` }))
      .execute()
  }
  const countRows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, c]) => {
    const [unit_id, category_id] = group.split('|') as [string, string]
    return { round_id: roundId, unit_id, category_id, valid: c.valid, invalid: c.invalid }
  })
  for (let start = 0; start < countRows.length; start += 1000) {
    await trx
      .insertInto('ballot_count')
      .values(countRows.slice(start, start + 1000))
      .onConflict((oc) =>
        oc.columns(['round_id', 'unit_id', 'category_id']).doUpdateSet({
          valid: sql`ballot_count.valid + excluded.valid`,
          invalid: sql`ballot_count.invalid + excluded.invalid`,
        }),
      )
      .execute()
  }
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
