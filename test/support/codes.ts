import type { Kysely } from 'kysely'
import { createBatch } from '../../server/codes/batches'
import { keyedHasher } from '../../server/codes/keyed-hash'
import type { Database } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'
import { TEST_CODE_KEY } from './demo'

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

/** Row counts of everything a submission may write. */
export async function stored(db: Kysely<Database>) {
  const count = async (table: 'ballot' | 'ballot_staging' | 'code_use' | 'device_use' | 'submission') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return {
    ballots: (await count('ballot')) + (await count('ballot_staging')),
    codeUses: await count('code_use'),
    deviceUses: await count('device_use'),
    submissions: await count('submission'),
  }
}
