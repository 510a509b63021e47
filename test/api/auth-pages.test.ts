import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { recordAudit } from '../../server/audit/record'
import { createUser } from '../../server/auth/store'
import { seedDemo } from '../../server/demo/seed'
import { sessionCookieOf } from '../support/auth'
import { describeEachDatabase } from '../support/databases'

const html = { accept: 'text/html' }

/** The `name=value` of a cookie a response set. */
function cookieOf(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().map((line) => line.split(';')[0] ?? '').find((pair) => pair.startsWith(`${name}=`))
}

function hidden(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)
  if (!match?.[1]) throw new Error(`no hidden field ${name}`)
  return match[1]
}

describeEachDatabase('console pages: login, logout, landing, audit', (database) => {
  let app: ReturnType<typeof createApp>
  let campaignId: string

  /** Opens /login and posts the form as a browser would. */
  async function formLogin(fields: Record<string, string>, next = '/console') {
    const page = await app.request(`/login?next=${encodeURIComponent(next)}`, { headers: html })
    const loginCookie = cookieOf(page, '__Host-pingyi_login')!
    const body = new URLSearchParams({ _login: hidden(await page.text(), '_login'), next, ...fields })
    return app.request('/login', { method: 'POST', headers: { ...html, cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  }

  beforeAll(async () => {
    app = createApp({ db: database().db, log: () => {} })
    const roundId = await seedDemo(database().db)
    campaignId = (await database().db.selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirstOrThrow()).campaign_id
    await createUser(database().db, { username: 'chen.org', name: '陈主任', role: 'organiser', password: 'organiser password', campaignId })
    await createUser(database().db, { username: 'liu.leader', name: '刘领导', role: 'leader', password: 'leader password', campaignId })
  })

  it('sends anonymous browsers from the console to the login page', async () => {
    const res = await app.request('/console/audit?entity=round', { headers: html })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fconsole%2Faudit%3Fentity%3Dround')
    const page = await app.request('/login', { headers: html })
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('登录评议管理后台')
    expect(text).toContain('<form method="post" action="/login" id="login-form">')
    expect(cookieOf(page, '__Host-pingyi_login')?.split('=')[1]).toBe(hidden(text, '_login'))
    // the cursor starts in the user name
    expect(text.match(/<input [^>]*autofocus=""[^>]*>/g)).toEqual([expect.stringContaining('name="username"')])
  })

  it('logs in through the form and lands on the page asked for', async () => {
    const res = await formLogin({ username: 'chen.org', password: 'organiser password' }, '/console/audit')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/console/audit')
    const cookie = sessionCookieOf(res)!
    const landing = await app.request('/console', { headers: { ...html, cookie } })
    expect(landing.status).toBe(200)
    const text = await landing.text()
    expect(text).toContain('您好，陈主任')
    expect(text).toContain('深入学习实践科学发展观活动')
    expect(text).toContain('<a href="/console/audit">操作日志</a>')
    const session = await database().db.selectFrom('user_session').select('csrf_token').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    expect(hidden(text, '_csrf')).toBe(session.csrf_token)
  })

  it('never redirects off the site after login', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await formLogin({ username: 'chen.org', password: 'organiser password' }, next)
      expect(res.headers.get('location'), next).toBe('/console')
    }
  })

  it('shows errors next to the fields, and one message for wrong credentials', async () => {
    const empty = await formLogin({ username: '', password: '' })
    expect(empty.status).toBe(422)
    const emptyText = await empty.text()
    expect(emptyText).toContain('id="username-error"')
    expect(emptyText).toContain('id="password-error"')
    const wrong = await formLogin({ username: 'chen.org', password: 'not it' })
    expect(wrong.status).toBe(401)
    const wrongText = await wrong.text()
    expect(wrongText).toContain('用户名或密码不正确。')
    expect(wrongText).toContain('value="chen.org"')
    // the name kept, the cursor goes to the password
    expect(wrongText.match(/<input [^>]*autofocus=""[^>]*>/g)).toEqual([expect.stringContaining('name="password"')])
    expect(sessionCookieOf(wrong)).toBeUndefined()
  })

  it('refuses a login form posted without its own page (login CSRF)', async () => {
    const body = new URLSearchParams({ _login: 'guessed', username: 'chen.org', password: 'organiser password' })
    const res = await app.request('/login', { method: 'POST', headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('登录页面已过期')
    expect(sessionCookieOf(res)).toBeUndefined()
  })

  it('logs out with the form, ending the session on the server', async () => {
    const cookie = sessionCookieOf(await formLogin({ username: 'chen.org', password: 'organiser password' }))!
    const csrf = hidden(await (await app.request('/console', { headers: { ...html, cookie } })).text(), '_csrf')
    const post = (fields: Record<string, string>) =>
      app.request('/logout', { method: 'POST', headers: { ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
    const forged = await post({})
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('data-code="csrf_failed"')
    const res = await post({ _csrf: csrf })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?done=logout')
    expect((await app.request('/console', { headers: { ...html, cookie } })).status).toBe(303)
    expect(await (await app.request('/login?done=logout', { headers: html })).text()).toContain('您已退出登录。')
  })

  it('shows the audit log to organisers only', async () => {
    await recordAudit(database().db, { actor: { id: null, name: '系统' }, campaignId, action: 'open', entity: 'round', entityId: 'r-9', before: { status: 'draft' }, after: { status: 'open' }, at: new Date('2026-03-02T09:30:00Z') })
    const organiser = sessionCookieOf(await formLogin({ username: 'chen.org', password: 'organiser password' }))!
    const page = await app.request('/console/audit?entity=round', { headers: { ...html, cookie: organiser } })
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('<th>时间（北京时间）</th>')
    expect(text).toContain('<time datetime="2026-03-02T09:30:00.000Z">2026-03-02 17:30:00</time>')
    expect(text).toContain('<td>开始评议</td>')
    expect(text).toContain('<td>评议<span class="muted"> r-9</span></td>')
    expect(text).toContain('<li>状态：<code>草稿</code> → <code>进行中</code></li>')
    expect(text).not.toContain('&quot;status&quot;')
    const leader = sessionCookieOf(await formLogin({ username: 'liu.leader', password: 'leader password' }))!
    const refused = await app.request('/console/audit', { headers: { ...html, cookie: leader } })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('data-code="forbidden"')
    expect(await (await app.request('/console', { headers: { ...html, cookie: leader } })).text()).not.toContain('/console/audit')
  })

  it('labels the audit log, shows key-level changes and filters by a select of kinds', async () => {
    const at = new Date('2026-03-02T16:00:05Z')
    const created = { name: '<b>新表</b>', levels: [{ label: '满意', score: 100 }], note: '长'.repeat(100) }
    await recordAudit(database().db, { actor: { id: null, name: '系统' }, campaignId, action: 'create', entity: 'form', entityId: 'f-9', after: created, at })
    await recordAudit(database().db, { actor: { id: null, name: '系统' }, campaignId, action: 'recalibrate', entity: 'form', entityId: 'f-9', before: { opensAt: null, name: 'A' }, after: { opensAt: '2026-03-02T01:00:00.000Z', name: 'A' }, at })
    const cookie = sessionCookieOf(await formLogin({ username: 'chen.org', password: 'organiser password' }))!
    const get = (path: string, extra = '') => app.request(path, { headers: { ...html, cookie: `${cookie}${extra}` } })
    const forms = await (await get('/console/audit?entity=form')).text()
    expect(forms).toContain('<time datetime="2026-03-02T16:00:05.000Z">2026-03-03 00:00:05</time>')
    expect(forms).toContain('<td>创建</td>')
    expect(forms).toContain('<td>recalibrate</td>')
    expect(forms).toContain('<li>名称：<code>&lt;b&gt;新表&lt;/b&gt;</code></li>')
    expect(forms).toContain('<li>评价等次：<code>[{名称: 满意, 分值: 100}]</code></li>')
    // a key no feature records is shown as stored
    expect(forms).toContain(`<li>note：<code>${'长'.repeat(79)}…</code></li>`)
    expect(forms).toContain('<li>开始时间：<code>—</code> → <code>2026-03-02 09:00:00</code></li>')
    expect(forms).not.toContain('<li>名称：<code>A</code>')
    expect(forms).not.toContain('r-9')
    expect(forms).toContain('<option value="">全部</option>')
    expect(forms).toContain('<option value="form" selected="">评议表</option>')
    expect(forms).toContain('<option value="round">评议</option>')
    expect(forms.match(/<option /g)).toHaveLength(16)
    const all = await (await get('/console/audit?entity=')).text()
    expect(all).toContain('r-9')
    expect(all).toContain('f-9')
    const unknown = await get('/console/audit?entity=ballot')
    expect(unknown.status).toBe(422)
    expect(await unknown.text()).toContain('data-code="invalid_input"')
    const english = await (await get('/console/audit?entity=round', '; lang=en')).text()
    expect(english).toContain('<th>When (Beijing time)</th>')
    expect(english).toContain('<td>Open</td>')
    expect(english).toContain('<td>Round<span class="muted"> r-9</span></td>')
    expect(english).toContain('<li>Status: <code>Draft</code> → <code>Open</code></li>')
    expect(english).toContain('<option value="">All</option>')
  })

  it('switches the console to English and back', async () => {
    const cookie = sessionCookieOf(await formLogin({ username: 'liu.leader', password: 'leader password' }))!
    const res = await app.request('/lang/en?next=%2Fconsole', { headers: html })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/console')
    const lang = cookieOf(res, 'lang')!
    expect(lang).toBe('lang=en')
    const text = await (await app.request('/console', { headers: { ...html, cookie: `${cookie}; ${lang}` } })).text()
    expect(text).toContain('<html lang="en">')
    expect(text).toContain('Hello, 刘领导')
    expect(text).toContain('Log out')
    expect((await app.request('/lang/fr?next=/console', { headers: html })).status).toBe(404)
  })

  it('changes the password with the console form: typed twice, errors at the fields, then a redirect', async () => {
    await createUser(database().db, { username: 'he.liaison', name: '何联络', role: 'liaison', password: 'liaison password', campaignId, unitId: (await database().db.selectFrom('unit').select('id').where('campaign_id', '=', campaignId).where('code', '=', 'TM-HK').executeTakeFirstOrThrow()).id })
    const cookie = sessionCookieOf(await formLogin({ username: 'he.liaison', password: 'liaison password' }))!
    const page = await app.request('/console/password', { headers: { ...html, cookie } })
    expect(page.status).toBe(200)
    const form = await page.text()
    expect(form.match(/<input type="password" name="(\w+)"/g)).toEqual(['currentPassword', 'newPassword', 'confirmPassword'].map((n) => `<input type="password" name="${n}"`))
    expect(form).toContain('再次输入新密码')
    const csrf = hidden(form, '_csrf')
    const post = (fields: Record<string, string>, lang = '') =>
      app.request('/console/password', { method: 'POST', headers: { ...html, cookie: `${cookie}${lang}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
    const wrong = await post({ _csrf: csrf, currentPassword: 'nope', newPassword: 'new liaison password', confirmPassword: 'new liaison password' })
    expect(wrong.status).toBe(403)
    const wrongText = await wrong.text()
    expect(wrongText).toContain('<small class="alert field-error" id="currentPassword-error">当前密码不正确。</small>')
    expect(wrongText).toContain('id="error-summary"')
    expect(wrongText).not.toContain('new liaison password')
    const short = await post({ _csrf: csrf, currentPassword: 'liaison password', newPassword: 'short', confirmPassword: 'short' })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('id="newPassword-error"')
    // one typo in the second copy: refused at that field, in the user's language, nothing changed
    const typo = await post({ _csrf: csrf, currentPassword: 'liaison password', newPassword: 'new liaison password', confirmPassword: 'new liaison pasword' })
    expect(typo.status).toBe(422)
    const typoText = await typo.text()
    expect(typoText).toContain('<small class="alert field-error" id="confirmPassword-error">两次输入的密码不一致，请重新输入</small>')
    expect(typoText).toContain('<a href="#confirmPassword-error" data-for="confirmPassword">再次输入新密码：两次输入的密码不一致，请重新输入</a>')
    expect(typoText).not.toContain('new liaison pasword')
    const english = await post({ _csrf: csrf, currentPassword: 'liaison password', newPassword: 'new liaison password', confirmPassword: '' }, '; lang=en')
    expect(await english.text()).toContain('id="confirmPassword-error">the two passwords differ; type both again</small>')
    expect((await formLogin({ username: 'he.liaison', password: 'liaison password' })).status).toBe(303)
    expect((await post({ currentPassword: 'liaison password', newPassword: 'new liaison password', confirmPassword: 'new liaison password' })).status).toBe(403)
    // done: Post/Redirect/Get, so a reload shows the notice and posts nothing
    const done = await post({ _csrf: csrf, currentPassword: 'liaison password', newPassword: 'new liaison password', confirmPassword: 'new liaison password' })
    expect([done.status, done.headers.get('location')]).toEqual([303, '/console/password?done=changed'])
    const notice = await app.request('/console/password?done=changed', { headers: { ...html, cookie } })
    expect(notice.status).toBe(200)
    expect(await notice.text()).toContain('<p class="ok">密码已修改。您在其他设备上的登录已退出。</p>')
    expect(await (await app.request('/console/password', { headers: { ...html, cookie } })).text()).not.toContain('密码已修改')
    expect((await formLogin({ username: 'he.liaison', password: 'new liaison password' })).status).toBe(303)
  })

  it('tells a disabled account on the login form, only when its password is right', async () => {
    await createUser(database().db, { username: 'ma.off', name: '马停用', role: 'leader', password: 'disabled password', campaignId })
    await database().db.updateTable('app_user').set({ disabled_at: new Date() }).where('username', '=', 'ma.off').execute()
    const right = await formLogin({ username: 'ma.off', password: 'disabled password' })
    expect(right.status).toBe(403)
    const rightText = await right.text()
    expect(rightText).toContain('账号已停用，请联系活动办公室。')
    expect(rightText).toContain('value="ma.off"')
    expect(sessionCookieOf(right)).toBeUndefined()
    const wrong = await formLogin({ username: 'ma.off', password: 'not the password' })
    expect(wrong.status).toBe(401)
    const wrongText = await wrong.text()
    expect(wrongText).toContain('用户名或密码不正确。')
    expect(wrongText).not.toContain('停用')
  })
})
