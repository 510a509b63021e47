import { type KyselyPlugin, sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson, TEST_CODE_KEY } from '../support/demo'
import { stagedBallots } from '../support/staged'

describeEachDatabase('ballot batches (a grid in one request) and submission ids reused', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  const batch = (ballots: unknown[], headers?: Record<string, string>) => postJson(app, `/api/rounds/${ctx.round.id}/ballots/batch`, { ballots }, headers)
  const coded = (unit: number, code: string, level = 0) => ({ ...demoBallot(ctx, { unit, level }), categoryId: undefined, code })

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
  })

  it("counts a delegate's whole grid in one request, and a resent batch once", async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1)
    const before = await stored(db)
    const ballots = ctx.units.map((_, unit) => coded(unit, codes[0]!, unit % 4))
    const res = await batch(ballots)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ results: ballots.map(() => ({ status: 'counted', valid: true })) })
    // the answer was lost on the way: the phone sends the same batch again
    const again = await batch(ballots)
    expect((await again.json()).results.every((r: { status: string }) => r.status === 'counted')).toBe(true)
    const after = await stored(db)
    expect(after.ballots - before.ballots).toBe(ctx.units.length)
    expect(after.codeUses - before.codeUses).toBe(ctx.units.length)
    expect(after.submissions - before.submissions).toBe(ctx.units.length)
  })

  it('refuses each bad ballot on its own, in order and in Chinese, and stores only the good ones', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1, { units: [0, 1, 2] })
    const code = codes[0]!
    const good = coded(0, code)
    const outOfScale = { ...coded(1, code), answers: { ...coded(1, code).answers, [String(ctx.dimensions[0]!.id)]: 999_999 } }
    const otherUnit = coded(4, code)
    const secondUse = coded(0, code)
    const notABallot = { hello: 'world' }
    const before = await stored(db)
    const res = await batch([good, outOfScale, otherUnit, secondUse, notABallot])
    expect(res.status).toBe(200)
    const { results } = await res.json()
    const outcomes = results.map((r: { status: string; error?: { code: string } }) => r.error?.code ?? r.status)
    expect(outcomes.slice(1, 3)).toEqual(['answer_out_of_scale', 'code_wrong_unit'])
    // two ballots of one code for one unit: one counts (which one depends on which commits first)
    expect([outcomes[0], outcomes[3]].sort()).toEqual(['code_used', 'counted'])
    expect(outcomes[4]).toBe('invalid_input')
    for (const r of results.filter((r: { status: string }) => r.status === 'refused')) expect(r.error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(results[4].error.issues.length).toBeGreaterThan(0)
    const after = await stored(db)
    expect(after.ballots - before.ballots).toBe(1)
    expect(after.codeUses - before.codeUses).toBe(1)
    // the refused units are still open to this code
    expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, coded(1, code))).status).toBe(201)
  })

  it('gives a public-link grid one device, with one cookie', async () => {
    const db = database().db
    const before = await stored(db)
    const ballots = [0, 1, 2].map((unit) => ({ ...demoBallot(ctx, { unit }), categoryId: undefined }))
    const res = await batch(ballots)
    expect(res.status).toBe(200)
    expect((await res.json()).results.map((r: { status: string }) => r.status)).toEqual(['counted', 'counted', 'counted'])
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith('pingyi_device='))
    expect(cookies).toHaveLength(1)
    const after = await stored(db)
    expect(after.deviceUses - before.deviceUses).toBe(3)
    // the three use rows of this grid (the file's only public ballots) share one device hash
    expect(await db.selectFrom('device_use').select('device_hash').distinct().where('round_id', '=', ctx.round.id).execute()).toHaveLength(1)
    const again = await batch([{ ...demoBallot(ctx, { unit: 0 }), categoryId: undefined }], { cookie: cookies[0]!.split(';')[0]! })
    expect((await again.json()).results[0].error.code).toBe('device_used')
  })

  it("spends the round's wrong-code budget on guesses, not on a grid's rows with one right code", async () => {
    const db = database().db
    // a round budget of 3 wrong codes, and codes kept for 2 s as in production
    const strict = createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, limits: { roundWrongCodes: { burst: 3, perSecond: 0.001 } }, ingest: { contextTtlMs: 2000 } })
    const { codes } = await demoBatch(db, ctx, 1)
    const grid = ctx.units.map((_, unit) => coded(unit, codes[0]!))
    const res = await postJson(strict, `/api/rounds/${ctx.round.id}/ballots/batch`, { ballots: grid })
    expect((await res.json()).results.map((r: { status: string }) => r.status)).toEqual(grid.map(() => 'counted'))
    // guesses still spend it: three wrong codes are refused, the fourth waits
    const guesses = ['AAAAAAAAAA', 'BBBBBBBBBB', 'CCCCCCCCCC', 'DDDDDDDDDD'].map((code) => coded(0, code))
    const statuses: number[] = []
    for (const guess of guesses) statuses.push((await postJson(strict, `/api/rounds/${ctx.round.id}/ballots`, guess)).status)
    expect(statuses).toEqual([403, 403, 403, 429])
  })

  it('spends no wrong-code budget on right codes whose group commit the database could not answer', async () => {
    const db = database().db
    const outage = { on: false }
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (outage.on) throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' })
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const strict = createApp({ db: db.withPlugin(plugin), log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, limits: { roundWrongCodes: { burst: 3, perSecond: 0.001 } }, ingest: { contextTtlMs: 60_000 } })
    const { codes } = await demoBatch(db, ctx, 5)
    const post = (code: string) => postJson(strict, `/api/rounds/${ctx.round.id}/ballots`, coded(0, code))
    expect((await post(codes[0]!)).status).toBe(201)
    // The database goes away: four new right codes are not answered (503), and are sent again later.
    outage.on = true
    for (const code of codes.slice(1)) expect((await post(code)).status).toBe(503)
    outage.on = false
    for (const code of codes.slice(1)) expect((await post(code)).status).toBe(201)
    // The whole budget is still there for guesses: three wrong codes are refused, the fourth waits.
    const statuses: number[] = []
    for (const guess of ['AAAAAAAAAA', 'BBBBBBBBBB', 'CCCCCCCCCC', 'DDDDDDDDDD']) statuses.push((await post(guess)).status)
    expect(statuses).toEqual([403, 403, 403, 429])
  })

  it('refuses a malformed batch as a whole, with nothing stored', async () => {
    const db = database().db
    const before = await stored(db)
    const url = `/api/rounds/${ctx.round.id}/ballots/batch`
    expect((await app.request(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415)
    expect((await app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' })).status).toBe(400)
    expect((await batch([])).status).toBe(422)
    const { codes } = await demoBatch(db, ctx, 1)
    expect((await batch(Array.from({ length: 101 }, () => coded(0, codes[0]!)))).status).toBe(422)
    const unknown = await postJson(app, `/api/rounds/00000000-0000-4000-8000-000000000000/ballots/batch`, { ballots: [coded(0, codes[0]!)] })
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error.code).toBe('round_not_found')
    const huge = await batch(Array.from({ length: 100 }, (_, i) => ({ ...coded(i % 6, codes[0]!), opinion: '意见'.repeat(1000) + 'x'.repeat(9000) })))
    expect(huge.status).toBe(413)
    // a declared length over the limit is refused before the body is read
    const declared = await app.request(`/api/rounds/${ctx.round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '70000' }, body: '{}' })
    expect(declared.status).toBe(413)
    expect((await declared.json()).error.code).toBe('payload_too_large')
    expect(await stored(db)).toEqual(before)
  })

  it('keeps an opinion with quotes, backslashes and braces exactly', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1)
    const opinion = '他说:"整改{不到位}",\\ 还有 \'单引号\' 和 , 逗号 [数组] NULL'
    const res = await batch([{ ...coded(5, codes[0]!), opinion }])
    expect((await res.json()).results[0].status).toBe('counted')
    // staged or already flushed: read both in one statement (one snapshot)
    const { rows } = await sql<{ opinion: string }>`SELECT opinion FROM ${await stagedBallots(ctx.round.id)} s WHERE opinion = ${opinion} UNION ALL SELECT opinion FROM ballot WHERE opinion = ${opinion}`.execute(db)
    expect(rows).toEqual([{ opinion }])
  })

  for (const mode of ['grouped', 'one transaction per request'] as const) {
    it(`stores a submission id sent at once for two units with one code as two ballots, each unit's own (${mode})`, async () => {
      const db = database().db
      const target = mode === 'grouped' ? app : createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { maxBatch: 1, inFlight: 8, stallMs: 0, contextTtlMs: 0 } })
      const { codes } = await demoBatch(db, ctx, 1, { units: [0, 1] })
      const first = coded(0, codes[0]!)
      const before = await stored(db)
      // A code ballot is its code, unit and submission id (sql/056): the same id for another unit is another ballot.
      const responses = await Promise.all([first, { ...coded(1, codes[0]!), submissionId: first.submissionId }].map((b) => postJson(target, `/api/rounds/${ctx.round.id}/ballots`, b)))
      expect(responses.map((r) => r.status)).toEqual([201, 201])
      const after = await stored(db)
      expect([after.ballots - before.ballots, after.codeUses - before.codeUses, after.submissions - before.submissions]).toEqual([2, 2, 2])
      // both units are used now; each ballot sent again is a retry
      const rest = await Promise.all([0, 1].map((unit) => postJson(target, `/api/rounds/${ctx.round.id}/ballots`, coded(unit, codes[0]!))))
      expect(rest.map((r) => r.status)).toEqual([409, 409])
      const again = await postJson(target, `/api/rounds/${ctx.round.id}/ballots`, { ...coded(1, codes[0]!), submissionId: first.submissionId })
      expect(again.status).toBe(201)
      expect(await stored(db)).toEqual(after)
      await flushRound(db, ctx.round.id, { keys: testKeys })
    })

    it(`stores a submission id sent again later for another unit with the same code as that unit's ballot, once (${mode})`, async () => {
      const db = database().db
      const target = mode === 'grouped' ? app : createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ingest: { maxBatch: 1, inFlight: 8, stallMs: 0, contextTtlMs: 0 } })
      const { codes } = await demoBatch(db, ctx, 1, { units: [0, 1] })
      const first = coded(0, codes[0]!)
      const answered = await postJson(target, `/api/rounds/${ctx.round.id}/ballots`, first)
      expect(answered.status).toBe(201)
      const before = await stored(db)
      const other = { ...coded(1, codes[0]!), submissionId: first.submissionId }
      const responses = await Promise.all([other, other, other].map((b) => postJson(target, `/api/rounds/${ctx.round.id}/ballots`, b)))
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201])
      const after = await stored(db)
      expect([after.ballots - before.ballots, after.codeUses - before.codeUses, after.submissions - before.submissions]).toEqual([1, 1, 1])
      // the code's use for the other unit is taken now
      expect((await postJson(target, `/api/rounds/${ctx.round.id}/ballots`, coded(1, codes[0]!))).status).toBe(409)
      await flushRound(db, ctx.round.id, { keys: testKeys })
    })
  }
})
