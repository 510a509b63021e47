import { type Kysely, sql } from 'kysely'
import type { Database } from '../../server/db/schema'

/**
 * Recomputes tallies and ballot counts (per category and per channel) from the stored ballots
 * and returns how many cells differ from the stored ones (0 when they agree). Ballots still
 * waiting in staging, if any, are not in `ballot` and not in the tallies either.
 */
export async function tallyMismatches(db: Kysely<Database>): Promise<{ tally: number; counts: number }> {
  const tally = await sql<{ n: string }>`
    SELECT count(*) AS n FROM (
      SELECT b.round_id, b.unit_id, b.category_id, a.key::int AS dimension_id, a.value::int AS level_id, count(*) AS n
      FROM ballot b, jsonb_each_text(b.answers) a WHERE b.valid GROUP BY 1, 2, 3, 4, 5
    ) r FULL JOIN (SELECT * FROM tally WHERE n <> 0) t USING (round_id, unit_id, category_id, dimension_id, level_id)
    WHERE r.n IS DISTINCT FROM t.n`.execute(db)
  const counts = await countsOff(db, 'ballot_count', 'category_id')
  const channels = await countsOff(db, 'channel_count', 'channel')
  return { tally: Number(tally.rows[0]?.n), counts: counts + channels }
}

/** Rows of a valid/invalid count table (per round, unit and `key`) that differ from a recount of the ballots. */
async function countsOff(db: Kysely<Database>, table: 'ballot_count' | 'channel_count', key: 'category_id' | 'channel'): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM (
      SELECT round_id, unit_id, ${sql.ref(key)}, count(*) FILTER (WHERE valid) AS valid, count(*) FILTER (WHERE NOT valid) AS invalid
      FROM ballot GROUP BY 1, 2, 3
    ) r FULL JOIN (SELECT * FROM ${sql.table(table)} WHERE valid + invalid <> 0) c USING (round_id, unit_id, ${sql.ref(key)})
    WHERE r.valid IS DISTINCT FROM c.valid OR r.invalid IS DISTINCT FROM c.invalid`.execute(db)
  return Number(rows[0]?.n)
}
