import { type Kysely, sql } from 'kysely'
import postgres from 'postgres'
import { beforeAll, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import type { Database } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'
import { describeEachDatabase, lockWaiters } from '../support/databases'
import { demoApp, demoBallot } from '../support/demo'

/**
 * `ballot`'s round, unit and category are checked once per statement by triggers (044), not
 * by a foreign key per row: the same refusals (SQLSTATE 23503), the same cascade, the same locks.
 */
describeEachDatabase('ballot references', (database) => {
  let ctx: RoundContext
  const row = (over: Partial<{ round_id: string; unit_id: string; category_id: string }> = {}) => ({
    round_id: ctx.round.id,
    unit_id: ctx.units[0]!.id,
    category_id: ctx.categories[0]!.id,
    channel: 'paper' as const,
    answers: jsonb(demoBallot(ctx).answers as Record<string, number>),
    ...over,
  })
  const ballots = (db: Kysely<Database>) => db.selectFrom('ballot').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'stored', (error: { code?: string }) => error.code)

  beforeAll(async () => {
    ;({ ctx } = await demoApp(database().db))
  })

  it('stores ballots whose round, unit and category exist, and refuses a whole statement with one that does not', async () => {
    const db = database().db
    await db.insertInto('ballot').values([row(), row({ unit_id: ctx.units[1]!.id })]).execute()
    expect((await ballots(db)).n).toBe(2)
    const unknown = crypto.randomUUID()
    for (const bad of [{ round_id: unknown }, { unit_id: unknown }, { category_id: unknown }]) {
      expect(await refusal(db.insertInto('ballot').values([row(), row(bad)]).execute())).toBe('23503')
    }
    // An update that names a missing unit is refused too.
    expect(await refusal(db.updateTable('ballot').set({ unit_id: unknown }).execute())).toBe('23503')
    expect((await ballots(db)).n).toBe(2)
  })

  it('keeps a unit or category that ballots name, and lets one go that none names', async () => {
    const db = database().db
    expect(await refusal(db.deleteFrom('unit').where('id', '=', ctx.units[0]!.id).execute())).toBe('23503')
    expect(await refusal(db.deleteFrom('evaluator_category').where('id', '=', ctx.categories[0]!.id).execute())).toBe('23503')
    expect(await refusal(db.updateTable('round').set({ id: crypto.randomUUID() }).where('id', '=', ctx.round.id).execute())).toBe('23503')
    const spare = await db.insertInto('evaluator_category').values({ campaign_id: ctx.campaign.id, name: '备用类别', weight: 0, position: 99 }).returning('id').executeTakeFirstOrThrow()
    await db.deleteFrom('evaluator_category').where('id', '=', spare.id).execute()
    expect((await ballots(db)).n).toBe(2)
  })

  it('waits, as a foreign key does, for a transaction storing a ballot before deleting what it names (PostgreSQL)', async () => {
    const url = database().url
    if (!url) return // PGlite has one connection: no two transactions overlap
    const a = postgres(url, { max: 1, onnotice: () => {} })
    const b = postgres(url, { max: 1, onnotice: () => {} })
    let release = () => {}
    try {
      const spare = await database()
        .db.insertInto('unit')
        .values({ campaign_id: ctx.campaign.id, name: '待删单位', kind: '科室' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const released = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const hasInserted = new Promise<void>((resolve) => (inserted = resolve))
      const storing = a.begin(async (tx) => {
        await tx`INSERT INTO ballot (round_id, unit_id, category_id, channel, answers) VALUES (${ctx.round.id}, ${spare.id}, ${ctx.categories[0]!.id}, 'paper', '{}')`
        inserted()
        await released
      })
      await hasInserted
      const deleting = b`DELETE FROM unit WHERE id = ${spare.id}`.then(
        () => 'deleted',
        (error: { code?: string }) => error.code,
      )
      // The delete waits on the unit's row, which the storing transaction holds FOR KEY SHARE.
      expect(await lockWaiters(database().db, { query: 'DELETE FROM unit%' })).toBe(true)
      release()
      await storing
      expect(await deleting).toBe('23503')
      const [kept] = await b`SELECT count(*)::int AS n FROM ballot WHERE unit_id = ${spare.id}`
      expect(kept?.n).toBe(1)
    } finally {
      release()
      await a.end()
      await b.end()
    }
  })

  it('deletes a round’s ballots with the round', async () => {
    const db = database().db
    expect((await ballots(db)).n).toBeGreaterThan(0)
    await db.deleteFrom('round').where('id', '=', ctx.round.id).execute()
    expect((await ballots(db)).n).toBe(0)
  })
})
