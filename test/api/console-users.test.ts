import { beforeAll, expect, it } from 'vitest'
import { seedDemo } from '../../server/demo/seed'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { setupApp, type TestApp } from '../support/setup-api'

type Fields = Record<string, string | string[]>

// /console/users as an office uses it: passwords typed twice, a liaison moved to another unit,
// an account given another role — each refusal at its field, nothing typed lost but passwords.
describeEachDatabase('console: accounts', (database) => {
  let app: TestApp
  let organiser: TestLogin
  let campaignId: string
  let roundId: string
  const units: Record<string, string> = {}
  const db = () => database().db
  const get = (path: string, lang = '') => app.request(path, { headers: { cookie: `${organiser.cookie}${lang}`, accept: 'text/html' } })
  const post = (path: string, fields: Fields, lang = '') => {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    body.set('_csrf', organiser.csrf)
    return app.request(path, { method: 'POST', headers: { cookie: `${organiser.cookie}${lang}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  }
  const fieldError = (page: string, name: string) => new RegExp(`id="${name}-error">([^<]*)<`).exec(page)?.[1]
  const account = (username: string) => db().selectFrom('app_user').select(['id', 'role', 'unit_id', 'password_hash']).where('username', '=', username).executeTakeFirst()
  const login = (username: string, password: string) =>
    app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })

  beforeAll(async () => {
    app = setupApp(db())
    roundId = await seedDemo(db())
    campaignId = (await db().selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirstOrThrow()).campaign_id
    for (const row of await db().selectFrom('unit').select(['id', 'code']).where('campaign_id', '=', campaignId).execute()) units[row.code ?? ''] = row.id
    organiser = await loginAs(app, db(), 'organiser', { campaignId, name: '周主任' })
  })

  it('creates an account only when its initial password was typed the same twice', async () => {
    const form = await (await get('/console/users')).text()
    expect(form).toContain('<input type="password" name="confirmPassword"')
    const fields = { username: 'tang.liaison', name: '唐联络', role: 'liaison', unitId: units['TM-HK']!, password: 'initial password', confirmPassword: 'initial pasword' }
    const typo = await post('/console/users', fields)
    expect(typo.status).toBe(422)
    const page = await typo.text()
    expect(fieldError(page, 'confirmPassword')).toBe('两次输入的密码不一致，请重新输入')
    expect(page).toContain('data-for="confirmPassword">再次输入密码：两次输入的密码不一致，请重新输入</a>')
    // what was typed stays, but never a password
    expect(page).toContain('value="tang.liaison"')
    expect(page).toContain('value="唐联络"')
    expect(page).toContain(`<option value="${units['TM-HK']}" selected="">`)
    expect(page).not.toContain('initial pas')
    expect(await account('tang.liaison')).toBeUndefined()
    const english = await post('/console/users', fields, '; lang=en')
    expect(fieldError(await english.text(), 'confirmPassword')).toBe('the two passwords differ; type both again')
    const made = await post('/console/users', { ...fields, confirmPassword: 'initial password' })
    expect([made.status, made.headers.get('location')]).toEqual([303, '/console/users?created=1'])
    expect((await login('tang.liaison', 'initial password')).status).toBe(200)
  })

  it('resets a password only when typed the same twice', async () => {
    const target = await loginAs(app, db(), 'leader', { campaignId, name: '宋领导' })
    const path = `/console/users/${target.user.id}`
    expect(await (await get(path)).text()).toContain('<input type="password" name="confirmPassword"')
    const before = (await account(target.username))!.password_hash
    const typo = await post(path, { name: '宋领导', role: 'leader', password: 'a reset password', confirmPassword: 'a reset pasword' })
    expect(typo.status).toBe(422)
    const page = await typo.text()
    expect(fieldError(page, 'confirmPassword')).toBe('两次输入的密码不一致，请重新输入')
    expect(page).not.toContain('a reset pas')
    // the confirmation alone is a mismatch too, not a silent nothing
    expect(fieldError(await (await post(path, { name: '宋领导', role: 'leader', password: '', confirmPassword: 'a reset password' })).text(), 'confirmPassword')).toBe('两次输入的密码不一致，请重新输入')
    expect((await account(target.username))!.password_hash).toBe(before)
    expect((await app.request('/api/auth/me', { headers: target.headers })).status).toBe(200)
    expect((await post(path, { name: '宋领导', role: 'leader', password: 'a reset password', confirmPassword: 'a reset password' })).status).toBe(303)
    expect((await login(target.username, 'a reset password')).status).toBe(200)
    // no password typed: nothing asked twice, nothing reset
    expect((await post(path, { name: '宋领导改', role: 'leader', password: '', confirmPassword: '' })).status).toBe(303)
    expect((await login(target.username, 'a reset password')).status).toBe(200)
  })

  it('moves a liaison to another unit from its page, audited with before and after', async () => {
    const liaison = await loginAs(app, db(), 'liaison', { campaignId, unitId: units['TM-HK'], name: '钱联络' })
    const path = `/console/users/${liaison.user.id}`
    const form = await (await get(path)).text()
    expect(form).toContain(`<option value="${units['TM-HK']}" selected="">`)
    expect(form).toContain(`<option value="${units['TM-SCH']}">`)
    // no unit for a liaison: refused beside the unit field, the rest kept
    const none = await post(path, { name: '钱联络员', role: 'liaison', unitId: '' })
    expect(none.status).toBe(422)
    const nonePage = await none.text()
    expect(fieldError(nonePage, 'unitId')).toBe('账号的活动、单位或评议范围不正确。')
    expect(nonePage).toContain('value="钱联络员"')
    const moved = await post(path, { name: '钱联络', role: 'liaison', unitId: units['TM-SCH']! })
    expect([moved.status, moved.headers.get('location')]).toEqual([303, '/console/users?updated=1'])
    expect((await account(liaison.username))!.unit_id).toBe(units['TM-SCH'])
    const audit = await db().selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', liaison.user.id).execute()
    expect(audit.map((r) => [(r.before as { unitId: string }).unitId, (r.after as { unitId: string }).unitId])).toEqual([[units['TM-HK'], units['TM-SCH']]])
    const log = await (await get('/console/audit?entity=user')).text()
    expect(log).toContain('<li>单位：<code>侯口街道</code> → <code>开发区实验学校</code></li>')
  })

  it('gives an account another role with the scope it needs, but not one’s own', async () => {
    const leader = await loginAs(app, db(), 'leader', { campaignId, name: '孙领导' })
    const path = `/console/users/${leader.user.id}`
    const form = await (await get(path)).text()
    expect(form).toContain('<option value="leader" selected="">领导</option>')
    // to clerk with a round: the unit select (filled for another role) does not count
    const clerk = await post(path, { name: '孙录入', role: 'clerk', unitId: units['TM-HK']!, roundIds: [roundId] })
    expect(clerk.status).toBe(303)
    expect(await db().selectFrom('app_user').select(['role', 'unit_id']).where('id', '=', leader.user.id).executeTakeFirstOrThrow()).toEqual({ role: 'clerk', unit_id: null })
    expect((await db().selectFrom('clerk_round').select('round_id').where('user_id', '=', leader.user.id).execute()).map((r) => r.round_id)).toEqual([roundId])
    // to liaison: its unit comes with it
    expect((await post(path, { name: '孙联络', role: 'liaison', unitId: units['TM-FIN']! })).status).toBe(303)
    expect(await db().selectFrom('app_user').select(['role', 'unit_id']).where('id', '=', leader.user.id).executeTakeFirstOrThrow()).toEqual({ role: 'liaison', unit_id: units['TM-FIN'] })
    expect(await db().selectFrom('clerk_round').select('round_id').where('user_id', '=', leader.user.id).execute()).toEqual([])
    const log = await (await get('/console/audit?entity=user')).text()
    expect(log).toContain('<li>角色：<code>录入员</code> → <code>单位联络员</code></li>')
    // one's own role is shown greyed out, and a forged post changes nothing
    const own = await (await get(`/console/users/${organiser.user.id}`)).text()
    expect(own).toContain('<select name="role" disabled="">')
    const forged = await post(`/console/users/${organiser.user.id}`, { name: '周主任', role: 'leader' })
    expect(forged.status).toBe(409)
    expect(fieldError(await forged.text(), 'role')).toBe('不能修改自己账号的角色。')
    expect((await account(organiser.username))!.role).toBe('organiser')
  })
})
