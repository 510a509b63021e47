import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { formatCode } from '../../server/codes/generate'
import type { Database } from '../../server/db/schema'
import { transitionRound } from '../../server/rounds/setup-store'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs } from '../support/auth'
import { demoBatch } from '../support/codes'
import { describeEachDatabase, postgresAvailable } from '../support/databases'
import { demoApp, demoBallot, postJson, TEST_CODE_KEY } from '../support/demo'
import { type Hosted, startHosted } from '../support/hosted'
import { tallyMismatches } from '../support/integrity'

/**
 * A close cut short (anonymity review, finding 10). Closing commits the status change, then
 * mixes the staging and rewrites the round's rows (rounds/closing.ts finishClose). When the
 * second step does not happen — the process dies, a statement fails and the close answers 500 —
 * the staged ballots would stay joined to their code uses on xmin, and out of the tallies, for
 * good: ingest refuses a closed round and nothing else flushed one. Now the round stays unmarked
 * (`close_done`, sql/051) until that work is done, and whatever meets it unmarked finishes it:
 * closing again (200, as the first close would have answered; 409 once done), a read of its
 * results, a publication, and the Node host when it starts.
 */

type App = ReturnType<typeof createApp>

/** Code ballots for unit 0, accepted and staged, then only the first step of the close: the process stops there. */
async function closeCutShort(app: App, db: Kysely<Database>, ctx: RoundContext, ballots: number) {
  const { codes } = await demoBatch(db, ctx, ballots)
  for (const code of codes) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code: formatCode(code) })).status).toBe(201)
  await db.transaction().execute((trx) => transitionRound(trx, ctx.campaign.id, ctx.round.id, 'close', new Date()))
}

/** Staged ballots of the round, code uses sharing an xmin with a staged group, the mark, ballots in the round. */
async function closeState(db: Kysely<Database>, roundId: string) {
  const { rows } = await sql<{ staged: string; joined: string; done: boolean; ballots: string }>`
    SELECT (SELECT count(*) FROM staged_head WHERE round_id = ${roundId}) AS staged,
           (SELECT count(*) FROM code_use cu JOIN staged_group sg ON sg.xmin = cu.xmin) AS joined,
           (SELECT close_done FROM round WHERE id = ${roundId}) AS done,
           (SELECT count(*) FROM ballot WHERE round_id = ${roundId}) AS ballots`.execute(db)
  const r = rows[0]!
  return { staged: Number(r.staged), joined: Number(r.joined), done: r.done, ballots: Number(r.ballots) }
}

const cutShort = { staged: 3, joined: 3, done: false, ballots: 0 }
const finished = { staged: 0, joined: 0, done: true, ballots: 3 }

describeEachDatabase('anonymity: a close cut short is finished', (database) => {
  it('by closing again in the API: 200 once, then 409 as for any closed round', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    await closeCutShort(app, db, ctx, 3)
    expect(await closeState(db, ctx.round.id)).toEqual(cutShort)

    const close = () => postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)
    const again = await close()
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ id: ctx.round.id, status: 'closed' })
    expect(await closeState(db, ctx.round.id)).toEqual(finished)
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    const third = await close()
    expect(third.status).toBe(409)
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('round_bad_transition')
  })

  it('by closing again in the console', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    await closeCutShort(app, db, ctx, 3)
    const res = await app.request(`/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {
      method: 'POST',
      headers: { cookie: organiser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: organiser.csrf }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}?done=close`)
    expect(await closeState(db, ctx.round.id)).toEqual(finished)
  })

  it('by reading the results, which then count the staged ballots', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    await closeCutShort(app, db, ctx, 3)
    const res = await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { channels: unknown }).channels).toEqual([{ channel: 'mobile', valid: 3, invalid: 0 }])
    expect(await closeState(db, ctx.round.id)).toEqual(finished)
  })

  it('by publishing, whose snapshot counts the staged ballots', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    await closeCutShort(app, db, ctx, 3)
    const res = await postJson(app, `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true } }, organiser.headers)
    expect(res.status).toBe(201)
    const stored = await db.selectFrom('publication').select('content').where('round_id', '=', ctx.round.id).executeTakeFirstOrThrow()
    expect((stored.content as { channels: unknown }).channels).toEqual([{ channel: 'mobile', valid: 3, invalid: 0 }])
    expect(await closeState(db, ctx.round.id)).toEqual(finished)
  })
})

for (const driver of ['pglite', 'postgres'] as const) {
  describe.skipIf(driver === 'postgres' && !postgresAvailable)(`anonymity: the Node host finishes a close cut short when it starts [${driver}]`, () => {
    let hosted: Hosted
    beforeAll(async () => {
      ;({ hosted } = await startHosted(driver, async (db, ctx) => {
        const app = createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY } })
        await closeCutShort(app, db, ctx, 3)
        expect(await closeState(db, ctx.round.id)).toEqual(cutShort)
      }))
    }, 180_000)
    afterAll(async () => {
      await hosted?.close()
    })

    it('mixes the staged ballots in and marks the round, with no request', async () => {
      for (let i = 0; i < 300 && !hosted.server.output().includes('finished the close of 1 round(s) cut short'); i++) await new Promise((r) => setTimeout(r, 100))
      expect(hosted.server.output()).toContain(`finished the close of 1 round(s) cut short: ${hosted.ctx.round.id}`)
      expect(await hosted.withDb((db) => closeState(db, hosted.ctx.round.id))).toEqual(finished)
    }, 60_000)
  })
}
