import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../server/demo/seed'
import { Ingest } from '../../server/ingest/ingest'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { publicSubmission, testKeys } from '../support/codes'
import { createTestDatabase, lockWaiters, postgresAvailable } from '../support/databases'

/**
 * Staged ballots counted in the database (the Workers host: each request is an instance of
 * its own). Needs commits that cannot see each other, so PostgreSQL only: PGlite runs one
 * statement at a time.
 */
describe.skipIf(!postgresAvailable)('a flush counted in the database, when commits cannot see each other (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let ctx: RoundContext

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    ctx = await loadRoundContext(database.db, await seedDemo(database.db))
  })
  afterAll(async () => {
    await database?.close()
  })

  it('starts the flush though each of two commits saw only its own 10 of the 20 staged ballots', async () => {
    const db = database.db
    const flushAt = 20
    const background: Promise<unknown>[] = []
    const keep = (work: Promise<unknown>) => void background.push(work)
    const batch = () => Promise.all(Array.from({ length: 10 }, () => publicSubmission(ctx, ctx.categories[0]!.id)))
    const [first, second] = [await batch(), await batch()]
    // Two instances, as two Workers requests; the round's row held, so that both statements take
    // their snapshot before either commits (they wait for its share lock, then go on).
    const outcomes = await db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM round WHERE id = ${ctx.round.id} FOR UPDATE`.execute(trx)
      const submitted = [first, second].map((submissions) => new Ingest(db, testKeys, { countStaged: 'database', flushAt, contextTtlMs: 0 }).submitAll(ctx.round.id, submissions, keep))
      if (!(await lockWaiters(database.db, { n: 2 }))) throw new Error("2 sessions never waited for the round's lock")
      return submitted
    })
    const results = (await Promise.all(outcomes)).flat()
    expect(results.filter((o) => o.status === 'counted')).toHaveLength(20)
    await Promise.all(background)
    const staged = await db.selectFrom('staged_group').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('size'), eb.lit(0)).as('n')).where('round_id', '=', ctx.round.id).executeTakeFirstOrThrow()
    const ballots = await db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', ctx.round.id).executeTakeFirstOrThrow()
    expect({ staged: Number(staged.n), ballots: Number(ballots.n) }).toEqual({ staged: 0, ballots: 20 })
  })
})
