import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CODE_ALPHABET, CODE_LENGTH, formatCode, generateCode } from '../../server/codes/generate'
import { defaultLimits } from '../../server/limits/limiter'
import { roundCounts } from '../support/ballot-counts'
import { demoBatch } from '../support/codes'
import { type Hosted, startHosted } from '../support/hosted'
import { type Exchange, pool, postOver, statusSummary } from '../support/http-client'
import { tallyMismatches } from '../support/integrity'
import { recordFigure } from './summary'

const PHONES = 300
const UNITS = [0, 1, 2, 3, 4]
const GUESSES = 10_000

/** The `pingyi_device=…` pair an answer set, if any. */
const deviceCookie = (e: Exchange) => ('headers' in e ? e.headers.getSetCookie().find((c) => c.startsWith('pingyi_device='))?.split(';')[0] : undefined)

// Limits are kept in memory per app instance, so one driver shows them: the embedded default.
describe('abuse from one address, Node host over HTTP [pglite data folder]', () => {
  let hosted: Hosted
  let codes: string[]
  beforeAll(async () => {
    ;({ hosted, prepared: codes } = await startHosted('pglite', async (db, ctx) => (await demoBatch(db, ctx, PHONES)).codes))
  }, 180_000)
  afterAll(async () => {
    await hosted?.close()
  })

  it('10. accepts 300 valid codes from one address (a meeting hall behind one NAT) within 60 s', async () => {
    const { ctx, server } = hosted
    const started = Date.now()
    // Each phone keeps its own device cookie: it checks its code, then rates five units.
    const answers = await pool(codes, 30, async (code, c) => {
      const check = await postOver(server.base, `/api/rounds/${ctx.round.id}/codes/check`, { code: formatCode(code) })
      const cookie = deviceCookie(check) ?? ''
      const ballots: Exchange[] = []
      for (const unit of UNITS) {
        const body = { submissionId: crypto.randomUUID(), code, unitId: ctx.units[unit]!.id, answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[(c + unit) % 4]!.id])) }
        ballots.push(await postOver(server.base, `/api/rounds/${ctx.round.id}/ballots`, body, { cookie }))
      }
      return [check, ...ballots]
    })
    const seconds = (Date.now() - started) / 1000
    const checks = answers.map((a) => a[0]!)
    const ballots = answers.flatMap((a) => a.slice(1))
    const counts = await hosted.withDb((db) => roundCounts(db, ctx.round.id))
    const integrity = await hosted.withDb(tallyMismatches)
    const pass = statusSummary(checks) === `200×${PHONES}` && statusSummary(ballots) === `201×${PHONES * UNITS.length}` && seconds < 60 && counts.ballots + counts.staged === PHONES * UNITS.length
    recordFigure(
      '10. 300 valid codes, one address',
      `${PHONES} phones × (code check + ${UNITS.length} ballots) in ${seconds.toFixed(1)} s: checks ${statusSummary(checks)}, ballots ${statusSummary(ballots)}; stored ${counts.ballots + counts.staged}`,
      pass,
    )
    recordFigure('11. tallies after test 10', `${integrity.tally} tally cells and ${integrity.counts} ballot counts differ from a recount`, integrity.tally + integrity.counts === 0)
    expect(statusSummary(checks)).toBe(`200×${PHONES}`)
    expect(statusSummary(ballots)).toBe(`201×${PHONES * UNITS.length}`)
    expect(seconds).toBeLessThan(60)
    expect(counts.ballots + counts.staged).toBe(PHONES * UNITS.length)
    expect(integrity).toEqual({ tally: 0, counts: 0 })
  }, 240_000)

  it('10. throttles 10,000 wrong-code guesses from one address with 429 and Retry-After', async () => {
    const { ctx, server } = hosted
    // The strongest guesser drops its device cookie on every try; only the round's limit holds it.
    const started = Date.now()
    const guesses = Array.from({ length: GUESSES }, () => generateCode())
    const answers = await pool(guesses, 32, (code) => postOver(server.base, `/api/rounds/${ctx.round.id}/codes/check`, { code }))
    const seconds = (Date.now() - started) / 1000
    const tried = answers.filter((a) => 'status' in a && a.status === 403).length
    const throttled = answers.filter((a) => 'status' in a && a.status === 429)
    const retryAfter = throttled.map((a) => ('headers' in a ? Number(a.headers.get('retry-after')) : 0))
    const withoutRetryAfter = retryAfter.filter((s) => !(s > 0)).length
    const firstThrottled = answers.findIndex((a) => 'status' in a && a.status === 429)
    // A guesser keeping its cookie is held by the device limit.
    let cookie = ''
    const kept: Exchange[] = []
    for (let i = 0; i < 40; i++) {
      const a = await postOver(server.base, `/api/rounds/${ctx.round.id}/codes/check`, { code: generateCode() }, cookie ? { cookie } : {})
      cookie = deviceCookie(a) ?? cookie
      kept.push(a)
    }
    // Known limit: the round-wide limit also makes honest code entry wait while the flood lasts.
    const honest = await postOver(server.base, `/api/rounds/${ctx.round.id}/codes/check`, { code: codes[0]! })
    const keptTried = kept.filter((a) => 'status' in a && a.status === 403).length
    // What the round's limit allows at most, sustained, and what 1% of the code space then takes.
    const space = CODE_ALPHABET.length ** CODE_LENGTH
    const perSecond = defaultLimits.roundWrongCodes.perSecond
    const years = (0.01 * space) / perSecond / (365.25 * 24 * 3600)
    const hitChance = (tried * PHONES) / space
    const pass = tried <= defaultLimits.roundWrongCodes.burst + Math.ceil(seconds * perSecond) + 1 && throttled.length + tried === GUESSES && withoutRetryAfter === 0 && keptTried <= defaultLimits.deviceWrongCodes.burst
    recordFigure(
      '10. 10,000 wrong-code guesses, one address',
      `${GUESSES} guesses in ${seconds.toFixed(1)} s without cookies: ${statusSummary(answers)} — first 429 after ${firstThrottled} tries, Retry-After ${Math.min(...retryAfter)}–${Math.max(...retryAfter)} s on all ${throttled.length}; keeping the cookie: ${keptTried} tries of 40. Sustained ≤ ${perSecond}/s per round and instance: 1% of the ${space.toExponential(2)} codes takes ${years.toExponential(1)} years; chance that the ${tried} tried hit one of ${PHONES} codes ${hitChance.toExponential(1)}; an honest code entered right after: ${'status' in honest ? honest.status : 'no answer'}`,
      pass,
    )
    expect(tried + throttled.length).toBe(GUESSES)
    expect(tried).toBeLessThanOrEqual(defaultLimits.roundWrongCodes.burst + Math.ceil(seconds * perSecond) + 1)
    expect(withoutRetryAfter).toBe(0)
    expect(keptTried).toBeLessThanOrEqual(defaultLimits.deviceWrongCodes.burst)
    expect(years).toBeGreaterThan(1)
  }, 240_000)
})
