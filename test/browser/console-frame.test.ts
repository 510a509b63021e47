import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import type { OpenDatabase } from '../../server/db/open'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { startDemoServer, type TestServer } from '../support/server'

/** The colour of some pixels of what the page shows, read from a screenshot on a blank page. */
async function pixels(browser: Browser, page: Page, points: [number, number][]): Promise<string[]> {
  const png = (await page.screenshot()).toString('base64')
  const blank = await browser.newPage()
  try {
    return await blank.evaluate(
      async ({ png, points }) => {
        const image = new Image()
        image.src = `data:image/png;base64,${png}`
        await image.decode()
        const canvas = document.createElement('canvas')
        canvas.width = image.width
        canvas.height = image.height
        const context = canvas.getContext('2d')!
        context.drawImage(image, 0, 0)
        return points.map(([x, y]) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3)).join(','))
      },
      { png, points },
    )
  } finally {
    await blank.close()
  }
}

// The console's frame in real Chromium: the login page's background, the error summary of a
// refused form (focused, its links to the fields), and the browser's own field checks said in
// the page's language when the browser speaks another.
describe.skipIf(!chromiumAvailable)('console frame in Chromium', () => {
  let demo: TestServer
  let database: OpenDatabase
  let browser: Browser
  let base: string
  let campaignId: string

  beforeAll(async () => {
    demo = await startDemoServer()
    database = demo.database
    base = demo.url
    campaignId = (await database.db.selectFrom('round').select('campaign_id').where('id', '=', demo.roundId).executeTakeFirstOrThrow()).campaign_id
    await createUser(database.db, { username: 'zhou.org', name: '周主任', role: 'organiser', password: 'browser password' })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  /** A page whose browser speaks English, on a console whose language is Chinese (the cookie). */
  async function englishBrowser(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' })
    await context.addCookies([{ name: 'lang', value: 'zh-CN', url: base }])
    return context.newPage()
  }

  async function logIn(page: Page) {
    await page.goto(`${base}/login`)
    await page.fill('input[name=username]', 'zhou.org')
    await page.fill('input[name=password]', 'browser password')
    await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type=submit]')])
  }

  it('shows the login page on one background, from the top of the window to its foot, on a desktop and a phone', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, PHONES.iphone]) {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' })
      await page.goto(`${base}/login`)
      // above the card, beside it (a phone has no side), below it and at the window's foot
      const card = (await page.locator('main.login').boundingBox())!
      const points: [number, number][] = [
        [4, 4],
        [4, Math.round(card.y / 2)],
        [4, Math.round(card.y + card.height + 10)],
        [viewport.width - 4, viewport.height - 4],
      ]
      if (card.x > 8) points.push([Math.round(card.x / 2), Math.round(card.y + card.height / 2)])
      const colours = await pixels(browser, page, points)
      expect(new Set(colours).size, `${viewport.width}: ${colours.join(' ')}`).toBe(1)
      expect(colours[0]).toBe('246,248,250')
      await page.screenshot({ path: screenshotPath(`login-${viewport.width}`) })
      await page.close()
    }
  })

  it('says a refused round form’s errors at its top, focused, and a link puts the cursor in its field', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    await logIn(page)
    await page.goto(`${base}/console/campaigns/${campaignId}/rounds`)
    await page.fill('#round-form input[name=name]', '整改落实测评')
    await page.uncheck('#round-form input[name=channels][value=codes]')
    await page.fill('#round-form input[name="formula.minGroupSize"]', '0')
    await page.fill('#round-form input[name="formula.remedialThreshold"]', '150')
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 422), page.click('#round-form button[type=submit]')])
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary')
    expect(await page.$$eval('#error-summary li a', (links) => links.map((a) => a.textContent))).toEqual(['评议方式：不能为空', '最少票数 k：数值过小', '补课线：数值过大'])
    // focused, so it is in view, and what was typed is still there
    const box = (await page.locator('#error-summary').boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(800)
    expect(await page.inputValue('#round-form input[name=name]')).toBe('整改落实测评')
    await page.click('#error-summary a[data-for="formula.remedialThreshold"]')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('formula.remedialThreshold')
    await page.click('#error-summary a[data-for="channels"]')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('channels')
    await page.screenshot({ path: screenshotPath('console-error-summary') })
    await page.close()
  })

  it('says the browser’s own field checks in the page’s language, not the browser’s', async () => {
    const page = await englishBrowser()
    await page.goto(`${base}/login`)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    await page.click('#login-form button[type=submit]')
    expect(await page.$eval('input[name=username]', (input: HTMLInputElement) => input.validationMessage)).toBe('请填写此项。')
    await logIn(page)
    // the board's address: a pattern the browser checks
    await page.goto(`${base}/console/c/${campaignId}/items`)
    await page.fill('input[name=slug]', 'Not a slug')
    const form = page.locator('form', { has: page.locator('input[name=slug]') })
    await form.locator('button[type=submit]').click()
    expect(await page.$eval('input[name=slug]', (input: HTMLInputElement) => input.validationMessage)).toBe('格式不正确，请按要求填写：公示栏地址（小写字母、数字和连字符）')
    expect(page.url()).toBe(`${base}/console/c/${campaignId}/items`)
    // once corrected, the form goes
    await page.fill('input[name=slug]', 'tianmen-2026')
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/board')), form.locator('button[type=submit]').click()])
    expect(await database.db.selectFrom('campaign').select('slug').where('id', '=', campaignId).executeTakeFirstOrThrow()).toEqual({ slug: 'tianmen-2026' })
    // English pages say it in English, whatever the browser
    await page.context().clearCookies()
    await page.goto(`${base}/login?lang=en`)
    await page.click('#login-form button[type=submit]')
    expect(await page.$eval('input[name=username]', (input: HTMLInputElement) => input.validationMessage)).toBe('Please fill in this field.')
    await page.context().close()
  })
})
