import { type Kysely, sql } from 'kysely'
import { expect, it } from 'vitest'
import type { Database } from '../../server/db/schema'
import { finishClose } from '../../server/rounds/closing'
import { loginAs } from '../support/auth'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, keptWork, postJson, withAbstainLevel } from '../support/demo'
import { tallyMismatches } from '../support/integrity'

/**
 * What closing rewrites besides the use rows and ballots (anonymity review, findings 3 and 6),
 * for someone with read access to the database after close.
 *
 * Tallies: each flush adds its group to `tally`, `ballot_count` and `channel_count`, so every row
 * kept the xmin of the last flush that touched it. The closing flush pads the last group to k in
 * `ballot`, but the tallies get the real ballots only: the rows with the newest xmin were that
 * group's unit, category, channel and answers — one evaluator's, when one was left at close.
 *
 * Submissions: `submission` (key hash, round, valid) is written at each group commit, so its disk
 * and xmin order were the order of arrival: "the 4th, 12th and 18th submissions were invalid".
 */
describeEachDatabase('anonymity: what closing rewrites', (database) => {
  /** The round's tally and count rows as `key → value`, and the xmins they carry. */
  async function countRows(db: Kysely<Database>, roundId: string) {
    const { rows } = await sql<{ t: string; k: string; v: string; x: string }>`
      SELECT 'tally' AS t, concat_ws(':', unit_id, category_id, dimension_id, level_id) AS k, n::text AS v, xmin::text AS x FROM tally WHERE round_id = ${roundId}
      UNION ALL SELECT 'count', concat_ws(':', unit_id, category_id), valid || '/' || invalid, xmin::text FROM ballot_count WHERE round_id = ${roundId}
      UNION ALL SELECT 'channel', concat_ws(':', unit_id, channel), valid || '/' || invalid, xmin::text FROM channel_count WHERE round_id = ${roundId}`.execute(db)
    return { values: Object.fromEntries(rows.map((r) => [`${r.t} ${r.k}`, r.v])), xmins: rows.map((r) => r.x) }
  }

  /**
   * The work the app left running after its responses (the flushes, kept as Workers keeps them:
   * waitUntil), settled; then nothing may be staged. Awaited, not polled against a clock: on a
   * loaded machine a flush may take longer than any fixed wait (CI once saw one exceed 4 s).
   */
  async function settled(db: Kysely<Database>, kept: ReturnType<typeof keptWork>, logged: string[]) {
    await kept.settled()
    expect(logged.filter((line) => line.includes('failed'))).toEqual([]) // a flush that failed says so in the log
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM staged_group`.execute(db)).rows[0]!.n)).toBe(0)
  }

  it('rewrites the tally and count rows with one xmin, numbers unchanged, and the cached results follow', async () => {
    const db = database().db
    const logged: string[] = []
    const { app, ctx } = await demoApp(db, { ingest: { flushAt: 5 }, log: (line: string) => void logged.push(line) })
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const roundId = ctx.round.id
    const kept = keptWork()
    const cast = (body: unknown) => postJson(app, `/api/rounds/${roundId}/ballots`, body, {}, kept.execution)
    // Ten ballots over three units and all four levels: two flush groups of k = 5.
    for (let i = 0; i < 10; i++) {
      expect((await cast(demoBallot(ctx, { unit: i % 3, level: i % 4 }))).status).toBe(201)
      if (i % 5 === 4) await settled(db, kept, logged)
    }
    const before = await countRows(db, roundId)
    expect(new Set(before.xmins).size).toBe(2) // one per flush: what the attacker reads

    // The last evaluator, alone in staging at close: unit 0, every dimension at level 2.
    expect((await cast(demoBallot(ctx, { unit: 0, level: 2 }))).status).toBe(201)
    expect((await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/close`, {}, organiser.headers)).status).toBe(200)

    const after = await countRows(db, roundId)
    const unit = ctx.units[0]!.id
    const category = ctx.categories[0]!.id
    const expected = { ...before.values }
    for (const d of ctx.dimensions) {
      const key = `tally ${unit}:${category}:${d.id}:${ctx.levels[2]!.id}`
      expected[key] = String(Number(expected[key] ?? 0) + 1)
    }
    const plusOne = (v: string | undefined) => `${Number(v?.split('/')[0] ?? 0) + 1}/${v?.split('/')[1] ?? 0}`
    expected[`count ${unit}:${category}`] = plusOne(expected[`count ${unit}:${category}`])
    expected[`channel ${unit}:public`] = plusOne(expected[`channel ${unit}:public`])
    expect(after.values).toEqual(expected)
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    // Every tally and count row of the round carries the xmin of the one rewrite: no row is newer.
    expect(after.xmins).toHaveLength(Object.keys(expected).length)
    expect(new Set(after.xmins).size).toBe(1)
    expect(before.xmins).not.toContain(after.xmins[0])

    // The rewrite raises the tallies' version, so the cached document is computed again: the same.
    const read = async () => {
      const res = await app.request(`/api/results/rounds/${roundId}`, { headers: organiser.headers })
      expect(res.status).toBe(200)
      return res.json()
    }
    const version = async () => Number((await db.selectFrom('tally_version').select('version').where('round_id', '=', roundId).executeTakeFirstOrThrow()).version)
    const fingerprint = async () => (await db.selectFrom('results_cache').select('fingerprint').where('round_id', '=', roundId).executeTakeFirstOrThrow()).fingerprint
    const first = await read()
    const [v1, f1] = [await version(), await fingerprint()]
    await finishClose(db, testKeys, roundId) // what a repeated close runs: the rewrites once more
    expect(await version()).toBeGreaterThan(v1)
    const second = await read()
    expect(await fingerprint()).not.toBe(f1)
    expect(second).toEqual(first)
    const again = await countRows(db, roundId)
    expect(again.values).toEqual(expected)
    expect(new Set(again.xmins).size).toBe(1)
  })

  it('rewrites the round’s submission rows in key order, with one xmin, each keeping its answer', async () => {
    const db = database().db
    const demo = await demoApp(db)
    const { app } = demo
    const ctx = await withAbstainLevel(db, demo.ctx, 3)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const abstain = ctx.levels.find((l) => l.abstain)!
    const invalidAt = new Set([3, 11, 17])
    const arrival: boolean[] = []
    for (let i = 0; i < 20; i++) {
      const level = invalidAt.has(i) ? abstain.id : ctx.levels[i % 4]!.id // all 不了解: invalid (fewer than 3 answered)
      const body = { submissionId: crypto.randomUUID(), unitId: ctx.units[i % 3]!.id, answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), level])) }
      const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body) // public link: a new device each
      expect(res.status).toBe(201)
      arrival.push(((await res.json()) as { valid: boolean }).valid)
    }
    expect(arrival.filter((v) => !v)).toHaveLength(3)
    const rows = async () =>
      (await sql<{ key_hash: string; valid: boolean; x: string }>`SELECT key_hash, valid, xmin::text AS x FROM submission WHERE round_id = ${ctx.round.id} ORDER BY ctid`.execute(db)).rows
    const open = await rows()
    expect(open.map((r) => r.valid)).toEqual(arrival) // the leak while open: disk order is arrival order

    expect((await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)).status).toBe(200)
    const closed = await rows()
    expect(Object.fromEntries(closed.map((r) => [r.key_hash, r.valid]))).toEqual(Object.fromEntries(open.map((r) => [r.key_hash, r.valid])))
    const keys = closed.map((r) => r.key_hash)
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(new Set(closed.map((r) => r.x)).size).toBe(1)
    // Written with the device use rows (the same rewrite), never with a ballot.
    const xmin = closed[0]!.x
    const devices = (await sql<{ x: string }>`SELECT DISTINCT xmin::text AS x FROM device_use WHERE round_id = ${ctx.round.id}`.execute(db)).rows.map((r) => r.x)
    expect(devices).toEqual([xmin])
    const ballots = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ballot WHERE xmin::text = ${xmin}`.execute(db)).rows[0]!.n)
    expect(ballots).toBe(0)
  })
})
