import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { flushRound } from '../../server/ingest/flush'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { startDemoServer, type TestServer } from '../support/server'

type Charts = Record<string, { data: { datasets: { label: string; counts: number[] }[] } }>

describe.skipIf(!chromiumAvailable)('demo ballot from the phone form to the chart (Chromium 390×844)', () => {
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

  async function chartCounts(page: import('playwright-core').Page, unitName: string) {
    await page.goto(`${server.url}/r/${server.roundId}`)
    if ((await page.locator('section.unit').count()) === 0) {
      // The working results are the organisers': log in, then come back.
      await page.goto(`${server.url}/login?next=${encodeURIComponent(`/r/${server.roundId}`)}`)
      await page.fill('input[name=username]', 'demo.org')
      await page.fill('input[name=password]', 'browser password')
      await Promise.all([page.waitForURL(`${server.url}/r/${server.roundId}`), page.click('button[type=submit]')])
    }
    const unitId = await page.locator('section.unit', { hasText: unitName }).getAttribute('data-unit')
    return page.evaluate((id) => {
      const charts = (window as unknown as { pingyi: { charts: Charts } }).pingyi.charts
      return charts[id as string]?.data.datasets.map((d) => ({ label: d.label, counts: d.counts }))
    }, unitId)
  }

  it('submits a ballot with JavaScript and finds it counted in the results chart', async () => {
    const context = await browser.newContext({ viewport: PHONES.iphone, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    const before = await chartCounts(page, '东湖村')
    expect(before?.[0]).toEqual({ label: '满意', counts: [0, 0, 0, 0, 0] })

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
    // Accepted ballots wait in staging until k of them can be mixed, or the round closes: the
    // results page says so, and the chart has not moved yet.
    const waiting = await chartCounts(page, '东湖村')
    expect(waiting?.[0]).toEqual({ label: '满意', counts: [0, 0, 0, 0, 0] })
    expect(await page.locator('section.unit', { hasText: '东湖村' }).locator('h2').textContent()).toContain('待计入 1')
    expect(await page.locator('main > p.muted').first().textContent()).toContain('评议结束时全部计入')
    await flushRound(server.database.db, server.roundId, { force: true })

    const after = await chartCounts(page, '东湖村')
    expect(after?.find((d) => d.label === '满意')?.counts).toEqual([1, 1, 0, 1, 1])
    expect(after?.find((d) => d.label === '比较满意')?.counts).toEqual([0, 0, 1, 0, 0])
    expect(await page.locator('section.unit', { hasText: '东湖村' }).locator('h2').textContent()).not.toContain('待计入')
    await page.screenshot({ path: screenshotPath('results-390x844'), fullPage: true })
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
    await flushRound(server.database.db, server.roundId, { force: true })
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
    await flushRound(server.database.db, server.roundId, { force: true })
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
