import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { normalizeForSearch } from '../../server/opinions/search'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { startDemoServer, type TestServer } from '../support/server'

// The app clock is 2026-05-01 23:30 UTC: already 2 May in Shanghai, so an item due on 1 May is overdue.
const NOW = new Date('2026-05-01T23:30:00Z')

describe.skipIf(!chromiumAvailable)('rectification board and progress in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let campaignId: string
  let units: { id: string; name: string }[]
  const items: Record<string, string> = {}

  /** Logs in through the JSON API and returns a caller for the running server. */
  async function apiAs(username: string, password: string) {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    const { csrfToken } = (await res.json()) as { csrfToken: string }
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!
    return async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
      return { status: r.status, json: (await r.json()) as any }
    }
  }

  beforeAll(async () => {
    server = await startDemoServer({ now: () => NOW })
    const db = server.database.db
    const round = await db.selectFrom('round').select('campaign_id').where('id', '=', server.roundId).executeTakeFirstOrThrow()
    campaignId = round.campaign_id
    units = await db.selectFrom('unit').select(['id', 'name']).where('campaign_id', '=', campaignId).orderBy('position').orderBy('name').execute()
    await createUser(db, { username: 'office', name: '活动办', role: 'organiser', password: 'office password', campaignId, unitId: null, roundIds: [] })
    await createUser(db, { username: 'liaison.one', name: '钱联络员', role: 'liaison', password: 'liaison password', campaignId, unitId: units[0]!.id, roundIds: [] })
    const office = await apiAs('office', 'office password')
    const mk = async (key: string, unitId: string, title: string, deadline: string, isPublic = true) => {
      const res = await office('POST', `/api/tracking/${campaignId}/items`, {
        unitId,
        title,
        deadline,
        owner: '孙书记',
        class: 'effort',
        target: '群众满意',
        measures: '一、排查全部路段；二、更换损坏灯具；三、建立巡查制度。',
        commitment: '五月底前全部路灯亮起来，接受群众监督。',
        public: isPublic,
      })
      expect(res.status).toBe(201)
      items[key] = res.json.id
    }
    await mk('lamps', units[0]!.id, '开发区主干道路灯长期不亮，夜间出行不安全', '2026-05-01')
    await mk('queue', units[1]!.id, '办事大厅窗口少、排队时间长', '2026-06-30')
    await mk('internal', units[1]!.id, '内部管理制度修订', '2026-06-30', false)
    expect((await office('PUT', `/api/tracking/${campaignId}/board`, { slug: 'kfq-2026' })).status).toBe(200)
    expect((await office('POST', `/api/tracking/${campaignId}/items/${items.queue}/updates`, { onDate: '2026-04-28', body: '已增设两个综合窗口' })).status).toBe(201)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows the public board on a 360-px phone, readable, without horizontal scrolling or scripts', async () => {
    const page = await browser.newPage({ viewport: PHONES.small, locale: 'zh-CN', deviceScaleFactor: 2 })
    const bytes: number[] = []
    page.on('response', async (res) => {
      const body = await res.body().catch(() => Buffer.alloc(0))
      bytes.push(body.length)
    })
    await page.goto(`${server.url}/board/kfq-2026`)
    expect(await page.textContent('h1')).toBe('整改落实公示')
    const titles = await page.$$eval('article.item h2', (nodes) => nodes.map((n) => n.textContent))
    expect(titles).toHaveLength(2)
    expect(titles).not.toContain('内部管理制度修订')
    const lamps = page.locator(`#item-${items.lamps}`)
    expect(await lamps.locator('.badge.late').textContent()).toBe('超期 1 天')
    expect(await page.locator(`#item-${items.queue} .progress li`).textContent()).toContain('已增设两个综合窗口')
    expect(await page.$$eval('script', (nodes) => nodes.length)).toBe(0)
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      fontSize: parseFloat(getComputedStyle(document.querySelector('article.item dd')!).fontSize),
      radius: getComputedStyle(document.querySelector('article.item')!).borderRadius,
    }))
    expect(layout.scrollWidth).toBeLessThanOrEqual(360)
    expect(layout.fontSize).toBeGreaterThanOrEqual(14)
    expect(layout.radius).toBe('12px')
    const total = bytes.reduce((a, b) => a + b, 0)
    console.log(`[board] ${bytes.length} responses, ${(total / 1024).toFixed(1)} KB transferred (uncompressed bodies)`)
    expect(total).toBeLessThan(30 * 1024)
    await page.screenshot({ path: screenshotPath('board-360'), fullPage: true })
    await page.close()
  })

  it('shows the items list on a 390-px phone as one card per item, with labelled filters and progress in words', async () => {
    const page = await browser.newPage({ viewport: PHONES.iphone, locale: 'zh-CN' })
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/console/c/${campaignId}/items`)}`)
    await page.fill('input[name=username]', 'office')
    await page.fill('input[name=password]', 'office password')
    await Promise.all([page.waitForURL(`${server.url}/console/c/${campaignId}/items`), page.click('button[type=submit]')])
    const layout = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('table.items tbody tr')]
      /** How many lines a cell's text takes. */
      const lines = (node: Element) => {
        const range = document.createRange()
        range.selectNodeContents(node)
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      }
      return {
        scrollWidth: document.documentElement.scrollWidth,
        table: document.querySelector('table.items')!.getBoundingClientRect().width,
        titles: rows.map((tr) => tr.querySelector('td.item-title')!.getBoundingClientRect().width),
        deadlineLines: rows.map((tr) => lines(tr.querySelector('td[data-label="完成时限"]')!)),
        cellLabels: getComputedStyle(rows[0]!.querySelector('td[data-label]')!, '::before').content,
      }
    })
    expect(layout.scrollWidth).toBeLessThanOrEqual(390)
    // each item spans the list (it was a 60-px column of five), its deadline on one line, its cells named
    for (const width of layout.titles) expect(width).toBeGreaterThan(layout.table * 0.8)
    expect(layout.deadlineLines).toEqual([1, 1, 1])
    expect(layout.cellLabels).toBe('"责任单位"')
    // the filters show what they filter, and are named by it
    expect(await page.locator('label.filter', { hasText: '责任单位' }).isVisible()).toBe(true)
    expect(await page.getByLabel('责任单位', { exact: true }).getAttribute('name')).toBe('unit')
    expect(await page.getByLabel('状态', { exact: true }).getAttribute('name')).toBe('status')
    // progress in words
    expect(await page.locator(`tr[data-item="${items.queue}"] td.progress-cell`).innerText()).toBe('1 条进展，最近 2026-04-28\n已增设两个综合窗口')
    expect(await page.locator(`tr[data-item="${items.lamps}"] td.progress-cell`).innerText()).toBe('尚无进展')
    await page.screenshot({ path: screenshotPath('items-390'), fullPage: true })
    await page.close()
  })

  it('lets a liaison log in, find its item and add a progress update, with errors next to the fields', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    await page.goto(`${server.url}/console/tracking/items`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.fill('input[name=username]', 'liaison.one')
    await page.fill('input[name=password]', 'liaison password')
    await Promise.all([page.waitForURL(`${server.url}/console/c/${campaignId}/items`), page.click('button[type=submit]')])
    const rows = await page.$$eval('table.items tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-item')))
    expect(rows).toEqual([items.lamps])
    await Promise.all([page.waitForURL(`**/items/${items.lamps}`), page.click(`a[href$="/items/${items.lamps}"]`)])
    expect(await page.textContent('h1')).toBe('开发区主干道路灯长期不亮，夜间出行不安全')

    // an empty report is refused, with the message under the field
    await page.fill('form.progress-form textarea[name=body]', '')
    await Promise.all([page.waitForLoadState('load'), page.click('form.progress-form button[type=submit]')])
    expect(await page.textContent('[data-field=body] small.alert')).toBe('不能为空')

    await page.fill('form.progress-form input[name=onDate]', '2026-05-02')
    await page.fill('form.progress-form textarea[name=body]', '已更换路灯 46 盏，主干道全部亮灯')
    await page.selectOption('form.progress-form select[name=status]', 'done')
    await Promise.all([page.waitForURL(`**/items/${items.lamps}?progress=1`), page.click('form.progress-form button[type=submit]')])
    expect(await page.textContent('p.ok')).toBe('进展已报告。')
    expect(await page.textContent('ol.progress li')).toContain('已更换路灯 46 盏，主干道全部亮灯')
    expect(await page.textContent('.badges .badge')).toBe('已完成')
    await page.screenshot({ path: screenshotPath('liaison-progress'), fullPage: true })

    // the liaison cannot open another unit's item
    const other = await page.goto(`${server.url}/console/c/${campaignId}/items/${items.queue}`)
    expect(other?.status()).toBe(403)

    // the board shows the update and no longer counts the item as overdue, but as done a day late (逾期完成)
    await page.goto(`${server.url}/board/kfq-2026`)
    expect(await page.locator(`#item-${items.lamps} .progress li`).first().textContent()).toContain('已更换路灯 46 盏')
    expect(await page.locator(`#item-${items.lamps} .badge`).allTextContents()).toEqual(['已完成', '逾期 1 天完成', '经过努力可以解决'])
    expect(await page.locator('.totals li.late').count()).toBe(0)
    await page.close()
  })

  it('classifies 1,200 opinions in one request from the console, showing progress', async () => {
    const db = server.database.db
    const office = await apiAs('office', 'office password')
    expect((await office('POST', `/api/tracking/${campaignId}/areas/preset`)).status).toBe(201)
    const rows = Array.from({ length: 1200 }, (_, i) => {
      const body = `冬季供暖温度不达标，第${i}户反映`
      return { campaign_id: campaignId, source: 'staff' as const, channel: 'home_visit' as const, unit_id: units[2]!.id, body, search_text: normalizeForSearch(body), received_on: '2026-04-20', created_at: NOW }
    })
    for (let i = 0; i < rows.length; i += 600) await db.insertInto('opinion').values(rows.slice(i, i + 600)).execute()

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/console/c/${campaignId}/opinions?q=供暖`)}`)
    await page.fill('input[name=username]', 'office')
    await page.fill('input[name=password]', 'office password')
    await Promise.all([page.waitForURL(/\/opinions\?q=/), page.click('button[type=submit]')])
    expect(await page.textContent('main')).toContain('共 1200 条（合并后）')
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { seen: string[] }).seen = seen
      const node = document.querySelector('.bulk-status')!
      // every text the status line is given, even several between two observer callbacks
      new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => seen.push(n.textContent ?? '')))).observe(node, { childList: true })
    })
    await page.selectOption('select[name=areaId]', { label: '社会保障' })
    await page.check('input[name=allMatching]')
    await page.click('form.bulk-form button[type=submit]')
    await page.waitForSelector('.bulk-status.ok')
    expect(await page.textContent('.bulk-status')).toBe('已处理 1200 条。')
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen)
    expect(seen).toEqual(expect.arrayContaining(['0 / 1200', '500 / 1200', '1000 / 1200', '1200 / 1200']))
    expect(await page.$eval('progress.bulk-progress', (p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max])).toEqual([1200, 1200])
    const area = await db.selectFrom('opinion_area').select('id').where('campaign_id', '=', campaignId).where('name', '=', '社会保障').executeTakeFirstOrThrow()
    expect((await db.selectFrom('opinion').select('id').where('area_id', '=', area.id).execute()).length).toBe(1200)
    console.log(`[bulk] progress texts seen: ${seen.join(' | ')}`)
    // then the list opens with the outcome (as the console's post redirects), shown once: the address drops it
    await page.waitForSelector('#notice')
    expect(await page.textContent('#notice')).toBe('已将 1200 条意见归类。')
    expect(new URL(page.url()).search).toBe(`?q=${encodeURIComponent('供暖')}`)
    await page.reload()
    expect(await page.locator('#notice').count()).toBe(0)
    await page.close()
  })
})
