import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

/**
 * A flush runs with JIT off (server/db/jit.ts). Once the staged tables' statistics had grown, the
 * flush statement's estimated cost passed `jit_above_cost` and PostgreSQL compiled it before every
 * run: 40–50 ms of CPU, measured, against the few ms the flush itself takes, ten times a second
 * under load. Here a statement trigger on `ballot` notes the `jit` setting each insert runs under.
 */
describeEachDatabase('flushes run without JIT', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    await sql`CREATE TABLE jit_seen (setting text)`.execute(database().db)
    await sql`CREATE FUNCTION note_jit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO jit_seen VALUES (current_setting('jit')); RETURN NULL; END $$`.execute(database().db)
    await sql`CREATE TRIGGER note_jit AFTER INSERT ON ballot FOR EACH STATEMENT EXECUTE FUNCTION note_jit()`.execute(database().db)
  })

  const seen = async () => (await sql<{ setting: string }>`DELETE FROM jit_seen RETURNING setting`.execute(database().db)).rows.map((r) => r.setting)

  it('moves staged ballots with JIT off, where the session has it on', async () => {
    const db = database().db
    // What any other statement of the app runs under: the default, on (PGlite has no JIT compiler
    // but keeps the setting) — so the check below can fail.
    const session = (await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(db)).rows[0]!.jit
    expect(session).toBe('on')
    await db.insertInto('ballot').values({ round_id: ctx.round.id, unit_id: ctx.units[0]!.id, category_id: ctx.categories[0]!.id, channel: 'paper', answers: '{}' as never }).execute()
    expect(await seen()).toEqual(['on'])

    for (let i = 0; i < 5; i++) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: i % 2 }))).status).toBe(201)
    expect(await flushRound(db, ctx.round.id, { keys: testKeys })).toBe(5)
    expect(await seen()).toEqual(['off'])
  })
})
