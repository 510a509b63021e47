import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { roundCounts } from '../support/ballot-counts'
import { demoBatch } from '../support/codes'
import { postgresAvailable } from '../support/databases'
import { startDropProxy } from '../support/drop-proxy'
import { type Hosted, startHosted } from '../support/hosted'
import { type Exchange, pool, postOver, statusSummary } from '../support/http-client'
import { tallyMismatches } from '../support/integrity'
import { recordFigure } from './summary'

// PostgreSQL takes the full 10,000; embedded PGlite (one connection) a 2,000 sample.
const SUBMISSIONS = { postgres: 10_000, pglite: 2_000 }
const DROP_RATE = 0.05

const ballot = (ctx: RoundContext, code: string, unit: number, level: number) => ({
  submissionId: crypto.randomUUID(),
  code,
  unitId: ctx.units[unit]!.id,
  answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[level]!.id])),
})

for (const driver of ['postgres', 'pglite'] as const) {
  describe.skipIf(driver === 'postgres' && !postgresAvailable)(`ingest over HTTP, Node host [${driver}]`, () => {
    let hosted: Hosted
    let one: string
    let codes: string[]
    const count = SUBMISSIONS[driver]
    beforeAll(async () => {
      ;({ hosted, prepared: { one, codes } } = await startHosted(driver, async (db, ctx) => ({
        one: (await demoBatch(db, ctx, 1, { units: [0] })).codes[0]!,
        codes: (await demoBatch(db, ctx, count / 5, { units: [1, 2, 3, 4, 5] })).codes,
      })))
    }, 180_000)
    afterAll(async () => {
      await hosted?.close()
    })

    it('1. takes exactly one of 200 concurrent submissions of one code for one unit', async () => {
      const { ctx, server } = hosted
      const responses = await Promise.all(Array.from({ length: 200 }, () => postOver(server.base, `/api/rounds/${ctx.round.id}/ballots`, ballot(ctx, one, 0, 0))))
      const ok = responses.filter((r) => 'status' in r && r.status === 201).length
      const conflicts = responses.filter((r) => 'status' in r && r.status === 409 && JSON.parse(r.body).error.code === 'code_used').length
      const counts = await hosted.withDb((db) => roundCounts(db, ctx.round.id))
      const stored = counts.ballots + counts.staged
      const pass = ok === 1 && conflicts === 199 && stored === 1 && counts.uses === 1
      recordFigure(`1. one code, 200 concurrent, HTTP [${driver}]`, `${statusSummary(responses)}; ballots stored ${stored}, code uses ${counts.uses}`, pass)
      expect(ok).toBe(1)
      expect(conflicts).toBe(199)
      expect(stored).toBe(1)
      expect(counts.uses).toBe(1)
    }, 120_000)

    it(`2. stores exactly ${count} ballots when 5% of responses are lost after commit and clients retry`, async () => {
      const { ctx, server } = hosted
      const path = `/api/rounds/${ctx.round.id}/ballots`
      const proxy = await startDropProxy(server.base, (p) => p === path && Math.random() < DROP_RATE)
      const bodies = codes.flatMap((code, c) => [1, 2, 3, 4, 5].map((unit) => ballot(ctx, code, unit, (c + unit) % 4)))
      let retries = 0
      const started = Date.now()
      try {
        const answers = await pool(bodies, 64, async (body) => {
          for (let attempt = 0; attempt < 20; attempt++) {
            const got: Exchange = await postOver(proxy.base, path, body)
            if ('status' in got) return got
            retries++
          }
          return { error: 'gave up after 20 attempts' } as Exchange
        })
        const seconds = (Date.now() - started) / 1000
        const bySubmission = new Map(bodies.map((b, i) => [b.submissionId, answers[i]!]))
        const unlikeExamples: string[] = []
        for (const d of proxy.dropped) {
          const answer = bySubmission.get(JSON.parse(d.requestBody).submissionId)
          if (!answer || !('status' in answer) || answer.status !== d.status || answer.body !== d.body) unlikeExamples.push(`${d.status} ${d.body} → ${JSON.stringify(answer)}`)
        }
        const unlike = unlikeExamples.length
        const serverErrors = answers.filter((a) => 'status' in a && a.status >= 500).length + proxy.dropped.filter((d) => d.status >= 500).length
        const counts = await hosted.withDb((db) => roundCounts(db, ctx.round.id))
        const stored = counts.ballots + counts.staged - 1 // the one ballot of test 1
        const integrity = await hosted.withDb(tallyMismatches)
        const pass =
          statusSummary(answers) === `201×${count}` && stored === count && counts.uses - 1 === count && counts.submissions - 1 === count && serverErrors === 0 && unlike === 0 && integrity.tally === 0 && integrity.counts === 0
        recordFigure(
          `2. lost responses, retried [${driver}]`,
          `${count} submissions${driver === 'pglite' ? ' (PGlite sample)' : ''}, ${proxy.dropped.length} responses dropped after commit (${((100 * proxy.dropped.length) / proxy.forwarded()).toFixed(1)}%), ${retries} retries in ${seconds.toFixed(1)} s: ${statusSummary(answers)}; ballots ${stored}, duplicates ${stored - count}, 5xx ${serverErrors}, retries answered unlike the original ${unlike}`,
          pass,
        )
        recordFigure(`11. tallies after test 2 [${driver}]`, `${integrity.tally} tally cells and ${integrity.counts} ballot counts differ from a recount (${counts.ballots} ballots flushed, ${counts.staged} staged)`, integrity.tally === 0 && integrity.counts === 0)
        expect(statusSummary(answers)).toBe(`201×${count}`)
        expect(proxy.dropped.length).toBeGreaterThan(count * DROP_RATE * 0.5)
        expect(unlikeExamples.slice(0, 3)).toEqual([])
        expect(serverErrors).toBe(0)
        expect(stored).toBe(count)
        expect(counts.uses - 1).toBe(count)
        expect(counts.submissions - 1).toBe(count)
        expect(integrity).toEqual({ tally: 0, counts: 0 })
      } finally {
        await proxy.close()
      }
    }, 240_000)
  })
}
