import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { seedDemo } from '../../server/demo/seed'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'

describeEachDatabase('accounts API', (database) => {
  let app: ReturnType<typeof createApp>
  let a: { id: string; roundId: string; unitHK: string }
  let b: { id: string; roundId: string; unitHK: string }
  let office: TestLogin
  let organiserA: TestLogin
  const db = () => database().db
  const send = (method: string, path: string, who: TestLogin, body?: unknown) =>
    app.request(path, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const login = (username: string, password: string) =>
    app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })

  async function campaign() {
    const roundId = await seedDemo(db())
    const round = await db().selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirstOrThrow()
    const unit = await db().selectFrom('unit').select('id').where('campaign_id', '=', round.campaign_id).where('code', '=', 'TM-HK').executeTakeFirstOrThrow()
    return { id: round.campaign_id, roundId, unitHK: unit.id }
  }

  beforeAll(async () => {
    app = createApp({ db: db(), log: () => {} })
    a = await campaign()
    b = await campaign()
    office = await loginAs(app, db(), 'organiser')
    organiserA = await loginAs(app, db(), 'organiser', { campaignId: a.id })
  })

  it('lets a campaign organiser create accounts in that campaign, recorded in the audit log', async () => {
    const res = await send('POST', '/api/users', organiserA, { username: 'Ma.Clerk', name: '马录入', role: 'clerk', password: 'clerk password', roundIds: [a.roundId] })
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toEqual({ id: expect.any(String), username: 'ma.clerk', name: '马录入', role: 'clerk', campaignId: a.id, unitId: null, roundIds: [a.roundId], disabled: false })
    expect((await login('ma.clerk', 'clerk password')).status).toBe(200)
    const audit = await db().selectFrom('audit_log').select(['actor_id', 'action', 'campaign_id']).where('entity_id', '=', created.id).execute()
    expect(audit).toEqual([{ actor_id: organiserA.user.id, action: 'create', campaign_id: a.id }])
    const list = await (await send('GET', '/api/users', organiserA)).json()
    expect(list.users.map((u: { username: string }) => u.username)).toEqual(['ma.clerk', organiserA.username])
  })

  it('refuses other campaigns, office-wide accounts and scopes outside the campaign', async () => {
    const base = { name: '某人', password: 'some password' }
    const cases: [unknown, number, string][] = [
      [{ ...base, username: 'x1', role: 'leader', campaignId: b.id }, 403, 'forbidden'],
      [{ ...base, username: 'x2', role: 'organiser', campaignId: null }, 403, 'forbidden'],
      [{ ...base, username: 'x3', role: 'liaison', unitId: b.unitHK }, 422, 'invalid_scope'],
      [{ ...base, username: 'x4', role: 'clerk', roundIds: [b.roundId] }, 422, 'invalid_scope'],
      [{ ...base, username: 'x5', role: 'leader', password: 'short' }, 422, 'invalid_input'],
      [{ ...base, username: 'x6', role: 'boss' }, 422, 'invalid_input'],
      [{ ...base, username: organiserA.username, role: 'leader' }, 409, 'username_taken'],
    ]
    for (const [body, status, code] of cases) {
      const res = await send('POST', '/api/users', organiserA, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect((await res.json()).error.code).toBe(code)
    }
    const leader = await loginAs(app, db(), 'leader', { campaignId: a.id })
    expect((await send('POST', '/api/users', leader, { ...base, username: 'x7', role: 'leader' })).status).toBe(403)
    expect((await send('GET', '/api/users', leader)).status).toBe(403)
    expect((await send('GET', `/api/users?campaignId=${b.id}`, organiserA)).status).toBe(403)
    const stored = await db().selectFrom('app_user').select('username').where('username', 'in', ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']).execute()
    expect(stored).toEqual([])
  })

  it('lets an office-wide organiser create office organisers and accounts in any campaign', async () => {
    const res = await send('POST', '/api/users', office, { username: 'office2', name: '办公室二', role: 'organiser', password: 'office password' })
    expect(res.status).toBe(201)
    expect((await res.json()).campaignId).toBeNull()
    const liaison = await send('POST', '/api/users', office, { username: 'liaison.b', name: '联络员', role: 'liaison', password: 'liaison password', campaignId: b.id, unitId: b.unitHK })
    expect(liaison.status).toBe(201)
    const all = await (await send('GET', '/api/users', office)).json()
    expect(all.users.length).toBeGreaterThanOrEqual(5)
    const onlyB = await (await send('GET', `/api/users?campaignId=${b.id}`, office)).json()
    expect(onlyB.users.map((u: { username: string }) => u.username)).toEqual(['liaison.b'])
  })

  it('disables an account and resets a password, ending its sessions', async () => {
    const leader = await loginAs(app, db(), 'leader', { campaignId: a.id })
    expect((await app.request('/api/auth/me', { headers: leader.headers })).status).toBe(200)
    const disabled = await send('PATCH', `/api/users/${leader.user.id}`, organiserA, { disabled: true })
    expect(disabled.status).toBe(200)
    expect((await disabled.json()).disabled).toBe(true)
    expect((await app.request('/api/auth/me', { headers: leader.headers })).status).toBe(401)
    // the right password now hears why; a wrong one still hears nothing about the account
    const refused = await login(leader.username, leader.password)
    expect(refused.status).toBe(403)
    expect((await refused.json()).error).toEqual({ code: 'account_disabled', message: '账号已停用，请联系活动办公室。' })
    expect((await login(leader.username, 'not the password')).status).toBe(401)

    expect((await send('PATCH', `/api/users/${leader.user.id}`, organiserA, { disabled: false, password: 'a new password' })).status).toBe(200)
    expect((await login(leader.username, leader.password)).status).toBe(401)
    expect((await login(leader.username, 'a new password')).status).toBe(200)
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', leader.user.id).where('action', '=', 'update').orderBy('id').execute()
    expect(audit.map((r) => [(r.before as { disabled: boolean }).disabled, (r.after as { disabled: boolean }).disabled])).toEqual([[false, true], [true, false]])
    expect((audit[1]!.after as { passwordReset?: boolean }).passwordReset).toBe(true)
    expect(JSON.stringify(audit)).not.toContain('a new password')
  })

  it('moves a liaison to another unit of its campaign, audited with before and after', async () => {
    const unit = async (campaignId: string, code: string) =>
      (await db().selectFrom('unit').select('id').where('campaign_id', '=', campaignId).where('code', '=', code).executeTakeFirstOrThrow()).id
    const school = await unit(a.id, 'TM-SCH')
    const liaison = await loginAs(app, db(), 'liaison', { campaignId: a.id, unitId: a.unitHK })
    const moved = await send('PATCH', `/api/users/${liaison.user.id}`, organiserA, { unitId: school })
    expect(moved.status).toBe(200)
    expect((await moved.json()).unitId).toBe(school)
    // the session stays, and sees the new unit from its next request
    expect((await (await app.request('/api/auth/me', { headers: liaison.headers })).json()).user.unitId).toBe(school)
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', liaison.user.id).where('action', '=', 'update').executeTakeFirstOrThrow()
    expect([(audit.before as { unitId: string }).unitId, (audit.after as { unitId: string }).unitId]).toEqual([a.unitHK, school])

    // another campaign's unit, an archived unit, no unit: refused at the field, nothing changed
    const archived = await unit(a.id, 'TM-FIN')
    await db().updateTable('unit').set({ archived_at: new Date() }).where('id', '=', archived).execute()
    for (const unitId of [await unit(b.id, 'TM-SCH'), archived, null]) {
      const res = await send('PATCH', `/api/users/${liaison.user.id}`, organiserA, { unitId })
      expect(res.status, String(unitId)).toBe(422)
      expect((await res.json()).error).toMatchObject({ code: 'invalid_scope', issues: [{ path: 'unitId' }] })
    }
    await db().updateTable('unit').set({ archived_at: null }).where('id', '=', archived).execute()
    expect((await db().selectFrom('app_user').select('unit_id').where('id', '=', liaison.user.id).executeTakeFirstOrThrow()).unit_id).toBe(school)
  })

  it('changes an account’s role with the scope the new role needs, never one’s own', async () => {
    const leader = await loginAs(app, db(), 'leader', { campaignId: a.id })
    const path = `/api/users/${leader.user.id}`
    // a liaison needs a unit; a unit or rounds for a role that has none are refused
    expect((await (await send('PATCH', path, organiserA, { role: 'liaison' })).json()).error).toMatchObject({ code: 'invalid_scope', issues: [{ path: 'unitId' }] })
    expect((await (await send('PATCH', path, organiserA, { unitId: a.unitHK })).json()).error).toMatchObject({ code: 'invalid_scope', issues: [{ path: 'unitId' }] })
    expect((await (await send('PATCH', path, organiserA, { role: 'liaison', roundIds: [a.roundId], unitId: a.unitHK })).json()).error.issues).toEqual([{ path: 'roundIds' }])
    const liaison = await send('PATCH', path, organiserA, { role: 'liaison', unitId: a.unitHK })
    expect(await liaison.json()).toMatchObject({ role: 'liaison', unitId: a.unitHK, roundIds: [] })
    // leaving a role drops its scope
    expect(await (await send('PATCH', path, organiserA, { role: 'clerk', roundIds: [a.roundId] })).json()).toMatchObject({ role: 'clerk', unitId: null, roundIds: [a.roundId] })
    expect(await (await send('PATCH', path, organiserA, { role: 'leader' })).json()).toMatchObject({ role: 'leader', unitId: null, roundIds: [] })
    expect(await db().selectFrom('clerk_round').select('round_id').where('user_id', '=', leader.user.id).execute()).toEqual([])
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', leader.user.id).where('action', '=', 'update').orderBy('id').execute()
    expect(audit.map((r) => [(r.before as { role: string }).role, (r.after as { role: string }).role])).toEqual([
      ['leader', 'liaison'],
      ['liaison', 'clerk'],
      ['clerk', 'leader'],
    ])
    // one's own role: no (an organiser could lock themself out); an office-wide account stays an organiser
    const own = await send('PATCH', `/api/users/${organiserA.user.id}`, organiserA, { role: 'leader' })
    expect(own.status).toBe(409)
    expect((await own.json()).error).toEqual({ code: 'cannot_change_own_role', message: '不能修改自己账号的角色。', issues: [{ path: 'role' }] })
    const officeMate = await loginAs(app, db(), 'organiser')
    expect((await (await send('PATCH', `/api/users/${officeMate.user.id}`, office, { role: 'leader' })).json()).error).toMatchObject({ code: 'invalid_scope', issues: [{ path: 'role' }] })
    expect((await send('PATCH', `/api/users/${office.user.id}`, organiserA, { role: 'leader' })).status).toBe(403)
    expect((await db().selectFrom('app_user').select('role').where('id', 'in', [organiserA.user.id, officeMate.user.id]).execute()).map((r) => r.role)).toEqual(['organiser', 'organiser'])
  })

  it('changes a clerk’s rounds within the campaign only, and refuses swapped ids', async () => {
    const clerk = await loginAs(app, db(), 'clerk', { campaignId: a.id })
    const set = await send('PATCH', `/api/users/${clerk.user.id}`, organiserA, { roundIds: [a.roundId] })
    expect((await set.json()).roundIds).toEqual([a.roundId])
    expect((await send('PATCH', `/api/users/${clerk.user.id}`, organiserA, { roundIds: [b.roundId] })).status).toBe(422)
    const other = await loginAs(app, db(), 'leader', { campaignId: b.id })
    expect((await send('PATCH', `/api/users/${other.user.id}`, organiserA, { name: '改名' })).status).toBe(403)
    expect((await send('PATCH', `/api/users/${office.user.id}`, organiserA, { disabled: true })).status).toBe(403)
    expect((await send('PATCH', `/api/users/${organiserA.user.id}`, organiserA, { disabled: true })).status).toBe(409)
    expect((await send('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', organiserA, { name: 'x' })).status).toBe(404)
    expect((await send('PATCH', `/api/users/${clerk.user.id}`, organiserA, {})).status).toBe(422)
    const names = await db().selectFrom('app_user').select('name').where('id', '=', other.user.id).executeTakeFirstOrThrow()
    expect(names.name).not.toBe('改名')
  })
})
