import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { flushRound } from '../../server/ingest/flush'
import { loadRoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { startDemoServer, type TestServer } from '../support/server'
import { unitTally } from '../support/tallies'
import { testKeys } from '../support/codes'

type Charts = Record<string, { data: { labels: string[]; datasets: { label: string; data: number[] }[] } }>

describe.skipIf(!chromiumAvailable)('demo ballot from the phone form to the hall screen and the tallies (Chromium 390×844)', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startDemoServer()
    await createUser(server.database.db, { username: 'demo.org', name: '活动办公室', role: 'organiser', password: 'browser password' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** Opens `path` as the organiser, logging in on the way when the page asks for it. */
  async function asOrganiser(page: import('playwright-core').Page, path: string) {
    const res = await page.goto(`${server.url}${path}`)
    if (res?.status() === 403) {
      await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`)
      await page.fill('input[name=username]', 'demo.org')
      await page.fill('input[name=password]', 'browser password')
      await Promise.all([page.waitForURL(`${server.url}${path}`), page.click('button[type=submit]')])
    }
  }

  /** A unit's ballots received on the hall screen (its table row) and its bars per category (its chart). */
  async function turnoutOf(page: import('playwright-core').Page, unitName: string) {
    await asOrganiser(page, `/results/rounds/${server.roundId}/turnout`)
    // the row's cells: one per category, then received, handed out, 回收率
    const received = (await page.locator('#turnout-rows tr', { hasText: unitName }).locator('td').allTextContents()).at(-3)
    const bars = await page.evaluate((name) => {
      const chart = (window as unknown as { pingyi: { charts: Charts } }).pingyi.charts.turnout!
      const i = chart.data.labels.indexOf(name)
      return Object.fromEntries(chart.data.datasets.filter((d) => d.data[i]! > 0).map((d) => [d.label, d.data[i]]))
    }, unitName)
    return { received: Number(received), bars }
  }

  it('submits a ballot with JavaScript, finds it received on the hall screen, and its answers in the tallies once mixed in', async () => {
    const context = await browser.newContext({ viewport: PHONES.iphone, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    expect(await turnoutOf(page, '东湖村')).toEqual({ received: 0, bars: {} })

    await page.goto(`${server.url}/e/${server.roundId}`)
    expect(await page.locator('h1').textContent()).toBe('分析检查报告群众评议')
    await page.selectOption('select[name=unitId]', { label: '东湖村' })
    await page.selectOption('select[name=categoryId]', { label: '两代表一委员' })
    const fieldsets = page.locator('fieldset.dim')
    expect(await fieldsets.count()).toBe(5)
    for (let i = 0; i < 5; i++) await fieldsets.nth(i).getByText(i === 2 ? '比较满意' : '满意', { exact: true }).click()
    await page.screenshot({ path: screenshotPath('evaluate-390x844'), fullPage: true })
    await page.getByRole('button', { name: '提交评议' }).click()
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('已计入'))
    // Received at once, in its category: counts only. Its answers wait in staging until k of
    // them can be mixed in, or the round closes; the results wait for the close.
    expect(await turnoutOf(page, '东湖村')).toEqual({ received: 1, bars: { 两代表一委员: 1 } })
    await asOrganiser(page, `/r/${server.roundId}`)
    expect(page.url()).toBe(`${server.url}/results/rounds/${server.roundId}`)
    expect(await page.locator('#pending').textContent()).toContain('本次评议尚未结束，结束后才显示结果。')
    await flushRound(server.database.db, server.roundId, { keys: testKeys, force: true })

    const ctx = await loadRoundContext(server.database.db, server.roundId)
    const tally = await unitTally(server.database.db, ctx, ctx.units.findIndex((u) => u.name === '东湖村'))
    const level = (label: string) => ctx.levels.findIndex((l) => l.label === label)
    expect(tally.dimensions.map((d) => d[level('满意')])).toEqual([1, 1, 0, 1, 1])
    expect(tally.dimensions.map((d) => d[level('比较满意')])).toEqual([0, 0, 1, 0, 0])
    expect(errors).toEqual([])
    await context.close()
  })

  it('counts a public-link ballot without a chosen category as the link’s category, as the plain form does', async () => {
    const context = await browser.newContext({ viewport: PHONES.iphone, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${server.url}/e/${server.roundId}`)
    await page.selectOption('select[name=unitId]', { label: '新河社区' })
    expect(await page.locator('select[name=categoryId] option[value=""]').textContent()).toBe('不选（计为“社会公众”）')
    const fieldsets = page.locator('fieldset.dim')
    for (let i = 0; i < 5; i++) await fieldsets.nth(i).getByText('满意', { exact: true }).click()
    await page.getByRole('button', { name: '提交评议' }).click()
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('新河社区：已计入'))
    await flushRound(server.database.db, server.roundId, { keys: testKeys, force: true })
    const db = server.database.db
    const unit = await db.selectFrom('unit').select('id').where('name', '=', '新河社区').executeTakeFirstOrThrow()
    const rows = await db.selectFrom('ballot').innerJoin('evaluator_category', 'evaluator_category.id', 'ballot.category_id').select(['evaluator_category.name', 'ballot.channel']).where('ballot.round_id', '=', server.roundId).where('ballot.unit_id', '=', unit.id).execute()
    expect(rows).toEqual([{ name: '社会公众', channel: 'public' }])
    await context.close()
  })

  it('submits without JavaScript through the plain form post', async () => {
    const context = await browser.newContext({ viewport: PHONES.iphone, javaScriptEnabled: false, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${server.url}/e/${server.roundId}`)
    await page.selectOption('select[name=unitId]', { label: '开发区财政局' })
    await page.selectOption('select[name=categoryId]', { label: '社会公众' })
    const fieldsets = page.locator('fieldset.dim')
    for (let i = 0; i < 5; i++) await fieldsets.nth(i).getByText('不太满意', { exact: true }).click()
    await page.getByRole('button', { name: '提交评议' }).click()
    await page.waitForSelector('.ok')
    expect(await page.locator('.ok').textContent()).toContain('您的评议已计入')
    await flushRound(server.database.db, server.roundId, { keys: testKeys, force: true })
    const rows = await server.database.db
      .selectFrom('tally')
      .innerJoin('unit', 'unit.id', 'tally.unit_id')
      .select('n')
      .where('tally.round_id', '=', server.roundId)
      .where('unit.name', '=', '开发区财政局')
      .execute()
    expect(rows.map((r) => Number(r.n))).toEqual([1, 1, 1, 1, 1])
    await context.close()
  })
})
