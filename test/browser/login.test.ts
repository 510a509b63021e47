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
})
