import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { sha256Hex } from '../../server/auth/crypto'
import { createUser } from '../../server/auth/store'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext } from '../../server/rounds/store'
import { loginAs, sessionCookieOf } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoBallot, postJson } from '../support/demo'

const HOUR = 60 * 60 * 1000

describeEachDatabase('auth: login, sessions, CSRF', (database) => {
  let clock = new Date('2026-03-02T01:00:00Z')
  let app: ReturnType<typeof createApp>
  let campaignId: string
  let roundId: string
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    postJson(app, '/api/auth/login', { username, password }, headers)
  const me = (cookie: string) => app.request('/api/auth/me', { headers: { cookie } })

  beforeAll(async () => {
    const db = database().db
    app = createApp({ db, log: () => {}, now: () => clock, clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1' })
    roundId = await seedDemo(db)
    campaignId = (await loadRoundContext(db, roundId)).campaign.id
    await createUser(db, { username: 'wang.li', name: '王丽', role: 'organiser', password: 'correct horse battery', campaignId })
  })

  it('logs in with a Secure HttpOnly __Host- cookie whose token is stored only as a hash', async () => {
    const res = await login('  Wang.Li ', 'correct horse battery')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.user).toEqual({ id: expect.any(String), name: '王丽', role: 'organiser', campaignId, unitId: null })
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const [setCookie] = res.headers.getSetCookie()
    expect(setCookie).toMatch(/^__Host-pingyi_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    const cookie = sessionCookieOf(res)!
    const token = cookie.split('=')[1]!
    const rows = await database().db.selectFrom('user_session').select(['token_hash', 'user_id']).where('user_id', '=', body.user.id).execute()
    expect(rows).toEqual([{ token_hash: await sha256Hex(token), user_id: body.user.id }])
    const who = await me(cookie)
    expect(who.status).toBe(200)
    expect((await who.json()).user.name).toBe('王丽')
    expect(who.headers.get('cache-control')).toBe('private, no-store')
  })

  it('answers a wrong password and an unknown user alike, without a cookie', async () => {
    const wrong = await login('wang.li', 'wrong password', { 'x-test-address': '192.0.2.50' })
    const unknown = await login('nobody.here', 'wrong password', { 'x-test-address': '192.0.2.50' })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(res.headers.getSetCookie()).toEqual([])
    }
    const bodies = [await wrong.json(), await unknown.json()]
    expect(bodies[0]).toEqual({ error: { code: 'bad_credentials', message: '用户名或密码不正确。' } })
    expect(bodies[1]).toEqual(bodies[0])
  })

  it('tells a disabled account so only to its right password; a wrong one reads as any other', async () => {
    const db = database().db
    await createUser(db, { username: 'zhao.off', name: '赵停用', role: 'leader', password: 'disabled but right', campaignId })
    await db.updateTable('app_user').set({ disabled_at: clock }).where('username', '=', 'zhao.off').execute()
    const address = { 'x-test-address': '192.0.2.60' }
    const right = await login('zhao.off', 'disabled but right', address)
    expect(right.status).toBe(403)
    expect(await right.json()).toEqual({ error: { code: 'account_disabled', message: '账号已停用，请联系活动办公室。' } })
    expect(right.headers.getSetCookie()).toEqual([])
    const english = await login('zhao.off', 'disabled but right', { ...address, 'accept-language': 'en' })
    expect(await english.json()).toEqual({ error: { code: 'account_disabled', message: 'This account is disabled; ask the campaign office.' } })
    // a guesser learns nothing: the same answer as for an enabled account or none at all
    const wrong = await login('zhao.off', 'a wrong guess', address)
    const unknown = await login('nobody.at.all', 'a wrong guess', address)
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: { code: 'bad_credentials', message: '用户名或密码不正确。' } })
    }
    // every refused try counts toward the throttle, the right password of a disabled account too
    expect(await db.selectFrom('login_attempt').select('username').where('address', '=', '192.0.2.60').execute()).toHaveLength(4)
  })

  it('refuses malformed logins with 422 and non-JSON with 415', async () => {
    expect((await postJson(app, '/api/auth/login', { username: 'wang.li' })).status).toBe(422)
    expect((await postJson(app, '/api/auth/login', { username: 'wang.li', password: 'x', extra: 1 })).status).toBe(422)
    const form = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    expect(form.status).toBe(415)
  })

  it('rotates the session at login: the old cookie no longer works', async () => {
    const first = sessionCookieOf(await login('wang.li', 'correct horse battery'))!
    const second = await login('wang.li', 'correct horse battery', { cookie: first })
    expect(second.status).toBe(200)
    const secondCookie = sessionCookieOf(second)!
    expect(secondCookie).not.toBe(first)
    expect((await me(first)).status).toBe(401)
    expect((await me(secondCookie)).status).toBe(200)
  })

  it('refuses a cookie-authenticated mutation without the CSRF token, and accepts it with the token', async () => {
    const organiser = await loginAs(app, database().db, 'organiser', { campaignId })
    const noToken = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: organiser.cookie } })
    expect(noToken.status).toBe(403)
    expect((await noToken.json()).error.code).toBe('csrf_failed')
    const badToken = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: organiser.cookie, 'x-csrf-token': 'x'.repeat(43) } })
    expect(badToken.status).toBe(403)
    expect((await me(organiser.cookie)).status).toBe(200)

    const ok = await app.request('/api/auth/logout', { method: 'POST', headers: organiser.headers })
    expect(ok.status).toBe(204)
    expect(ok.headers.getSetCookie()[0]).toMatch(/^__Host-pingyi_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    expect((await me(organiser.cookie)).status).toBe(401)
    const left = await database().db.selectFrom('user_session').select('token_hash').where('user_id', '=', organiser.user.id).execute()
    expect(left).toEqual([])
  })

  it('checks the _csrf field of form posts', async () => {
    const organiser = await loginAs(app, database().db, 'organiser', { campaignId })
    const post = (csrf: string) =>
      app.request('/api/auth/logout', {
        method: 'POST',
        headers: { cookie: organiser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      })
    const refused = await post('forged')
    expect(refused.status).toBe(403)
    expect((await refused.json()).error.code).toBe('csrf_failed')
    expect((await post(organiser.csrf)).status).toBe(204)
    expect((await me(organiser.cookie)).status).toBe(401)
  })

  it('leaves evaluators without a session, and ballots sent with a session, unaffected', async () => {
    const ctx = await loadRoundContext(database().db, roundId)
    expect((await postJson(app, `/api/rounds/${roundId}/ballots`, demoBallot(ctx))).status).toBe(201)
    const organiser = await loginAs(app, database().db, 'organiser', { campaignId })
    expect((await postJson(app, `/api/rounds/${roundId}/ballots`, demoBallot(ctx), { cookie: organiser.cookie })).status).toBe(201)
  })

  it('ends a session after 2 idle hours, on the server too', async () => {
    const user = await loginAs(app, database().db, 'leader', { campaignId })
    clock = new Date(clock.getTime() + 2 * HOUR - 1000)
    expect((await me(user.cookie)).status).toBe(200)
    clock = new Date(clock.getTime() + 2 * HOUR - 1000)
    expect((await me(user.cookie)).status).toBe(200)
    clock = new Date(clock.getTime() + 2 * HOUR)
    const expired = await me(user.cookie)
    expect(expired.status).toBe(401)
    expect((await expired.json()).error.code).toBe('unauthenticated')
    expect(expired.headers.getSetCookie()[0]).toMatch(/^__Host-pingyi_session=; Max-Age=0/)
    const left = await database().db.selectFrom('user_session').select('token_hash').where('user_id', '=', user.user.id).execute()
    expect(left).toEqual([])
  })

  it('ends a busy session 12 hours after login', async () => {
    const user = await loginAs(app, database().db, 'leader', { campaignId })
    for (let hour = 1; hour < 12; hour++) {
      clock = new Date(clock.getTime() + HOUR)
      expect((await me(user.cookie)).status, `hour ${hour}`).toBe(200)
    }
    clock = new Date(clock.getTime() + HOUR)
    expect((await me(user.cookie)).status).toBe(401)
  })

  it('changes the own password: checks the current one, ends the other sessions, keeps this one', async () => {
    const user = await loginAs(app, database().db, 'clerk', { campaignId })
    const other = sessionCookieOf(await login(user.username, user.password))!
    const change = (body: unknown) => postJson(app, '/api/auth/password', body, user.headers)
    const wrong = await change({ currentPassword: 'not it', newPassword: 'brand new password' })
    expect(wrong.status).toBe(403)
    expect((await wrong.json()).error.code).toBe('bad_credentials')
    expect((await change({ currentPassword: user.password, newPassword: 'short' })).status).toBe(422)
    expect((await postJson(app, '/api/auth/password', { currentPassword: user.password, newPassword: 'brand new password' }, { cookie: user.cookie })).status).toBe(403)

    expect((await change({ currentPassword: user.password, newPassword: 'brand new password' })).status).toBe(204)
    expect((await me(user.cookie)).status).toBe(200)
    expect((await me(other)).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(401)
    expect((await login(user.username, 'brand new password')).status).toBe(200)
    const audit = await database().db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', user.user.id).execute()
    expect(audit).toEqual([{ action: 'change_password', before: null, after: null }])
  })
})
