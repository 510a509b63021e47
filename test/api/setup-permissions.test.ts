import { beforeAll, expect, it } from 'vitest'
import { loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { type Call, client, organiserApp, type TestApp } from '../support/setup-api'

/** Every campaign-setup endpoint, with a body the schema accepts, for campaign `c` and its ids. */
function endpoints(c: string, ids: { unit: string; form: string; round: string }): [string, string, unknown?][] {
  const base = `/api/campaigns/${c}`
  return [
    ['GET', base],
    ['PATCH', base, { theme: 'x' }],
    ['GET', `${base}/units`],
    ['POST', `${base}/units`, { name: '村', kind: '村' }],
    ['GET', `${base}/units/export`],
    ['GET', `${base}/units/${ids.unit}`],
    ['PATCH', `${base}/units/${ids.unit}`, { name: '改' }],
    ['POST', `${base}/units/${ids.unit}/archive`],
    ['POST', `${base}/units/${ids.unit}/restore`],
    ['GET', `${base}/categories`],
    ['PUT', `${base}/categories`, { categories: [{ name: '党员' }] }],
    ['POST', `${base}/categories/preset`, { preset: 'standard' }],
    ['GET', `${base}/forms`],
    ['POST', `${base}/forms/preset`, { preset: 'analysis5', scale: 'good4' }],
    ['GET', `${base}/forms/${ids.form}`],
    ['GET', `${base}/rounds`],
    ['POST', `${base}/rounds`, { name: '评议', stage: 'study' }],
    ['GET', `${base}/rounds/${ids.round}`],
    ['PATCH', `${base}/rounds/${ids.round}`, { name: '改' }],
    ['PUT', `${base}/rounds/${ids.round}/units`, { units: [] }],
    ['POST', `${base}/rounds/${ids.round}/open`],
  ]
}

describeEachDatabase('campaign setup permissions', (database) => {
  let app: TestApp
  let office: Call
  const a = { id: '', unit: '', form: '', round: '' }
  const b = { id: '', unit: '', form: '', round: '' }

  beforeAll(async () => {
    ;({ app, call: office } = await organiserApp(database().db))
    for (const side of [a, b]) {
      side.id = (await office('POST', '/api/campaigns', { name: side === a ? '甲活动' : '乙活动' })).json.id
      side.unit = (await office('POST', `/api/campaigns/${side.id}/units`, { name: '单位', kind: '村' })).json.id
      side.form = (await office('POST', `/api/campaigns/${side.id}/forms/preset`, { preset: 'analysis5', scale: 'satisfied4' })).json.id
      side.round = (await office('POST', `/api/campaigns/${side.id}/rounds`, { name: '评议', stage: 'analysis' })).json.id
    }
  })

  it('asks anonymous callers to log in and refuses the other roles', async () => {
    const anonymous = client(app)
    for (const [method, path, body] of [['GET', '/api/campaigns'], ['POST', '/api/campaigns', { name: 'x' }], ['GET', '/api/presets'], ...endpoints(a.id, a)] as [string, string, unknown?][]) {
      const res = await anonymous(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(res.json.error.code).toBe('unauthenticated')
    }
    const db = database().db
    for (const role of ['leader', 'liaison', 'clerk'] as const) {
      const login = await loginAs(app, db, role, { campaignId: a.id, unitId: role === 'liaison' ? a.unit : null, roundIds: role === 'clerk' ? [a.round] : [] })
      const as = client(app, login.headers)
      for (const [method, path, body] of [['GET', '/api/campaigns'], ['GET', '/api/presets'], ...endpoints(a.id, a)] as [string, string, unknown?][]) {
        const res = await as(method, path, body)
        expect(res.status, `${role} ${method} ${path}`).toBe(403)
      }
    }
  })

  it('keeps a campaign organiser out of other campaigns, whatever ids the URL or body names', async () => {
    const db = database().db
    const login = await loginAs(app, db, 'organiser', { campaignId: a.id })
    const organiserA = client(app, login.headers)
    expect((await organiserA('GET', '/api/campaigns')).json.campaigns.map((c: { id: string }) => c.id)).toEqual([a.id])
    expect((await organiserA('POST', '/api/campaigns', { name: '新活动' })).status).toBe(403)
    for (const [method, path, body] of endpoints(b.id, b)) {
      const res = await organiserA(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error.code).toBe('forbidden')
    }
    // A's URL with B's ids: nothing of B is found through A.
    const swapped = endpoints(a.id, b).filter(([, path]) => path.includes(b.unit) || path.includes(b.form) || path.includes(b.round))
    expect(swapped).toHaveLength(9)
    for (const [method, path, body] of swapped) {
      const res = await organiserA(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    const base = `/api/campaigns/${a.id}`
    expect((await organiserA('POST', `${base}/units`, { name: '村', kind: '村', parentId: b.unit })).json.error.code).toBe('unit_not_found')
    expect((await organiserA('PATCH', `${base}/units/${a.unit}`, { parentId: b.unit })).json.error.code).toBe('unit_not_found')
    expect((await organiserA('PATCH', `${base}/rounds/${a.round}`, { formId: b.form })).json.error.code).toBe('form_not_found')
    expect((await organiserA('PUT', `${base}/rounds/${a.round}/units`, { units: [{ unitId: b.unit }] })).json.error.code).toBe('unit_not_found')
    const bCategories = (await office('POST', `/api/campaigns/${b.id}/categories/preset`, { preset: 'standard' })).json.categories
    const steal = await organiserA('PUT', `${base}/categories`, { categories: [{ id: bCategories[0].id, name: '偷' }] })
    expect(steal.json.error.code).toBe('category_not_found')
    const bRows = await db.selectFrom('unit').select('name').where('campaign_id', '=', b.id).execute()
    expect(bRows).toEqual([{ name: '单位' }])
  })

  it('refuses a mutation without the CSRF token', async () => {
    const login = await loginAs(app, database().db, 'organiser')
    const res = await client(app, { cookie: login.cookie })('POST', '/api/campaigns', { name: '无令牌' })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('csrf_failed')
  })

  it('records setup changes and lifecycle steps in the audit log', async () => {
    const base = `/api/campaigns/${a.id}`
    await office('PUT', `${base}/rounds/${a.round}/units`, { units: [{ unitId: a.unit, handedOut: 10 }] })
    await office('PATCH', `${base}/rounds/${a.round}`, { formId: a.form })
    await office('POST', `${base}/categories/preset`, { preset: 'standard' })
    for (const step of ['open', 'close', 'reopen']) expect((await office('POST', `${base}/rounds/${a.round}/${step}`)).status).toBe(200)
    const rows = await database()
      .db.selectFrom('audit_log')
      .select(['action', 'entity', 'before', 'after'])
      .where('campaign_id', '=', a.id)
      .where('entity', '=', 'round')
      .where('entity_id', '=', a.round)
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.action)).toEqual(['create', 'set_units', 'update', 'open', 'close', 'reopen'])
    const reopen = rows[5] as { before: { status: string }; after: { status: string } }
    expect([reopen.before.status, reopen.after.status]).toEqual(['closed', 'open'])
    const forms = await database().db.selectFrom('audit_log').select(['action']).where('entity', '=', 'form').where('entity_id', '=', a.form).execute()
    expect(forms).toEqual([{ action: 'create' }])
  })
})
