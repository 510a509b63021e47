import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { demoBatch } from '../support/codes'
import { TEST_CODE_KEY } from '../support/demo'
import { added, ballotsByUnit, fitsWidth } from '../support/phone-form'
import { startDemoServer, type TestServer } from '../support/server'

/** The page weight budget of issue 4: the form and all it loads, compressed, as transferred. */
const BUDGET = 30_000

describe.skipIf(!chromiumAvailable)('the phone form without JavaScript, and its weight (Chromium)', () => {
  let server: TestServer
  let browser: Browser
  let ctx: RoundContext

  beforeAll(async () => {
    server = await startDemoServer({ secrets: { codeKey: TEST_CODE_KEY } })
    ctx = await loadRoundContext(server.database.db, server.roundId)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const [size, viewport] of Object.entries(PHONES)) {
    it(`${viewport.width}×${viewport.height}: a plain form post is counted once, a repeated post too, and a used code gets 409 in Chinese`, async () => {
      const unitIndex = size === 'small' ? 3 : 4
      const unit = ctx.units[unitIndex]!.name
      const { codes } = await demoBatch(server.database.db, ctx, 1, { units: [unitIndex, 5] })
      const code = codes[0]!
      const context = await browser.newContext({ viewport, javaScriptEnabled: false, locale: 'zh-CN' })
      const page = await context.newPage()
      const before = await ballotsByUnit(server.database.db, server.roundId)

      // the slip's QR link: without JavaScript the fragment stays in the browser and the code is typed
      await page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
      expect(await fitsWidth(page)).toBe(true)
      const submissionId = await page.locator('input[name=submissionId]').inputValue()
      await page.getByLabel('评议码（有评议条的请填写）').fill(` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `)
      await page.selectOption('select[name=unitId]', { label: unit })
      const fieldsets = page.locator('fieldset.dim')
      for (let i = 0; i < 5; i++) await fieldsets.nth(i).getByText(i === 0 ? '比较满意' : '满意', { exact: true }).click()
      const [posted] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交评议' }).click()])
      expect(posted.status()).toBe(200)
      expect(await page.locator('.done').textContent()).toBe(`✓ ${unit}：您的评议已计入，感谢参与！`)
      await page.screenshot({ path: screenshotPath(`phone-form-nojs-${size}`), fullPage: true })
      // the next ballot of the same slip: code carried over, the counted unit gone, a new submission id
      expect(await page.locator('input[name=code]').inputValue()).toBe(`${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`)
      expect(await page.locator('select[name=unitId] option').allTextContents()).toEqual(['请选择单位', ctx.units[5]!.name])
      expect(await page.locator('input[name=submissionId]').inputValue()).not.toBe(submissionId)
      expect(added(before, await ballotsByUnit(server.database.db, server.roundId))).toEqual({ [unit]: 1 })

      // the same post again (a double tap on a slow network, a resubmitted page): counted, once
      const answers = Object.fromEntries(ctx.dimensions.map((d, i) => [`d${d.id}`, String(ctx.levels[i === 0 ? 1 : 0]!.id)]))
      const again = await context.request.post(`${server.url}/e/${server.roundId}`, {
        form: { submissionId, code, unitId: ctx.units[unitIndex]!.id, ...answers },
        headers: { accept: 'text/html' },
      })
      expect(again.status()).toBe(200)
      expect(await again.text()).toContain('您的评议已计入')
      expect(added(before, await ballotsByUnit(server.database.db, server.roundId))).toEqual({ [unit]: 1 })

      // a new form, the same code and unit: refused with 409 and the Chinese message, nothing stored
      await page.goto(`${server.url}/e/${server.roundId}`)
      await page.getByLabel('评议码（有评议条的请填写）').fill(code)
      await page.selectOption('select[name=unitId]', { label: unit })
      for (let i = 0; i < 5; i++) await fieldsets.nth(i).getByText('不满意', { exact: true }).click()
      const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交评议' }).click()])
      expect(refused.status()).toBe(409)
      expect(await page.getByRole('alert').textContent()).toBe('这个评议码已经评议过该单位，每个单位只能评议一次。')
      // the answers stay on the page for the evaluator to see
      expect(await page.locator('fieldset.dim input:checked').count()).toBe(5)
      expect(added(before, await ballotsByUnit(server.database.db, server.roundId))).toEqual({ [unit]: 1 })
      await context.close()
    })
  }

  it(`the evaluation page and all it loads (QR link, code checked) transfer at most ${BUDGET} bytes compressed, its script and style inline`, async () => {
    const { codes } = await demoBatch(server.database.db, ctx, 1)
    const context = await browser.newContext({ viewport: PHONES.small, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const urls = new Map<string, string>()
    const encodings = new Map<string, string>()
    const bytes = new Map<string, number>()
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url))
    cdp.on('Network.responseReceived', (e) => encodings.set(e.requestId, e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? ''))
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength))
    cdp.on('Network.loadingFailed', (e) => bytes.set(e.requestId, 0))
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text())
    })

    await page.goto(`${server.url}/e/${server.roundId}#c=${codes[0]}`, { waitUntil: 'load' })
    await page.locator('#code-info', { hasText: '党员干部' }).waitFor()
    await page.waitForLoadState('networkidle')

    const rows = [...bytes].map(([id, n]) => ({ url: (urls.get(id) ?? id).replace(server.url, ''), bytes: n, encoding: encodings.get(id) ?? '' }))
    const total = rows.reduce((sum, r) => sum + r.bytes, 0)
    console.log(`[phone form weight] ${total} bytes transferred in ${rows.length} requests: ${rows.map((r) => `${r.url.split('/').slice(0, 3).join('/')} ${r.bytes}${r.encoding ? ` (${r.encoding})` : ''}`).join(', ')}`)
    // The page's script and style come inside it (admitted by their CSP hashes): no request for them;
    // the script ran (it checked the code) and the browser refused nothing.
    expect(rows.map((r) => r.url.replace(/[0-9a-f-]{36}/, ':round')).sort()).toEqual(['/api/rounds/:round/codes/check', '/e/:round'])
    expect(rows.find((r) => r.url.startsWith('/e/'))?.encoding).toMatch(/gzip|br|deflate/)
    expect(refused).toEqual([])
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('button.primary')!).minHeight)).toBe('48px')
    expect(rows.every((r) => r.bytes > 0)).toBe(true)
    expect(total).toBeLessThanOrEqual(BUDGET)
    await context.close()
  })
})
