import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { createUser } from '../../server/auth/store'
import type { Database } from '../../server/db/schema'
import { tallyMismatches } from './integrity'

/**
 * The path every host must carry, driven over HTTP only (so it runs the same against the Node
 * host and the Workers host): an organiser logs in, sets up a campaign and a round, makes codes,
 * evaluators submit (one retry, one reused code), the organiser closes the round and reads the
 * results. The database is only touched to create the first organiser (as `npm run user:create`
 * does) and to check tally integrity at the end.
 *
 * Returns the figures the host produced, so two hosts can be compared figure by figure.
 */
export async function representativePath(base: string, db: Kysely<Database>): Promise<PathResult> {
  const username = `organiser-${Math.random().toString(36).slice(2, 10)}`
  const password = `pw-${crypto.randomUUID()}`
  await createUser(db, { username, name: '活动办公室', role: 'organiser', password, campaignId: null, unitId: null, roundIds: [] })

  // Log in through the real route: session cookie and CSRF token.
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  expect(login.status).toBe(200)
  const setCookie = login.headers.getSetCookie().find((line) => line.startsWith('__Host-'))
  expect(setCookie).toMatch(/; *secure/i)
  expect(setCookie).toMatch(/; *httponly/i)
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const auth = { cookie: (setCookie as string).split(';')[0] as string, 'x-csrf-token': csrfToken }

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const type = res.headers.get('content-type') ?? ''
    return { status: res.status, json: type.includes('json') ? await res.json() : null, res }
  }
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body)
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`)
    return r.json
  }

  // A CSRF-less mutation with the session cookie is refused.
  expect((await call('POST', '/api/campaigns', { name: 'x' }, { cookie: auth.cookie })).status).toBe(403)

  // Setup: campaign, categories, units, form, round.
  const campaign = await ok('POST', '/api/campaigns', { name: '主题教育群众评议' })
  const base$ = `/api/campaigns/${campaign.id}`
  await ok('POST', `${base$}/categories/preset`, { preset: 'standard' })
  const categories = (await ok('GET', `${base$}/categories`)).categories as { id: string; name: string }[]
  const district = await ok('POST', `${base$}/units`, { name: '开发区', kind: '区' })
  const streets = []
  for (const name of ['侯口街道', '新城街道', '滨河街道']) streets.push(await ok('POST', `${base$}/units`, { name, kind: '街道', parentId: district.id }))
  const form = await ok('POST', `${base$}/forms/preset`, { preset: 'analysis5', scale: 'satisfied4', abstain: true })
  const round = await ok('POST', `${base$}/rounds`, { name: '分析检查报告群众评议', stage: 'analysis', channels: ['codes'], formId: form.id })
  const roundPath = `${base$}/rounds/${round.id}`
  await ok('PUT', `${roundPath}/units`, { units: streets.map((s) => ({ unitId: s.id, handedOut: 10 })) })
  const opened = await ok('POST', `${roundPath}/open`)
  expect(opened.status).toBe('open')

  // Codes for one category, every unit of the round.
  const batch = await ok('POST', `/api/rounds/${round.id}/code-batches`, { categoryId: categories[0]!.id, units: 'all', count: 6 })
  const codes = batch.codes as string[]
  expect(codes).toHaveLength(6)

  // The evaluator's form as the phone gets it.
  const page = await fetch(`${base}/e/${round.id}`)
  expect(page.status).toBe(200)
  const formDetail = await ok('GET', `${base$}/forms/${form.id}`)
  const dimensions = formDetail.dimensions as { id: number }[]
  const levels = formDetail.levels as { id: number; satisfied: boolean; abstain: boolean }[]
  const satisfied = levels.find((l) => l.satisfied && !l.abstain)!
  const unsatisfied = levels.filter((l) => !l.satisfied && !l.abstain).at(-1)!

  // Six codes rate every street; the first street gets one 不满意 ballot on every dimension.
  const submit = (code: string, unitId: string, level: number, submissionId = crypto.randomUUID()) =>
    call('POST', `/api/rounds/${round.id}/ballots`, { submissionId, code, unitId, answers: Object.fromEntries(dimensions.map((d) => [String(d.id), level])) }, {})
  const statuses: number[] = []
  for (const [i, code] of codes.entries()) {
    for (const [u, street] of streets.entries()) {
      const r = await submit(code, street.id, i === 0 && u === 0 ? unsatisfied.id : satisfied.id)
      statuses.push(r.status)
    }
  }
  expect(statuses.every((s) => s === 201)).toBe(true)

  // A retry with the same submission id: the same answer, nothing stored twice.
  const extra = await ok('POST', `/api/rounds/${round.id}/code-batches`, { categoryId: categories[1]!.id, units: 'all', count: 1 })
  const retryId = crypto.randomUUID()
  const first = await submit(extra.codes[0], streets[1]!.id, satisfied.id, retryId)
  const retry = await submit(extra.codes[0], streets[1]!.id, satisfied.id, retryId)
  expect([first.status, retry.status]).toEqual([201, 201])
  expect(retry.json).toEqual(first.json)
  // The same code again under a new submission id: 409 in Chinese.
  const reused = await submit(extra.codes[0], streets[1]!.id, satisfied.id)
  expect(reused.status).toBe(409)
  expect(reused.json.error.code).toBe('code_used')
  expect(reused.json.error.message).toMatch(/已经评议/)

  // Close: every ballot counted, tallies recomputed from ballots agree.
  const closed = await ok('POST', `${roundPath}/close`)
  expect(closed.status).toBe('closed')
  expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
  const afterClose = await submit(codes[1]!, streets[2]!.id, satisfied.id)
  expect(afterClose.status).toBe(409)

  // Results are the organiser's alone until published: anonymous readers get 403.
  expect((await call('GET', `/api/results/rounds/${round.id}`, undefined, {})).status).toBe(403)
  const live = await ok('GET', `/api/results/rounds/${round.id}`)
  expect(live.publication).toBeNull()
  const byUnit = new Map((live.units as { id: string; ballots: { valid: number }; total: { rates: (number | null)[] } | null }[]).map((u) => [u.id, u]))
  const figures: PathFigures = {
    ballots: streets.map((s) => byUnit.get(s.id)!.ballots.valid),
    firstDimension: streets.map((s) => byUnit.get(s.id)!.total?.rates.slice(0, levels.length) ?? []),
  }
  expect(figures.ballots).toEqual([6, 7, 6])

  // Publish to the public; the public JSON and page carry the snapshot and its SHA-256.
  const published = await ok('POST', `/api/results/rounds/${round.id}/publications`, { audience: { public: true } })
  expect(published.hash).toMatch(/^[0-9a-f]{64}$/)
  expect(published.url).toBe(`/p/${published.slug}`)
  const publicJson = await call('GET', `/api/results/public/${published.slug}`, undefined, {})
  expect(publicJson.status).toBe(200)
  expect(publicJson.json.publication.hash).toBe(published.hash)
  expect(publicJson.json.units.map((u: { id: string; ballots: { valid: number } }) => [u.id, u.ballots.valid])).toEqual(streets.map((s, i) => [s.id, figures.ballots[i]]))
  const publicPage = await fetch(`${base}${published.url}`)
  expect(publicPage.status).toBe(200)
  const html = await publicPage.text()
  expect(html).toContain('分析检查报告群众评议')
  expect(html).toContain(published.hash)
  figures.published = { units: publicJson.json.units.length, satisfaction: publicJson.json.units.map((u: { total: unknown }) => u.total) }
  expect(figures.published.units).toBe(3)
  // Revoked: gone for the public at once (no cache in between).
  await ok('POST', `/api/results/publications/${published.id}/revoke`)
  expect((await call('GET', `/api/results/public/${published.slug}`, undefined, {})).status).toBe(404)
  expect((await fetch(`${base}${published.url}`)).status).toBe(404)
  // 满意 5 of 6, 不满意 1 of 6; 不了解 is out of the denominator and has no rate.
  expect(figures.firstDimension[0]).toEqual([8333, 0, 0, 1667, null])
  expect(figures.firstDimension[1]).toEqual([10000, 0, 0, 0, null])
  return {
    figures,
    auth,
    ids: { campaign: campaign.id, round: round.id, form: form.id, unit: streets[0]!.id, batch: batch.batch.id, category: categories[0]!.id },
  }
}

export interface PathResult {
  figures: PathFigures
  /** The organiser's session cookie and CSRF header. */
  auth: Record<string, string>
  /** Ids the path made, to fill in route parameters (`:campaign`, `:round` …). */
  ids: Record<string, string>
}

export interface PathFigures {
  /** Valid ballots per street. */
  ballots: number[]
  /** Level rates of the first dimension per street, in hundredths of a percent (as the results API gives them). */
  firstDimension: (number | null)[][]
  /** What the public read of the published snapshot. */
  published?: { units: number; satisfaction: unknown[] }
}
