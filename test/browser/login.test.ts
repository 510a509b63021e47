import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createUser } from '../../server/auth/store'
import { openDatabase, type OpenDatabase } from '../../server/db/open'
import { testPgliteImage } from '../support/databases'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Real Chromium over plain http://127.0.0.1: the __Host- cookie is Secure, which browsers
// accept from loopback addresses — this test is what proves local logins work.
describe('console login in Chromium', () => {
  let database: OpenDatabase
  let server: ServerType
  let browser: Browser
  let base: string

  beforeAll(async () => {
    database = await openDatabase({ pgliteImage: testPgliteImage() })
    await database.migrate()
    await createUser(database.db, { username: 'wu.org', name: '吴主任', role: 'organiser', password: 'browser password' })
    const app = createApp({ db: database.db, log: () => {}, assets: serveStatic({ root: 'dist/public' }) })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await database?.close()
  })

  it('logs in with the form, keeps the session across pages, and logs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    await page.goto(`${base}/console`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.fill('input[name=username]', 'wu.org')
    await page.fill('input[name=password]', 'browser password')
    await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type=submit]')])
    expect(await page.textContent('h1')).toBe('您好，吴主任')
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === '__Host-pingyi_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
    // The stylesheet loads under the CSP: the header is laid out as a flex row.
    expect(await page.$eval('.console-bar', (el) => getComputedStyle(el).display)).toBe('flex')

    await Promise.all([page.waitForURL(`${base}/console/audit`), page.click('nav.side a[href="/console/audit"]')])
    expect(await page.textContent('h1')).toBe('操作日志')
    await Promise.all([page.waitForURL(/\/console\/audit$/), page.click('a[lang=en]')])
    expect(await page.textContent('h1')).toBe('Audit log')

    await Promise.all([page.waitForURL(`${base}/login?done=logout`), page.click('form.logout button')])
    expect(await page.textContent('p.ok')).toBe('You have logged out.')
    await page.goto(`${base}/console`)
    expect(new URL(page.url()).pathname).toBe('/login')
  })

  it('stops a password typed twice differently before the post, in the page’s language; the server still checks', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname)
    })
    await page.goto(`${base}/login`)
    await page.fill('input[name=username]', 'wu.org')
    await page.fill('input[name=password]', 'browser password')
    await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type=submit]')])
    posts.length = 0
    const confirmMessage = () => page.$eval('input[name=confirmPassword]', (el) => (el as HTMLInputElement).validationMessage)

    await page.goto(`${base}/console/password`)
    await page.fill('input[name=currentPassword]', 'browser password')
    await page.fill('input[name=newPassword]', 'a new password 1')
    await page.fill('input[name=confirmPassword]', 'a new password 2')
    await page.click('#password-form button[type=submit]')
    await page.waitForTimeout(300)
    expect(await confirmMessage()).toBe('两次输入的密码不一致，请重新输入。')
    expect(posts).toEqual([])
    // Correcting the first field clears it; the form goes.
    await page.fill('input[name=newPassword]', 'a new password 2')
    expect(await confirmMessage()).toBe('')
    await Promise.all([page.waitForURL(`${base}/console/password?done=changed`), page.click('#password-form button[type=submit]')])
    expect(posts).toEqual(['/console/password'])

    // The new-account form, in English: the same check, said in English.
    await page.goto(`${base}/console/users?lang=en`)
    await page.fill('#user-form input[name=password]', 'initial password')
    await page.fill('#user-form input[name=confirmPassword]', 'initial passwort')
    await page.click('#user-form button[type=submit]')
    await page.waitForTimeout(300)
    expect(await page.$eval('#user-form input[name=confirmPassword]', (el) => (el as HTMLInputElement).validationMessage)).toBe('The two passwords differ; type both again.')
    expect(posts).toEqual(['/console/password'])

    // Past the page's check (as without JavaScript), the server refuses it as before.
    await page.goto(`${base}/console/password`)
    await page.$eval('input[name=confirmPassword]', (el) => el.removeAttribute('data-same-as'))
    await page.fill('input[name=currentPassword]', 'a new password 2')
    await page.fill('input[name=newPassword]', 'a third password')
    await page.fill('input[name=confirmPassword]', 'a third passwort')
    await Promise.all([page.waitForURL(`${base}/console/password`), page.click('#password-form button[type=submit]')])
    expect(await page.textContent('#confirmPassword-error')).toBe('两次输入的密码不一致，请重新输入')
    expect(posts).toEqual(['/console/password', '/console/password'])
  })
})
