import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { loginAs } from '../support/auth'
import { recordFigure } from './summary'

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000'

/** Problems with one response's security headers; empty when it has them all. */
function headerProblems(res: Response): string[] {
  const problems: string[] = []
  const hsts = /max-age=(\d+)/.exec(res.headers.get('strict-transport-security') ?? '')
  if (!hsts || Number(hsts[1]) < 31_536_000) problems.push('HSTS')
  const csp = res.headers.get('content-security-policy') ?? ''
  if (!csp || csp.includes('unsafe-inline') || !csp.includes('frame-ancestors')) problems.push('CSP')
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push('nosniff')
  if (!res.headers.get('referrer-policy')) problems.push('Referrer-Policy')
  return problems
}

describeEachDatabase('security headers and cookies', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let roundId: string
  beforeAll(async () => {
    const demo = await demoApp(database().db)
    app = demo.app
    roundId = demo.ctx.round.id
  })

  it('sends HSTS, a strict CSP, nosniff and a Referrer-Policy on every route, signed in or not', async () => {
    const organiser = await loginAs(app, database().db, 'organiser', { campaignId: null })
    const seen = new Set<string>()
    let responses = 0
    const bad: string[] = []
    for (const route of app.routes) {
      if (route.path.includes('*') || route.method === 'ALL') continue
      const key = `${route.method} ${route.path}`
      if (seen.has(key)) continue
      seen.add(key)
      const path = route.path.replace(/:round\b/g, roundId).replace(/:[A-Za-z]+/g, PLACEHOLDER)
      for (const headers of [{}, organiser.headers]) {
        const res = await app.request(path, { method: route.method, headers: { 'content-type': 'application/json', ...headers }, body: route.method === 'GET' ? undefined : '{}' })
        await res.arrayBuffer()
        responses++
        const problems = headerProblems(res)
        if (problems.length) bad.push(`${key} → ${res.status}: ${problems.join(', ')}`)
        if (res.status >= 500) bad.push(`${key} → ${res.status}`)
      }
    }
    recordFigure(`9. headers [${database().driver}]`, `${seen.size} routes × {anonymous, organiser} = ${responses} responses; ${bad.length} without the headers`, bad.length === 0)
    expect(bad).toEqual([])
    expect(seen.size).toBeGreaterThan(20)
  })

  it('sets the session cookie as __Host-, Secure, HttpOnly, SameSite', async () => {
    const user = await loginAs(app, database().db, 'organiser', { campaignId: null })
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    })
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-'))
    expect(cookie).toBeDefined()
    const attributes = (cookie ?? '').split(';').map((a) => a.trim().toLowerCase())
    const ok = ['secure', 'httponly', 'path=/', 'samesite=lax'].every((a) => attributes.includes(a)) && !attributes.some((a) => a.startsWith('domain='))
    recordFigure(`9. session cookie [${database().driver}]`, attributes.filter((a) => !a.startsWith('__host-')).join('; '), ok)
    expect(ok).toBe(true)
  })
})
