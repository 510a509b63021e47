import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { fullRoundDocument, resultsFingerprint } from '../../server/results/cache'
import { roundDocument } from '../../server/results/document'
import { findRound, loadRound } from '../../server/results/load'
import { filterDocument } from '../../server/results/readable'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

describeEachDatabase('the results cache of closed rounds', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  const live = async () => roundDocument(await loadRound(database().db, await findRound(database().db, ctx.round.id))).document
  const cached = async () => fullRoundDocument(database().db, await findRound(database().db, ctx.round.id))

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
    for (let i = 0; i < 12; i++) await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: i % 3, level: i % 4, category: i % 2 }))
    expect((await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)).status).toBe(200)
  })

  it('serves exactly the live computation, and stores it once', async () => {
    expect(await cached()).toEqual(await live())
    const rows = await database().db.selectFrom('results_cache').select(['round_id', 'fingerprint']).execute()
    expect(rows).toEqual([{ round_id: ctx.round.id, fingerprint: await resultsFingerprint(database().db, ctx.round.id) }])
    expect(await cached()).toEqual(await live())
  })

  it('never serves a stale document: every input changes the fingerprint', async () => {
    const db = database().db
    const changes: [string, () => Promise<unknown>][] = [
      ['a tally', () => sql`UPDATE tally SET n = n + 1 WHERE ctid = (SELECT ctid FROM tally WHERE round_id = ${ctx.round.id} LIMIT 1)`.execute(db)],
      ['a ballot count', () => sql`UPDATE ballot_count SET invalid = invalid + 1 WHERE ctid = (SELECT ctid FROM ballot_count WHERE round_id = ${ctx.round.id} LIMIT 1)`.execute(db)],
      ['a new tally row', () => sql`INSERT INTO tally (round_id, unit_id, category_id, dimension_id, level_id, n) SELECT round_id, unit_id, category_id, dimension_id, level_id + 1000, 1 FROM tally WHERE round_id = ${ctx.round.id} LIMIT 1`.execute(db)],
      ['a deleted tally row', () => sql`DELETE FROM tally WHERE round_id = ${ctx.round.id} AND level_id > 1000`.execute(db)],
      ['a deleted ballot count', () => sql`DELETE FROM ballot_count WHERE ctid = (SELECT ctid FROM ballot_count WHERE round_id = ${ctx.round.id} LIMIT 1)`.execute(db)],
      ['a unit name', () => db.updateTable('unit').set({ name: '改了名字的单位' }).where('id', '=', ctx.units[0]!.id).execute()],
      ['ballots handed out', () => db.updateTable('round_unit').set({ handed_out: 99 }).where('round_id', '=', ctx.round.id).where('unit_id', '=', ctx.units[1]!.id).execute()],
      ['a category weight', () => db.updateTable('evaluator_category').set({ weight: 7 }).where('id', '=', ctx.categories[0]!.id).execute()],
      ['a level label', () => db.updateTable('form_level').set({ label: '很满意' }).where('id', '=', ctx.levels[0]!.id).execute()],
      ['the formula', () => db.updateTable('round').set({ min_group_size: 2 }).where('id', '=', ctx.round.id).execute()],
      ['the campaign name', () => db.updateTable('campaign').set({ name: '新名字' }).where('id', '=', ctx.campaign.id).execute()],
    ]
    for (const [what, change] of changes) {
      const before = await resultsFingerprint(db, ctx.round.id)
      await cached()
      await change()
      expect(await resultsFingerprint(db, ctx.round.id), what).not.toBe(before)
      expect(await cached(), what).toEqual(await live())
    }
  })

  it('is cut down to units and without categories as the engine cuts it', async () => {
    const round = await findRound(database().db, ctx.round.id)
    const loaded = await loadRound(database().db, round)
    const units = new Set([ctx.units[1]!.id])
    expect(filterDocument(await cached(), 'all', { units })).toEqual(roundDocument(loaded, { units }).document)
    expect(filterDocument(await cached(), 'all', { categories: false })).toEqual(roundDocument(loaded, { categories: false }).document)
    expect(filterDocument(await cached(), 'all', { units, categories: false })).toEqual(roundDocument(loaded, { units, categories: false }).document)
  })

  it('keeps the version of a round\'s tallies apart from other rounds, and deletes it with the round', async () => {
    const db = database().db
    const version = async (roundId: string) => {
      const row = await db.selectFrom('tally_version').select('version').where('round_id', '=', roundId).executeTakeFirst()
      return row && Number(row.version)
    }
    // A second round, a copy of this one with its tallies.
    const other = crypto.randomUUID()
    await sql`INSERT INTO round SELECT (jsonb_populate_record(r, jsonb_build_object('id', ${other}::uuid, 'name', '第二轮'))).* FROM round r WHERE id = ${ctx.round.id}`.execute(db)
    await sql`INSERT INTO tally SELECT ${other}::uuid, unit_id, category_id, dimension_id, level_id, n FROM tally WHERE round_id = ${ctx.round.id}`.execute(db)
    expect(await version(other)).toBe(1)
    await sql`UPDATE tally SET n = n + 1 WHERE round_id = ${ctx.round.id}`.execute(db)
    expect(await version(other)).toBe(1)
    // The cascade from the round deletes its tallies, whose trigger finds the version row gone or going.
    await db.deleteFrom('round').where('id', '=', ctx.round.id).execute()
    expect(await version(ctx.round.id)).toBeUndefined()
    expect(await db.selectFrom('tally').select('n').where('round_id', '=', ctx.round.id).execute()).toEqual([])
  })
})
