import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson } from '../support/demo'
import { loginAs } from '../support/auth'
import { recordFigure } from './summary'

describeEachDatabase('login brute force', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  beforeAll(async () => {
    ;({ app } = await demoApp(database().db, { clientAddress: () => '198.51.100.9' }))
  })

  it('throttles guessing one organiser password, then refuses even the right one until Retry-After', async () => {
    const target = await loginAs(app, database().db, 'organiser', { campaignId: null })
    const statuses: number[] = []
    let retryAfter = 0
    for (let i = 0; i < 40; i++) {
      const res = await postJson(app, '/api/auth/login', { username: target.username, password: `guess-${i}-wrong` })
      statuses.push(res.status)
      if (res.status === 429) {
        retryAfter = Number(res.headers.get('retry-after'))
        expect((await res.json()).error.code).toBe('too_many_attempts')
        break
      }
    }
    const tried = statuses.filter((s) => s === 401).length
    const right = await postJson(app, '/api/auth/login', { username: target.username, password: target.password })
    recordFigure(`10. organiser login brute force [${database().driver}]`, `429 after ${tried} wrong passwords, Retry-After ${retryAfter} s; right password then ${right.status}`, statuses.at(-1) === 429 && right.status === 429)
    expect(statuses.at(-1)).toBe(429)
    expect(tried).toBeLessThanOrEqual(10)
    expect(retryAfter).toBeGreaterThan(0)
    expect(right.status).toBe(429)
  }, 300_000)
})
