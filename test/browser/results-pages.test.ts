import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { demoBallot } from '../support/demo'
import { startDemoServer, type TestServer } from '../support/server'

const DESKTOP = { width: 1280, height: 800 }

describe.skipIf(!chromiumAvailable)('results, comparison and turnout pages in Chromium (1280×800 and 390×844)', () => {
  let server: TestServer
  let browser: Browser
  let ctx: RoundContext
  let session: { cookie: string; csrf: string }

  const vote = async (unit: number, category: number, level: number, times: number) => {
    for (let i = 0; i < times; i++) {
      const res = await fetch(`${server.url}/api/rounds/${ctx.round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demoBallot(ctx, { unit, category, level })) })
      expect(res.status).toBe(201)
    }
  }

  beforeAll(async () => {
    server = await startDemoServer()
    ctx = await loadRoundContext(server.database.db, server.roundId)
    await createUser(server.database.db, { username: 'office', name: '活动办', role: 'organiser', password: 'office password', campaignId: ctx.campaign.id, unitId: null, roundIds: [] })
    await createUser(server.database.db, { username: 'leader', name: '王书记', role: 'leader', password: 'leader password', campaignId: ctx.campaign.id })
    await createUser(server.database.db, { username: 'liaison', name: '李联络', role: 'liaison', password: 'liaison password', campaignId: ctx.campaign.id, unitId: ctx.units[0]!.id })
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'office password' }) })
    session = { csrf: ((await res.json()) as { csrfToken: string }).csrfToken, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! }
    await vote(0, 2, 0, 6)
    await vote(0, 4, 1, 6)
    await vote(0, 6, 2, 2)
    await vote(1, 2, 0, 5)
    await vote(1, 4, 3, 5)
    await vote(2, 2, 1, 6)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function open(viewport: { width: number; height: number }, as = 'office', javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    // A browser far from Beijing: times on the pages must still read in Beijing time.
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'America/New_York', javaScriptEnabled, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) })
    const page = await context.newPage()
    await page.goto(`${server.url}/login?next=%2Fconsole`)
    await page.fill('input[name=username]', as)
    await page.fill('input[name=password]', `${as} password`)
    await Promise.all([page.waitForURL(`${server.url}/console`), page.click('button[type=submit]')])
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    return { context, page, errors }
  }

  /** Each canvas on the page, and whether any of its pixels is drawn. */
  const canvases = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((c) => {
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let drawn = 0
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) drawn++
        return { id: c.id, width: c.width, drawn }
      }),
    )
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  /** Whether `shown` is Beijing time (UTC+8, HH:mm:ss) at some instant of the last `seconds`. */
  const beijingLately = (shown: string | null, seconds: number) =>
    Array.from({ length: seconds + 1 }, (_, k) => new Date(Date.now() - k * 1000 + 8 * 3600_000).toISOString().slice(11, 19)).includes(shown ?? '')

  it('shows the hall screen refreshing on its own while the round is open, counts only, its time in Beijing time', async () => {
    let received = 30
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONES.iphone]] as const) {
      const { context, page, errors } = await open(viewport)
      await page.goto(`${server.url}/results/rounds/${ctx.round.id}/turnout`)
      expect(await page.locator('#total-received').textContent()).toBe(String(received))
      expect(await page.locator('#round-status').textContent()).toBe('进行中')
      const updated = await page.locator('#updated').textContent()
      expect(beijingLately(updated, 10), `updated ${updated}`).toBe(true)
      expect(await page.locator('#updated').evaluate((el) => el.parentElement!.textContent)).toContain(`更新于 ${updated}（北京时间）`)
      const drawn = await canvases(page)
      expect(drawn).toHaveLength(1)
      expect(drawn[0]!.drawn).toBeGreaterThan(1000)
      expect(await page.content()).not.toContain('满意率')
      if (name === 'desktop') {
        // One more ballot: the screen shows it within a poll or two, without a reload.
        await vote(2, 4, 0, 1)
        received++
        await page.waitForFunction(() => document.getElementById('total-received')?.textContent === '31', undefined, { timeout: 15_000 })
        // The poll's time is the server's, still in Beijing time in a New York browser.
        const polled = await page.locator('#updated').textContent()
        expect(beijingLately(polled, 10), `polled ${polled}`).toBe(true)
      }
      expect(await fitsWidth(page)).toBe(true)
      await page.screenshot({ path: screenshotPath(`turnout-${viewport.width}x${viewport.height}`), fullPage: true })
      expect(errors).toEqual([])
      await context.close()
    }
  })

  it('renders the round results and the comparison with drawn charts at desktop and phone sizes', async () => {
    const close = await fetch(`${server.url}/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, body: '{}' })
    expect(close.status).toBe(200)
    for (const viewport of [DESKTOP, PHONES.iphone]) {
      const { context, page, errors } = await open(viewport)
      await page.goto(`${server.url}/results/rounds/${ctx.round.id}`)
      expect(await page.locator('h1').textContent()).toContain('评议结果')
      const charts = await canvases(page)
      expect(charts.map((c) => c.id)).toEqual(['chart-levels', 'chart-categories'])
      for (const c of charts) expect(c.drawn, c.id).toBeGreaterThan(1000)
      expect(await page.locator('td[data-suppressed="1"]').count()).toBeGreaterThan(0)
      // The formula once, folded at the end; it unfolds on a click.
      expect(await page.locator('.formula').count()).toBe(1)
      expect(await page.locator('details.formula p').isVisible()).toBe(false)
      await page.locator('details.formula summary').click()
      expect(await page.locator('details.formula p').isVisible()).toBe(true)
      await page.screenshot({ path: screenshotPath(`results-${viewport.width}x${viewport.height}`), fullPage: true })

      await page.goto(`${server.url}/results/compare`)
      await page.locator('input[name=rounds]').first().check()
      // Every unit, picked in the order the form lists them: the tree's.
      const picks = page.locator('input[name=units]')
      for (let i = 0; i < (await picks.count()); i++) await picks.nth(i).check()
      await Promise.all([page.waitForURL(/rounds=/), page.getByRole('button', { name: '查看' }).click()])
      // The round's six units (the 区 itself is not evaluated), parents first, in table and chart alike.
      const treeOrder = ['侯口街道', '侯口村', '东湖村', '新河社区', '开发区实验学校', '开发区财政局']
      expect(await page.locator('table.compare-table tbody tr th').allTextContents()).toEqual(treeOrder)
      const compared = await canvases(page)
      expect(compared[0]!.drawn).toBeGreaterThan(500)
      const lines = await page.evaluate(() =>
        (window as unknown as { pingyi: { charts: Record<string, { data: { datasets: { label: string; band?: boolean }[] } }> } }).pingyi.charts
          .compare!.data.datasets.filter((d) => !d.band)
          .map((d) => d.label),
      )
      expect(lines).toEqual(treeOrder)
      expect(await fitsWidth(page)).toBe(true)
      await page.screenshot({ path: screenshotPath(`compare-${viewport.width}x${viewport.height}`), fullPage: true })

      // A unit of one round: no trend of single points, its round's 满意率 by dimension as bars.
      await page.goto(`${server.url}/results/units/${ctx.units[0]!.id}`)
      const single = await canvases(page)
      expect(single.map((c) => c.id)).toEqual(['unit-round'])
      expect(single[0]!.drawn).toBeGreaterThan(2000)
      expect(await page.locator('main p.muted').first().textContent()).toContain('只有一轮评议结果')
      // nor a note on changes between rounds there are none of
      expect(await page.content()).not.toContain('Wilson置信区间不重叠')
      const bars = await page.evaluate(() => (window as unknown as { pingyi: { charts: Record<string, { data: { labels: string[]; datasets: { data: (number | null)[] }[] } }> } }).pingyi.charts['unit-round']!.data)
      expect(bars.labels).toEqual(['总体满意率', ...ctx.dimensions.map((d) => d.label)])
      expect(bars.datasets[0]!.data.every((v) => v === null || (v >= 0 && v <= 100))).toBe(true)
      expect(await fitsWidth(page)).toBe(true)
      if (viewport === DESKTOP) {
        await page.goto(`${server.url}/results/rounds/${ctx.round.id}/report`)
        // The printed report carries the formula open.
        expect(await page.locator('details.formula p').isVisible()).toBe(true)
        await page.emulateMedia({ media: 'print' })
        await page.screenshot({ path: screenshotPath('report-print-1280'), fullPage: true })
        const pdf = await page.pdf({ format: 'A4', printBackground: true })
        expect(pdf.byteLength).toBeGreaterThan(10_000)
      }
      expect(errors).toEqual([])
      await context.close()
    }
  })

  it('fits the published public page to a 360 px phone: the wide table scrolls inside its box, the hash and the formula wrap', async () => {
    const res = await fetch(`${server.url}/api/results/rounds/${ctx.round.id}/publications`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ audience: { public: true } }) })
    expect(res.status).toBe(201)
    const { slug, hash } = (await res.json()) as { slug: string; hash: string }
    for (const viewport of [PHONES.small, PHONES.iphone]) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: true, hasTouch: true })
      const page = await context.newPage()
      await page.goto(`${server.url}/p/${slug}`)
      expect(await page.locator('table tbody tr').count()).toBe(ctx.units.length)
      // A phone browser widens its layout to fit what overflows (innerWidth grows with it): measure against the device's width.
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner: window.innerWidth }))
      expect(widths, `${viewport.width}`).toEqual({ page: viewport.width, body: viewport.width, inner: viewport.width })
      expect(await page.$eval('.table-wrap', (box) => box.scrollWidth > box.clientWidth)).toBe(true)
      // The 64-character hash wraps inside the page, whole; the formula paragraph is not cut off.
      expect(await page.locator('.hash code').textContent()).toBe(hash)
      for (const selector of ['.hash code', 'p.formula', 'h1']) {
        const box = (await page.locator(selector).boundingBox())!
        expect(box.x, selector).toBeGreaterThanOrEqual(0)
        expect(box.x + box.width, `${selector} at ${viewport.width}`).toBeLessThanOrEqual(viewport.width)
      }
      await context.close()
    }
  })

  it('frames the results in the console for a leader and a liaison, with only the sections each may open', async () => {
    const res = await fetch(`${server.url}/api/results/rounds/${ctx.round.id}/publications`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ audience: { leaders: true, units: [ctx.units[0]!.id] } }) })
    expect(res.status).toBe(201)
    const sections = ['概览', '评议结果', '征求意见', '整改落实', '修改密码']
    for (const [as, who] of [['leader', '王书记 · 领导'], ['liaison', '李联络 · 单位联络员']] as const) {
      for (const viewport of [DESKTOP, PHONES.iphone]) {
        const { context, page, errors } = await open(viewport, as)
        await page.goto(`${server.url}/results/rounds/${ctx.round.id}`)
        expect(await page.locator('h1').textContent()).toContain('评议结果')
        expect(await page.locator('header.console-bar').isVisible(), as).toBe(true)
        expect(await page.locator('header.console-bar .user').textContent()).toBe(who)
        expect(await page.locator('.results-bar').count()).toBe(0)
        expect(await page.locator('nav.console-sections a').allTextContents()).toEqual(sections)
        expect(await page.locator('nav.console-sections a[aria-current=page]').textContent()).toBe('评议结果')
        expect(await page.locator('#console-crumbs').count()).toBe(0)
        expect(await fitsWidth(page)).toBe(true)
        await page.screenshot({ path: screenshotPath(`results-${as}-${viewport.width}`) })
        if (viewport === DESKTOP) {
          // each section opens for the role (none is a 403), and 评议结果 leads back to the list, framed
          const hrefs = await page.locator('nav.console-sections a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))
          for (const href of hrefs) expect((await page.goto(href))!.status(), `${as} ${href}`).toBe(200)
          await page.goto(`${server.url}/results/rounds/${ctx.round.id}`)
          await Promise.all([page.waitForURL(`${server.url}/results`), page.locator('nav.console-sections a', { hasText: '评议结果' }).click()])
          expect(await page.locator('header.console-bar').isVisible()).toBe(true)
          expect(await page.locator(`a[href="/results/rounds/${ctx.round.id}"]`).count()).toBeGreaterThan(0)
        }
        expect(errors).toEqual([])
        await context.close()
      }
    }
  })

  it('takes a tap on the † of a withheld 加权得分 to the note saying why, on a touch phone without JavaScript', async () => {
    const { context, page } = await open(PHONES.iphone, 'office', false)
    await page.goto(`${server.url}/results/rounds/${ctx.round.id}`)
    const mark = page.locator(`table.ranking tr[data-unit="${ctx.units[0]!.id}"] td[data-withheld="1"] a.note-ref`)
    expect(await mark.textContent()).toBe('—†')
    const note = page.locator('#weighted-note')
    expect(await note.textContent()).toBe('† 含人数不足的类别，不计算加权得分（否则可据此推算出被隐去的类别）。')
    expect(await note.evaluate((p) => getComputedStyle(p).backgroundColor)).toBe('rgba(0, 0, 0, 0)')
    await mark.scrollIntoViewIfNeeded()
    // a finger can hit it: at least 24 × 24 CSS pixels
    const box = (await mark.boundingBox())!
    expect(box.width).toBeGreaterThanOrEqual(24)
    expect(box.height).toBeGreaterThanOrEqual(24)
    await mark.tap()
    await page.waitForURL(/#weighted-note$/)
    // the note is in view, whole, and marked as the one reached
    const shown = (await note.boundingBox())!
    expect(shown.x).toBeGreaterThanOrEqual(0)
    expect(shown.x + shown.width).toBeLessThanOrEqual(PHONES.iphone.width)
    expect(shown.y).toBeGreaterThanOrEqual(0)
    expect(shown.y + shown.height).toBeLessThanOrEqual(PHONES.iphone.height)
    expect(await note.evaluate((p) => getComputedStyle(p).backgroundColor)).toBe('rgb(255, 248, 197)')
    await page.screenshot({ path: screenshotPath('weighted-note-tap-390') })
    await context.close()
  })

  it("draws a unit's trend across rounds once it has a second, one small chart a dimension, no legend repeating its title", async () => {
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, `${method} ${path}`).toBeLessThan(300)
      return res.json() as Promise<{ id: string; codes: string[] }>
    }
    const base = `/api/campaigns/${ctx.campaign.id}/rounds`
    const round = await call('POST', base, { name: '回头看群众评议', stage: 'review', channels: ['codes'], formId: ctx.form.id })
    await call('PUT', `${base}/${round.id}/units`, { units: ctx.units.slice(0, 2).map((u) => ({ unitId: u.id, handedOut: 10 })) })
    await call('POST', `${base}/${round.id}/open`, {})
    const { codes } = await call('POST', `/api/rounds/${round.id}/code-batches`, { categoryId: ctx.categories[2]!.id, units: 'all', count: 6 })
    for (const code of codes) {
      const res = await fetch(`${server.url}/api/rounds/${round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...demoBallot(ctx, { unit: 0, level: 0 }), categoryId: undefined, code }) })
      expect(res.status).toBe(201)
    }
    await call('POST', `${base}/${round.id}/close`, {})
    for (const viewport of [DESKTOP, PHONES.iphone]) {
      const { context, page, errors } = await open(viewport)
      await page.goto(`${server.url}/results/units/${ctx.units[0]!.id}`)
      const trends = await canvases(page)
      expect(trends.map((c) => c.id)).toEqual(['总体满意率', ...ctx.dimensions].map((_, i) => `trend-${i}`))
      for (const c of trends) expect(c.drawn, c.id).toBeGreaterThan(500)
      const shown = await page.evaluate(() =>
        Object.values((window as unknown as { pingyi: { charts: Record<string, { data: { labels: string[] }; options: { plugins: { legend: { display: boolean }; title: { text: string } } } }> } }).pingyi.charts).map((c) => ({ labels: c.data.labels, legend: c.options.plugins.legend.display, title: c.options.plugins.title.text })),
      )
      expect(shown.map((c) => c.title)).toEqual(['总体满意率', ...ctx.dimensions.map((d) => d.label)])
      for (const c of shown) expect(c).toMatchObject({ labels: [ctx.round.name, '回头看群众评议'], legend: false })
      expect(await page.locator('main p.muted', { hasText: '只有一轮评议结果' }).count()).toBe(0)
      expect(await page.content()).toContain('仅当两轮的95% Wilson置信区间不重叠时才标为显著变化')
      expect(await fitsWidth(page)).toBe(true)
      expect(errors).toEqual([])
      await page.screenshot({ path: screenshotPath(`unit-trend-${viewport.width}x${viewport.height}`), fullPage: true })
      await context.close()
    }
  })
})
