import { beforeAll, expect, it } from 'vitest'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { demoBatch } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { client } from '../support/setup-api'
import { recordFigure } from './summary'

/** Results, setup and export routes: what none of the actors below may get a 2xx from. */
const IN_SCOPE = /^\/api\/results\/|^\/results(\/|$)|^\/r\/|^\/api\/rounds\/:round\/(results|code-batches)|^\/api\/campaigns|^\/api\/presets|^\/console\/campaigns|\/export|\.csv$|\.xlsx$|^\/api\/users|^\/api\/audit|^\/console\/(users|audit)/

describeEachDatabase('access matrix', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let victim: RoundContext
  let other: RoundContext
  let actors: Record<string, Record<string, string>>
  let owner: TestLogin
  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx: victim } = await demoApp(db))
    other = await loadRoundContext(db, await seedDemo(db))
    owner = await loginAs(app, db, 'organiser', { campaignId: victim.round.campaign_id })
    // The liaison's unit must be outside the audience unit's subtree (a publication to a unit includes its subtree).
    const parents = new Map((await db.selectFrom('unit').select(['id', 'parent_id']).execute()).map((u) => [u.id, u.parent_id]))
    const under = (id: string, ancestor: string): boolean => id === ancestor || (parents.get(id) ? under(parents.get(id)!, ancestor) : false)
    const liaisonUnit = victim.units.find((u) => !under(u.id, victim.units[0]!.id) && !under(victim.units[0]!.id, u.id))!
    const login = async (...args: Parameters<typeof loginAs> extends [unknown, unknown, ...infer R] ? R : never) => (await loginAs(app, db, ...args)).headers
    actors = {
      "other campaign's organiser": await login('organiser', { campaignId: other.round.campaign_id }),
      leader: await login('leader', { campaignId: victim.round.campaign_id }),
      'liaison of another unit': await login('liaison', { campaignId: victim.round.campaign_id, unitId: liaisonUnit.id }),
      clerk: await login('clerk', { campaignId: victim.round.campaign_id, roundIds: [victim.round.id] }),
      anonymous: {},
    }
  })

  it('8. gives no unexpected 2xx on any results, setup or export route, before and after publication, with swapped ids', async () => {
    const db = database().db
    const { codes, id: batchId } = await demoBatch(db, victim, 10)
    for (const code of codes) {
      const answers = Object.fromEntries(victim.dimensions.map((d) => [String(d.id), victim.levels[0]!.id]))
      expect((await postJson(app, `/api/rounds/${victim.round.id}/ballots`, { submissionId: crypto.randomUUID(), code, unitId: victim.units[0]!.id, answers })).status).toBe(201)
    }
    const call = client(app, owner.headers)
    expect((await call('POST', `/api/campaigns/${victim.round.campaign_id}/rounds/${victim.round.id}/close`, {})).status).toBe(200)

    const routes = new Map<string, { method: string; path: string }>()
    for (const r of app.routes) if (r.method !== 'ALL' && !r.path.includes('*') && IN_SCOPE.test(r.path)) routes.set(`${r.method} ${r.path}`, { method: r.method, path: r.path })
    const unexpected: string[] = []
    let requests = 0
    let allowed = 0
    const victimIds = [victim.round.campaign_id, victim.round.id, batchId, ...victim.units.map((u) => u.id)]
    const run = async (phase: string, ids: Record<string, string>) => {
      const idSets: Record<string, Record<string, string>> = {
        "victim's ids": ids,
        'swapped: own campaign, victim round and unit': { ...ids, campaign: other.round.campaign_id },
        'swapped: victim campaign, other round and unit': { ...ids, round: other.round.id, unit: other.units[0]!.id },
      }
      for (const [who, headers] of Object.entries(actors)) {
        for (const [idName, set] of Object.entries(idSets)) {
          for (const { method, path } of routes.values()) {
            const url = path.replace(/:([A-Za-z]+)/g, (_, name: string) => set[name] ?? '00000000-0000-4000-8000-000000000000')
            const res = await app.request(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' })
            const body = await res.text()
            requests++
            // A 2xx is unexpected when it shows any of the victim's ids, or changes something under them.
            // (An organiser's own campaign and lists scoped to it are theirs to see.)
            // By design a leader of the campaign sees turnout (counts only, never a level) and a
            // unit's page, which lists only rounds published to them: the unit's own id is echoed.
            if (who === 'leader' && /\/turnout$/.test(path) && method === 'GET') {
              allowed += res.status < 300 ? 1 : 0
              continue
            }
            const echoed = who === 'leader' && /\/units\/:unit$/.test(path) ? set.unit : undefined
            const leaks = victimIds.some((id) => id !== echoed && body.includes(id))
            const acts = method !== 'GET' && victimIds.some((id) => url.includes(id))
            if (res.status < 300 && (leaks || acts)) unexpected.push(`${phase} · ${who} · ${idName} · ${method} ${path} → ${res.status}`)
            else if (res.status < 300) allowed++
          }
        }
      }
    }
    const base: Record<string, string> = { campaign: victim.round.campaign_id, round: victim.round.id, unit: victim.units[0]!.id, batch: batchId, form: victim.round.form_id ?? '', action: 'reopen', publication: '00000000-0000-4000-8000-000000000000', slug: 'none' }
    await run('closed, unpublished', base)
    // Published to unit 0 only: still nobody of the actors above (the liaison is unit 1's).
    const published = await call('POST', `/api/results/rounds/${victim.round.id}/publications`, { audience: { units: [victim.units[0]!.id] } })
    expect(published.status).toBe(201)
    victimIds.push(published.json.id, published.json.slug)
    await run('published to unit 0', { ...base, publication: published.json.id, slug: published.json.slug })
    const integrity = await tallyMismatches(db)
    const pass = unexpected.length === 0 && integrity.tally + integrity.counts === 0
    recordFigure(
      `8. access matrix [${database().driver}]`,
      `${routes.size} results/setup/export routes × 5 actors × 3 id sets × {unpublished, published} = ${requests} requests: ${unexpected.length} unexpected 2xx (2xx showing or changing the victim's data; ${allowed} other 2xx on the actor's own scope)${unexpected.length ? ` (${unexpected.slice(0, 3).join('; ')})` : ''}`,
      pass,
    )
    expect(unexpected).toEqual([])
    expect(routes.size).toBeGreaterThan(40)
    expect(integrity).toEqual({ tally: 0, counts: 0 })
  }, 300_000)
})
