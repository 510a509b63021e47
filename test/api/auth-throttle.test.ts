import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createUser } from '../../server/auth/store'
import { describeEachDatabase } from '../support/databases'
import { postJson } from '../support/demo'

describeEachDatabase('auth: login throttling', (database) => {
  let clock = new Date('2026-03-02T01:00:00Z')
  let app: ReturnType<typeof createApp>
  const login = (username: string, password: string, address: string) => postJson(app, '/api/auth/login', { username, password }, { 'x-test-address': address })

  beforeAll(async () => {
    app = createApp({ db: database().db, log: () => {}, now: () => clock, clientAddress: (c) => c.req.header('x-test-address') })
    await createUser(database().db, { username: 'sun.org', name: '孙', role: 'organiser', password: 'the right password' })
  })

  it('locks an account for 15 minutes after 10 failures, even for the right password', async () => {
    for (let i = 0; i < 10; i++) expect((await login('sun.org', `wrong ${i}`, `198.51.100.${i}`)).status).toBe(401)
    clock = new Date(clock.getTime() + 60_000)
    const locked = await login('sun.org', 'the right password', '198.51.100.77')
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('840')
    expect(await locked.json()).toEqual({ error: { code: 'too_many_attempts', message: '操作过于频繁，请稍后再试。' } })
    expect(locked.headers.getSetCookie()).toEqual([])

    clock = new Date(clock.getTime() + 840_000)
    expect((await login('sun.org', 'the right password', '198.51.100.77')).status).toBe(200)
    // A successful login clears the account's failures.
    expect((await login('sun.org', 'wrong again', '198.51.100.77')).status).toBe(401)
    expect((await login('sun.org', 'the right password', '198.51.100.77')).status).toBe(200)
  })

  it('throttles a disabled account like any other, before saying it is disabled', async () => {
    await createUser(database().db, { username: 'qian.off', name: '钱', role: 'organiser', password: 'the right password' })
    await database().db.updateTable('app_user').set({ disabled_at: clock }).where('username', '=', 'qian.off').execute()
    for (let i = 0; i < 10; i++) expect((await login('qian.off', `wrong ${i}`, `198.51.100.${100 + i}`)).status).toBe(401)
    // the guesser who finally hits the password is still waiting: no hint that the account is disabled
    const locked = await login('qian.off', 'the right password', '198.51.100.200')
    expect(locked.status).toBe(429)
    expect((await locked.json()).error.code).toBe('too_many_attempts')
    clock = new Date(clock.getTime() + 15 * 60_000)
    expect((await (await login('qian.off', 'the right password', '198.51.100.200')).json()).error.code).toBe('account_disabled')
  })

  it('slows an address guessing many accounts after 30 failures, and only that address', async () => {
    for (let i = 0; i < 30; i++) expect((await login(`guess${i}`, 'pw', '203.0.113.9')).status, `attempt ${i}`).toBe(401)
    const blocked = await login('sun.org', 'the right password', '203.0.113.9')
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('900')
    expect((await login('sun.org', 'the right password', '203.0.113.10')).status).toBe(200)
    const stored = await database().db.selectFrom('login_attempt').select('address').where('address', '=', '203.0.113.9').execute()
    expect(stored).toHaveLength(30)
  })
})
