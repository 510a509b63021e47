import fc from 'fast-check'
import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { LoginBody } from '../../server/auth/schemas'
import { BallotBody } from '../../server/ballots/schemas'
import type { RoundContext } from '../../server/rounds/store'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { mutated } from '../support/valibot-arbitrary'
import { recordFigure } from './summary'

// The full 10,000 on PGlite; PostgreSQL repeats a 3,000-body sample of the same generator.
const BODIES = { pglite: 10_000, postgres: 3_000 }

describeEachDatabase('input fuzzing', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  beforeAll(async () => {
    // One client address for every request, as one attacker behind one address.
    ;({ app, ctx } = await demoApp(database().db, { clientAddress: () => '203.0.113.7' }))
  })

  async function footprint() {
    const r = await sql<{ ballots: string; tallies: string; sessions: string; users: string }>`
      SELECT (SELECT count(*) FROM ballot) AS ballots, (SELECT coalesce(sum(n), 0) FROM tally) AS tallies,
             (SELECT count(*) FROM user_session) AS sessions, (SELECT count(*) FROM app_user) AS users`.execute(database().db)
    return r.rows[0]
  }

  it('answers generated bodies without a 5xx, in the envelope, writing nothing', async () => {
    const count = BODIES[database().driver]
    const before = await footprint()
    const statuses = new Map<number, number>()
    let serverErrors = 0
    let outsideEnvelope = 0
    const ballotUrl = `/api/rounds/${ctx.round.id}/ballots`
    const targets: [string, fc.Arbitrary<unknown>][] = [
      [ballotUrl, mutated(BallotBody as never)],
      ['/api/auth/login', mutated(LoginBody as never)],
    ]
    const bodies = fc.sample(
      fc.oneof(
        ...targets.map(([url, arb]) => arb.map((body) => ({ url, body: JSON.stringify(body) ?? 'null', type: 'application/json' }))),
        fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ url: ballotUrl, body: Buffer.from([0xff, 0xfe, ...bytes]), type: 'application/json' })),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })).map((fields) => ({ url: `/e/${ctx.round.id}`, body: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' })),
        fc.constant({ url: ballotUrl, body: JSON.stringify({ opinion: 'x'.repeat(70_000) }), type: 'application/json' }),
        fc.integer({ min: 1_000, max: 20_000 }).map((n) => ({ url: ballotUrl, body: `${'['.repeat(n)}${']'.repeat(n)}`, type: 'application/json' })),
      ),
      { numRuns: count, seed: 20261122 },
    )
    let oversize = 0
    for (const { url, body, type } of bodies) {
      const res = await app.request(url, { method: 'POST', headers: { 'content-type': type, accept: 'application/json' }, body })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      if (res.status >= 500) serverErrors++
      if (body.length > 64 * 1024 && res.status !== 413) oversize++
      if (res.status >= 400 && url.startsWith('/api/')) {
        const json = await res.json().catch(() => null)
        if (typeof json?.error?.code !== 'string' || typeof json?.error?.message !== 'string') outsideEnvelope++
      } else await res.arrayBuffer()
    }
    const after = await footprint()
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')
    const pass = serverErrors === 0 && outsideEnvelope === 0 && oversize === 0 && JSON.stringify(after) === JSON.stringify(before)
    recordFigure(`6. fuzzing [${database().driver}]`, `${count} bodies: ${summary}; 5xx ${serverErrors}; rows written 0`, pass)
    expect(serverErrors).toBe(0)
    expect(outsideEnvelope).toBe(0)
    expect(oversize).toBe(0)
    expect(after).toEqual(before)
    expect(statuses.get(413)).toBeGreaterThan(0)
  }, 300_000)
})
