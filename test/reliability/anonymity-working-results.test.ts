import { beforeAll, expect, it } from 'vitest'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { unitTally } from '../support/tallies'

/**
 * The organisers' old "working results" — the page `/r/:round` and `GET /api/rounds/:round/results`
 * — read the live tallies with no minimum group size and no check of the round's status: an
 * organiser read a small unit's answers while the round was open and, by reloading around one
 * flush, the exact answers of a single ballot. Results now have one way out: the results API and
 * pages, which refuse a round still open (409 round_still_open) and hide cells under k. `/r/:round`
 * only redirects there; the JSON route is gone. Here the tallies do hold a single ballot's
 * answers (read from the database, as only a test may) and nothing over HTTP shows them.
 */
describeEachDatabase('anonymity: no working results beside the results', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
  })

  /**
   * Public-link ballots (each request a new device), then one flush as the app runs it, which
   * mixes them into the tallies as a group of k = 5 (the app's own would wait for 20).
   */
  async function cast(ballots: { unit: number; level: number }[]) {
    for (const b of ballots) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, b))).status).toBe(201)
    expect(await flushRound(database().db, ctx.round.id, { keys: testKeys })).toBe(ballots.length)
  }

  /** `/r/:round` as the organiser's browser opens it: the redirect, then the page it leads to. */
  async function working(query = '') {
    const redirect = await app.request(`/r/${ctx.round.id}${query}`, { headers: { cookie: organiser.cookie, accept: 'text/html' } })
    const location = redirect.headers.get('location')
    const page = await app.request(location ?? '/', { headers: { cookie: organiser.cookie, accept: 'text/html' } })
    return { redirect: { status: redirect.status, location }, status: page.status, html: await page.text() }
  }

  it('shows nothing of a unit with one ballot while the round is open: /r/ leads to the results page, which waits for the close', async () => {
    const D = ctx.dimensions.length
    // 4 ballots for unit 0, one for unit 1 (every dimension 不太满意): one flush group of k = 5.
    await cast([...Array.from({ length: 4 }, () => ({ unit: 0, level: 0 })), { unit: 1, level: 2 }])
    // The tallies hold the single ballot, answer by answer.
    expect(await unitTally(database().db, ctx, 1)).toEqual({ ballots: { valid: 1, invalid: 0, pending: 0 }, dimensions: Array.from({ length: D }, () => [0, 0, 1, 0]) })

    const view = await working()
    expect(view.redirect).toEqual({ status: 303, location: `/results/rounds/${ctx.round.id}` })
    expect(view.status).toBe(409)
    expect(view.html).toContain('本次评议尚未结束，结束后才显示结果。')
    expect(view.html).not.toContain('results-data')
    expect(view.html).not.toContain(ctx.units[1]!.name)
    // The language asked for goes along.
    expect((await working('?lang=en')).redirect.location).toBe(`/results/rounds/${ctx.round.id}?lang=en`)
    const api = await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })
    expect(api.status).toBe(409)
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('round_still_open')
  })

  it('has no JSON route to the live tallies', async () => {
    const res = await app.request(`/api/rounds/${ctx.round.id}/results`, { headers: organiser.headers })
    expect(res.status).toBe(404)
  })

  it('gives nothing to tell apart across two reloads around one flush', async () => {
    const D = ctx.dimensions.length
    const before = await working()
    // One more ballot for unit 0 (every dimension 不满意) with 4 for unit 2: one flush.
    await cast([{ unit: 0, level: 3 }, ...Array.from({ length: 4 }, () => ({ unit: 2, level: 1 }))])
    expect((await unitTally(database().db, ctx, 0)).dimensions).toEqual(Array.from({ length: D }, () => [4, 0, 0, 1]))
    const after = await working()
    expect([before.status, after.status]).toEqual([409, 409])
    expect(after.html).toBe(before.html)
  })

  it('once closed, shows the results with the units under k hidden', async () => {
    const closed = await app.request(`/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, { method: 'POST', headers: { ...organiser.headers, 'content-type': 'application/json' }, body: '{}' })
    expect(closed.status).toBe(200)
    expect((await working()).status).toBe(200)
    const res = await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { units: { id: string; ballots: { valid: number }; total: { counts: number[] } | null }[] }
    const row = (i: number) => doc.units.find((u) => u.id === ctx.units[i]!.id)!
    // unit 0: 5 ballots, k = 5, shown; unit 1 (1 ballot) and unit 2 (4) hidden, numbers and all.
    expect(row(0).total?.counts.slice(0, 4)).toEqual([4, 0, 0, 1])
    expect([row(1).total, row(2).total]).toEqual([null, null])
  })
})
