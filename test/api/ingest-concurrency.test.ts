import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { type OpenDatabase, openDatabase } from '../../server/db/open'
import { flushRound } from '../../server/ingest/flush'
import { recordSubmissions } from '../../server/ingest/record'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, publicSubmission, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, keptWork, postJson, TEST_CODE_KEY } from '../support/demo'
import { noRankLink, spearmanOfOrders } from '../support/spearman'

describeEachDatabase('exactly-once ingest under concurrency', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let wide: OpenDatabase | undefined
  const ballotBody = (unit: number, code: string, level = 0) => ({ ...demoBallot(ctx, { unit, level }), categoryId: undefined, code })

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    // PostgreSQL: a second pool of 24 connections, for requests that each run their own transaction.
    if (database().url) wide = await openDatabase({ url: database().url, max: 24 })
  })
  afterAll(async () => {
    await wide?.close()
  })

  for (const mode of ['grouped', 'one transaction per request'] as const) {
    it(`takes exactly one of 200 concurrent submissions of one code (${mode})`, async () => {
      const db = database().db
      const target = mode === 'grouped' ? app : createApp({ db: wide?.db ?? db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { maxBatch: 1, inFlight: 64, stallMs: 0, contextTtlMs: 0 } })
      const { codes } = await demoBatch(db, ctx, 1, { units: [0] })
      const before = await stored(db)
      const responses = await Promise.all(Array.from({ length: 200 }, () => postJson(target, `/api/rounds/${ctx.round.id}/ballots`, ballotBody(0, codes[0]!))))
      const statuses = responses.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 409)).toHaveLength(199)
      const bodies = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json()))
      expect(new Set(bodies.map((b) => b.error.code))).toEqual(new Set(['code_used']))
      const after = await stored(db)
      expect(after.ballots - before.ballots).toBe(1)
      expect(after.codeUses - before.codeUses).toBe(1)
      expect(after.submissions - before.submissions).toBe(1)
    })
  }

  it('refuses alone a ballot whose category is gone by the group commit, and stores nothing of it', async () => {
    const db = database().db
    const before = await stored(db)
    // Public-link ballots: the category is the one the voter named, checked in the statement.
    const { outcomes } = await recordSubmissions(db, ctx.round.id, [await publicSubmission(ctx, ctx.categories[1]!.id), await publicSubmission(ctx, crypto.randomUUID())], { keys: testKeys })
    expect(outcomes[0]).toEqual({ status: 'counted', valid: true })
    expect(outcomes[1]).toMatchObject({ status: 'refused', error: { status: 422, code: 'category_not_in_campaign' } })
    const after = await stored(db)
    expect([after.ballots - before.ballots, after.deviceUses - before.deviceUses, after.submissions - before.submissions]).toEqual([1, 1, 1])
  })

  it('stores exactly 2,000 ballots from 2,000 submissions of which 10% are sent twice', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 400)
    const before = await stored(db)
    const bodies = codes.flatMap((code, c) => [1, 2, 3, 4, 5].map((unit) => ballotBody(unit, code, (c + unit) % 4)))
    const sends = [...bodies, ...bodies.filter((_, i) => i % 10 === 0)]
    // interleave the retries: a retry may arrive before, with or after its first copy
    sends.sort(() => Math.random() - 0.5)
    const statuses: number[] = []
    for (let start = 0; start < sends.length; start += 100) {
      const chunk = await Promise.all(sends.slice(start, start + 100).map((b) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, b)))
      statuses.push(...chunk.map((r) => r.status))
    }
    expect(statuses).toHaveLength(2200)
    expect(statuses.every((s) => s === 201)).toBe(true)
    const after = await stored(db)
    expect(after.ballots - before.ballots).toBe(2000)
    expect(after.codeUses - before.codeUses).toBe(2000)
    expect(after.submissions - before.submissions).toBe(2000)
  }, 600_000)

  it('leaves no xmin shared by code use and ballots after a flush, and every flush group has at least k ballots', async () => {
    const db = database().db
    // the submissions above triggered flushes of their own (some may still run); no close, no rewrite of code_use yet
    await flushRound(db, ctx.round.id, { keys: testKeys })
    const flushed = await db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(flushed.n)).toBeGreaterThanOrEqual(1000)
    const joined = await sql<{ n: string }>`SELECT count(*) AS n FROM code_use c JOIN ballot b ON c.xmin = b.xmin`.execute(db)
    expect(Number(joined.rows[0]!.n)).toBe(0)
    const small = await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT b.xmin::text FROM ballot b GROUP BY 1 HAVING count(*) < ${ctx.round.min_group_size}) g`.execute(db)
    expect(Number(small.rows[0]!.n)).toBe(0)
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const staged = await db.selectFrom('staged_head').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(staged.n)).toBe(0)
    const again = await sql<{ n: string }>`SELECT count(*) AS n FROM code_use c JOIN ballot b ON c.xmin = b.xmin`.execute(db)
    expect(Number(again.rows[0]!.n)).toBe(0)
    const recount = await sql<{ n: string }>`
      SELECT count(*) AS n FROM (
        SELECT b.round_id, b.unit_id, b.category_id, a.key::int AS dimension_id, a.value::int AS level_id, count(*) AS n
        FROM ballot b, jsonb_each_text(b.answers) a WHERE b.valid GROUP BY 1, 2, 3, 4, 5
      ) r FULL JOIN tally t USING (round_id, unit_id, category_id, dimension_id, level_id)
      WHERE r.n IS DISTINCT FROM t.n`.execute(db)
    expect(Number(recount.rows[0]!.n)).toBe(0)
  })
})

describeEachDatabase('row order after close', (database) => {
  it('leaves no rank correlation between code use order and ballot order over 1,000 ballots (|Spearman ρ| < 5σ of unrelated orders)', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const { codes } = await demoBatch(db, ctx, 1000, { units: [0] })
    // one at a time, in code order: the worst case, arrival order = code order
    for (const [i, code] of codes.entries()) {
      const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code, opinion: `b${i}` })
      expect(res.status).toBe(201)
    }
    await db.updateTable('round').set({ status: 'closed' }).where('id', '=', ctx.round.id).execute()
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })

    const index = new Map((await Promise.all(codes.map((c) => testKeys.hash('code', c)))).map((h, i) => [h, i]))
    const useOrder = (await sql<{ code_hash: string }>`SELECT code_hash FROM code_use ORDER BY ctid`.execute(db)).rows.map((r) => index.get(r.code_hash)!)
    const ballotOrder = (await sql<{ opinion: string }>`SELECT opinion FROM ballot WHERE round_id = ${ctx.round.id} ORDER BY ctid`.execute(db)).rows.map((r) => Number(r.opinion.slice(1)))
    expect(useOrder).toHaveLength(1000)
    expect(ballotOrder).toHaveLength(1000)
    expect(Math.abs(spearmanOfOrders(useOrder, ballotOrder))).toBeLessThan(noRankLink(1000))
    const joined = await sql<{ n: string }>`SELECT count(*) AS n FROM code_use c JOIN ballot b ON c.xmin = b.xmin`.execute(db)
    expect(Number(joined.rows[0]!.n)).toBe(0)
  }, 600_000)
})

describeEachDatabase('background flush', (database) => {
  const flushed = async (db: ReturnType<typeof database>['db'], roundId: string) =>
    Number((await db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow()).n)
  const waitForFlush = async (db: ReturnType<typeof database>['db'], roundId: string) => {
    let moved = 0
    // Up to 30 s: it returns once moved; a loaded machine (CI) may take seconds to flush.
    for (let i = 0; i < 300 && moved < 20; i++) {
      await new Promise((r) => setTimeout(r, 100))
      moved = await flushed(db, roundId)
    }
    return moved
  }

  it('starts once an instance has staged flushAt ballots (a long-lived Node app)', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const { codes } = await demoBatch(db, ctx, 25, { units: [0] })
    for (const code of codes) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code })).status).toBe(201)
    expect(await waitForFlush(db, ctx.round.id)).toBeGreaterThanOrEqual(20)
  })

  it('flushes at most once per flushEveryMs while ballots keep coming, and leaves none behind', async () => {
    const db = database().db
    const { ctx } = await demoApp(db)
    const app = createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { flushEveryMs: 400 } })
    const { codes } = await demoBatch(db, ctx, 60)
    // 60 grids of 6 units, one every 20 ms: 360 ballots in 1.2 s, a flush's worth every ~4 grids.
    const sent: (Response | Promise<Response>)[] = []
    const start = Date.now()
    for (const code of codes) {
      sent.push(postJson(app, `/api/rounds/${ctx.round.id}/ballots/batch`, { ballots: ctx.units.map((_, unit) => ({ ...demoBallot(ctx, { unit }), categoryId: undefined, code })) }))
      await new Promise((r) => setTimeout(r, 20))
    }
    for (const res of await Promise.all(sent)) expect((await res.json()).results.every((r: { status: string }) => r.status === 'counted')).toBe(true)
    const took = Date.now() - start
    await new Promise((r) => setTimeout(r, 1000))
    // Each flush is one transaction: its ballots share one xmin. A first flush at once, then one
    // per 400 ms while ballots were staged, and the last after them (unspaced: about 15).
    const flushes = Number((await sql<{ n: string }>`SELECT count(DISTINCT xmin::text) AS n FROM ballot WHERE round_id = ${ctx.round.id}`.execute(db)).rows[0]!.n)
    expect(flushes).toBeGreaterThan(0)
    expect(flushes).toBeLessThanOrEqual(Math.ceil(took / 400) + 2)
    const { counted, staged } = await sql<{ counted: string; staged: string }>`
      SELECT (SELECT count(*) FROM ballot WHERE round_id = ${ctx.round.id}) AS counted,
             (SELECT count(*) FROM staged_head WHERE round_id = ${ctx.round.id}) AS staged`
      .execute(db)
      .then((r) => r.rows[0]!)
    expect(Number(counted) + Number(staged)).toBe(360)
    expect(Number(staged)).toBeLessThan(20)
  })

  it('counts ballots that came during a flush’s wait and it left staged towards the next flush', async () => {
    const db = database().db
    const { ctx } = await demoApp(db)
    await db.updateTable('round').set({ min_group_size: 5 }).where('id', '=', ctx.round.id).execute()
    const app = createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { flushAt: 5, flushEveryMs: 600 } })
    const { codes } = await demoBatch(db, ctx, 10, { units: [0] })
    const vote = async (code: string) => expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code })).status).toBe(201)
    const settle = async (count: number) => {
      for (let i = 0; i < 600 && (await flushed(db, ctx.round.id)) < count; i++) await new Promise((r) => setTimeout(r, 50)) // up to 30 s
      return flushed(db, ctx.round.id)
    }
    // Five start a flush that moves them, then waits 600 ms before it looks again.
    for (const code of codes.slice(0, 5)) await vote(code)
    expect(await settle(5)).toBe(5)
    // Three come during that wait: its second look finds fewer than k and moves none.
    for (const code of codes.slice(5, 8)) await vote(code)
    await new Promise((r) => setTimeout(r, 900))
    expect(await flushed(db, ctx.round.id)).toBe(5)
    // Two more make flushAt with those three: a flush starts and moves all five.
    for (const code of codes.slice(8)) await vote(code)
    expect(await settle(10)).toBe(10)
  })

  it('runs a round\'s flushes one at a time, so two that overlap cannot each see fewer than k and move nothing', async () => {
    const { db, url } = database()
    // Overlapping flushes need two connections: PGlite has one, so its flushes never overlap.
    if (!url) return
    const { ctx } = await demoApp(db)
    await db.updateTable('round').set({ min_group_size: 5 }).where('id', '=', ctx.round.id).execute()
    const stageOne = async () =>
      expect((await recordSubmissions(db, ctx.round.id, [await publicSubmission(ctx, ctx.categories[1]!.id)], { keys: testKeys })).outcomes[0]).toEqual({ status: 'counted', valid: true })
    for (let i = 0; i < 3; i++) await stageOne()
    // Another transaction holds one of the 3 staged groups: a first flush starts and is kept
    // mid-statement; meanwhile 4 more are staged and a second flush starts (as 30 one-request
    // Workers do). Once let go, together they must move all 7 (k = 5).
    const holder = await openDatabase({ url, max: 1 })
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let holding!: () => void
    const held = new Promise<void>((resolve) => (holding = resolve))
    const hold = holder.db.transaction().execute(async (trx) => {
      await sql`SELECT id FROM staged_group WHERE round_id = ${ctx.round.id} ORDER BY id LIMIT 1 FOR UPDATE`.execute(trx)
      holding()
      await released
    })
    try {
      await held
      const first = flushRound(db, ctx.round.id, { keys: testKeys, max: 5000 })
      await new Promise((r) => setTimeout(r, 200))
      for (let i = 0; i < 4; i++) await stageOne()
      const second = flushRound(db, ctx.round.id, { keys: testKeys, max: 5000 })
      await new Promise((r) => setTimeout(r, 200))
      release()
      await hold
      const moved = (await Promise.all([first, second])).reduce((a, b) => a + b, 0)
      expect(moved).toBe(7)
      expect(await flushed(db, ctx.round.id)).toBe(7)
    } finally {
      release()
      await hold.catch(() => {})
      await holder.close()
    }
  })

  it('starts from the database count when every request has an app of its own (Workers)', async () => {
    const db = database().db
    const { ctx } = await demoApp(db)
    const { codes } = await demoBatch(db, ctx, 25, { units: [0] })
    const fresh = (countStaged: 'instance' | 'database') => createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { countStaged } })
    // Counted per instance, 10 one-request apps never reach flushAt: nothing moves.
    for (const code of codes.slice(0, 10)) expect((await postJson(fresh('instance'), `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code })).status).toBe(201)
    await new Promise((r) => setTimeout(r, 300))
    expect(await flushed(db, ctx.round.id)).toBe(0)
    // As on Workers, the work an app leaves running after its response is kept (waitUntil) and settled before the end.
    const kept = keptWork()
    for (const code of codes.slice(10))
      expect((await postJson(fresh('database'), `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code }, {}, kept.execution)).status).toBe(201)
    expect(await waitForFlush(db, ctx.round.id)).toBeGreaterThanOrEqual(20)
    await kept.settled()
  })
})
