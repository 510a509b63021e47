import { type Kysely, sql } from 'kysely'
import { createBatch } from '../../server/codes/batches'
import { keyedHasher } from '../../server/codes/keyed-hash'
import type { Database } from '../../server/db/schema'
import type { Submission } from '../../server/ingest/record'
import type { RoundContext } from '../../server/rounds/store'
import { demoBallot, TEST_CODE_KEY } from './demo'

/** The hasher of test apps, to look at stored hashes from a test. */
export const testKeys = keyedHasher(TEST_CODE_KEY)

/** A batch of `count` codes for the demo round: all units, or the listed unit indexes. */
export function demoBatch(db: Kysely<Database>, ctx: RoundContext, count: number, options: { units?: number[]; category?: number } = {}) {
  return createBatch(db, testKeys, {
    roundId: ctx.round.id,
    categoryId: ctx.categories[options.category ?? 1]!.id,
    units: options.units ? options.units.map((i) => ctx.units[i]!.id) : 'all',
    count,
  })
}

/**
 * Row counts of everything a submission may write (`submissions`: the keys that make it
 * exactly-once, a code ballot's in its code use since sql/056), read in one statement: a flush
 * running in the background moves ballots from staging to `ballot`, and two separate counts
 * could see it half (the move missed by both, or counted twice).
 */
export async function stored(db: Kysely<Database>) {
  const { rows } = await sql<{ ballots: string; code_uses: string; device_uses: string; submissions: string }>`
    SELECT (SELECT count(*) FROM ballot) + (SELECT count(*) FROM staged_head) AS ballots,
           (SELECT count(*) FROM code_use) AS code_uses,
           (SELECT count(*) FROM device_use) AS device_uses,
           (SELECT count(*) FROM submission) + (SELECT count(key_hash) FROM code_use) AS submissions`.execute(db)
  const row = rows[0]!
  return { ballots: Number(row.ballots), codeUses: Number(row.code_uses), deviceUses: Number(row.device_uses), submissions: Number(row.submissions) }
}

/** A public-link ballot for the round's first unit, from a device of its own, in `categoryId` (the voter's choice). */
export async function publicSubmission(ctx: RoundContext, categoryId: string): Promise<Submission> {
  return {
    keyHash: await testKeys.hash('submission', crypto.randomUUID()),
    unitId: ctx.units[0]!.id,
    categoryId,
    channel: 'public',
    answers: demoBallot(ctx).answers as Submission['answers'],
    opinion: null,
    valid: true,
    invalidReason: null,
    codeHash: null,
    deviceHash: await testKeys.hash('device-use', crypto.randomUUID()),
  }
}
