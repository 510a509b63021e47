import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { jsonb } from '../../server/db/jsonb'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser, screenshotPath } from '../support/browser'
import { startDemoServer, type TestServer } from '../support/server'

// The clerk's entry screen in real Chromium: slips keyed with the keyboard only.
describe.skipIf(!chromiumAvailable)('paper ballot entry by keyboard in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let ctx: RoundContext
  let sittingId: string
  let batchId: string

  const newBatch = async (name: string) =>
    (await server.database.db.insertInto('paper_batch').values({ sitting_id: sittingId, name, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id
  const entryUrl = (batch: string) => `${server.url}/console/rounds/${ctx.round.id}/paper/batches/${batch}/enter`
  /** A new page signed in as the clerk, on the batch's entry screen with the keying script running. */
  async function openEntry(batch: string, locale = 'zh-CN'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale })
    await page.goto(entryUrl(batch))
    await page.fill('input[name=username]', 'clerk.li')
    await page.fill('input[name=password]', 'clerk browser password')
    await Promise.all([page.waitForURL(entryUrl(batch)), page.click('button[type=submit]')])
    await page.waitForSelector('form.entry.keyboard')
    return page
  }
  const slips = (batch: string) => server.database.db.selectFrom('paper_entry').select(['sheet', 'category_id', 'spoiled', 'cells']).where('batch_id', '=', batch).orderBy('sheet').execute()
  const waitStatus = (page: Page, text: string) => page.waitForFunction((t) => document.getElementById('entry-status')?.textContent === t, text, { timeout: 5000 })
  /** The name of the cell select that has focus, and of the one under the blue keying cursor. */
  const focusAndCursor = (page: Page) =>
    page.evaluate(() => [(document.activeElement as HTMLSelectElement | null)?.name ?? null, document.querySelector<HTMLSelectElement>('td.cur select')?.name ?? null])
  const cellName = (u: number, d: number) => `c.${ctx.units[u]!.id}.${ctx.dimensions[d]!.id}`

  beforeAll(async () => {
    server = await startDemoServer()
    const db = server.database.db
    await db.updateTable('round').set({ channels: jsonb(['codes', 'meeting']) }).where('id', '=', server.roundId).execute()
    ctx = await loadRoundContext(db, server.roundId)
    await createUser(db, { username: 'clerk.li', name: '李录入', role: 'clerk', password: 'clerk browser password', campaignId: ctx.campaign.id, unitId: null, roundIds: [ctx.round.id] })
    sittingId = (await db.insertInto('sitting').values({ round_id: ctx.round.id, name: '评议大会', channel: 'meeting', handed_out: 50, returned: 48, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id
    batchId = await newBatch('第1批')
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('keys two slips with keys only, undoes once, and finishes the batch', async () => {
    const page = await openEntry(batchId)
    const enter = entryUrl(batchId)
    expect(await page.textContent('#entry-status')).toBe('按数字键选评议人类别')

    // Slip 1: category 2; unit 1 gets 1 1 1 1 then a 2 undone by Backspace and replaced by 3; Enter leaves the rest blank.
    for (const key of ['2', '1', '1', '1', '1', '2', 'Backspace', '3', 'Enter']) await page.keyboard.press(key === ' ' ? 'Space' : key)
    await page.waitForFunction(() => document.getElementById('entry-status')?.textContent === '已保存第 1 张，共 1 张。')
    expect(await page.textContent('#sheet-title')).toBe('第 2 张')
    // Slip 2: category 1, then every cell of every unit keyed (4 = 不满意, Space blank on the last unit); it saves by itself.
    await page.keyboard.press('1')
    const cells = ctx.units.length * ctx.dimensions.length
    for (let i = 0; i < cells; i++) await page.keyboard.press(i < cells - ctx.dimensions.length ? '4' : 'Space')
    await page.waitForFunction(() => document.getElementById('entry-status')?.textContent === '已保存第 2 张，共 2 张。')
    // Slip 3: blank — Enter on a slip not begun asks first, a second Enter saves it with no category; slip 4: X then Enter, spoiled.
    await page.keyboard.press('Enter')
    await waitStatus(page, '这是一张空白票？再按一次 Enter 确认保存。')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.getElementById('entry-status')?.textContent === '已保存第 3 张，共 3 张。')
    for (const key of ['x', 'Enter']) await page.keyboard.press(key)
    await page.waitForFunction(() => document.getElementById('entry-status')?.textContent === '已保存第 4 张，共 4 张。')
    await page.screenshot({ path: screenshotPath('paper-entry'), fullPage: true })
    await Promise.all([page.waitForURL(enter), page.click('form.finish button')])
    expect(await page.textContent('p.ok')).toBe('您已完成本批录入。')

    const entries = await server.database.db.selectFrom('paper_entry').select(['pass', 'sheet', 'category_id', 'spoiled', 'cells']).where('batch_id', '=', batchId).orderBy('sheet').execute()
    const d = (i: number) => String(ctx.dimensions[i]!.id)
    const level = (i: number) => ctx.levels[i]!.id
    expect(entries[0]).toEqual({ pass: 1, sheet: 1, category_id: ctx.categories[1]!.id, spoiled: false, cells: { [ctx.units[0]!.id]: { [d(0)]: level(0), [d(1)]: level(0), [d(2)]: level(0), [d(3)]: level(0), [d(4)]: level(2) } } })
    expect(entries[1]!.category_id).toBe(ctx.categories[0]!.id)
    expect(Object.keys(entries[1]!.cells).sort()).toEqual(ctx.units.slice(0, -1).map((u) => u.id).sort())
    expect(Object.values(entries[1]!.cells).flatMap((row) => Object.values(row))).toEqual(Array(cells - ctx.dimensions.length).fill(level(3)))
    expect(entries.slice(2)).toEqual([
      { pass: 1, sheet: 3, category_id: null, spoiled: false, cells: {} },
      { pass: 1, sheet: 4, category_id: null, spoiled: true, cells: {} },
    ])
    const pass = await server.database.db.selectFrom('paper_pass').select(['pass', 'done']).where('batch_id', '=', batchId).execute()
    expect(pass).toEqual([{ pass: 1, done: true }])
  })

  it('leaves Enter on a focused link or button to that link or button: it never saves a slip', async () => {
    const batch = await newBatch('第2批')
    const page = await openEntry(batch)
    const round = `${server.url}/console/rounds/${ctx.round.id}/paper`
    await page.getByRole('link', { name: '← 返回' }).focus()
    await Promise.all([page.waitForURL(round), page.keyboard.press('Enter')])
    // The sidebar's links too.
    await page.goto(entryUrl(batch))
    await page.waitForSelector('form.entry.keyboard')
    await page.locator('nav.side a[href="/console/paper"]').focus()
    await Promise.all([page.waitForURL(`${server.url}/console/paper`), page.keyboard.press('Enter')])
    // The save button asks first on a slip not begun, as Enter does in the keying area.
    await page.goto(entryUrl(batch))
    await page.waitForSelector('form.entry.keyboard')
    await page.focus('#save-sheet')
    await page.keyboard.press('Enter')
    await waitStatus(page, '这是一张空白票？再按一次 Enter 确认保存。')
    // 本批录入完成 posts; the server refuses a keying with no slip in it, which shows none was saved by the key.
    await page.focus('form.finish button')
    await Promise.all([page.waitForURL(`${entryUrl(batch)}?error=paper_pass_empty`), page.keyboard.press('Enter')])
    expect(await page.textContent('p.alert')).toBe('您还没有录入任何一张票。')
    expect(await slips(batch)).toEqual([])
    await page.close()
  })

  it('asks before an Enter saves an untouched slip as blank, as a habitual Enter after a slip saves itself would', async () => {
    const batch = await newBatch('第3批')
    const page = await openEntry(batch)
    const cells = ctx.units.length * ctx.dimensions.length
    for (const key of ['3', ...Array<string>(cells).fill('1')]) await page.keyboard.press(key)
    await waitStatus(page, '已保存第 1 张，共 1 张。')
    await page.keyboard.press('Enter')
    await waitStatus(page, '这是一张空白票？再按一次 Enter 确认保存。')
    // Any other key drops the question; the next Enter asks again.
    await page.keyboard.press('Escape')
    await waitStatus(page, '按数字键选评议人类别')
    await page.keyboard.press('Enter')
    await waitStatus(page, '这是一张空白票？再按一次 Enter 确认保存。')
    expect((await slips(batch)).map((s) => s.sheet)).toEqual([1])
    await page.keyboard.press('Enter')
    await waitStatus(page, '已保存第 2 张，共 2 张。')
    const saved = await slips(batch)
    expect(saved.map((s) => s.category_id)).toEqual([ctx.categories[2]!.id, null])
    expect(Object.values(saved[0]!.cells).flatMap((row) => Object.values(row))).toEqual(Array(cells).fill(ctx.levels[0]!.id))
    expect(saved[1]).toEqual({ sheet: 2, category_id: null, spoiled: false, cells: {} })
    await page.close()
  })

  it('keys the cell that has focus: Tab or a click moves the keying cursor there, and digits typed in it fill it', async () => {
    const batch = await newBatch('第4批')
    const page = await openEntry(batch)
    await page.keyboard.press('2')
    expect(await focusAndCursor(page)).toEqual([null, cellName(0, 0)])
    await page.focus(`select[name="${cellName(0, 1)}"]`)
    await page.keyboard.press('Tab')
    expect(await focusAndCursor(page)).toEqual([cellName(0, 2), cellName(0, 2)])
    // A digit in the focused select fills it (not the category, not another cell) and both move on; Space leaves a cell blank.
    await page.keyboard.press('3')
    expect(await focusAndCursor(page)).toEqual([cellName(0, 3), cellName(0, 3)])
    await page.keyboard.press('Space')
    expect(await focusAndCursor(page)).toEqual([cellName(0, 4), cellName(0, 4)])
    await page.click(`select[name="${cellName(1, 0)}"]`)
    await page.keyboard.press('Escape')
    expect(await focusAndCursor(page)).toEqual([cellName(1, 0), cellName(1, 0)])
    await page.keyboard.press('1')
    await page.keyboard.press('Backspace')
    expect(await focusAndCursor(page)).toEqual([cellName(1, 0), cellName(1, 0)])
    expect(await page.inputValue(`select[name="${cellName(1, 0)}"]`)).toBe('')
    expect(await page.isChecked(`input[name=categoryId][value="${ctx.categories[1]!.id}"]`)).toBe(true)
    await page.keyboard.press('Enter')
    await waitStatus(page, '已保存第 1 张，共 1 张。')
    expect(await slips(batch)).toEqual([{ sheet: 1, category_id: ctx.categories[1]!.id, spoiled: false, cells: { [ctx.units[0]!.id]: { [String(ctx.dimensions[2]!.id)]: ctx.levels[2]!.id } } }])
    // With the slip saved the cursor is back on the category, and so is focus.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('categoryId')
    await page.close()
  })

  it('says so when a category digit names no category, in either language, and saves nothing', async () => {
    const batch = await newBatch('第5批')
    expect(ctx.categories.length).toBeLessThan(9)
    for (const [locale, told] of [
      ['zh-CN', '没有第 9 类评议人。'],
      ['en', 'There is no category 9.'],
    ] as const) {
      const page = await openEntry(batch, locale)
      await page.keyboard.press('9')
      await waitStatus(page, told)
      expect(await page.locator('input[name=categoryId]:checked').count()).toBe(0)
      await page.close()
    }
    expect(await slips(batch)).toEqual([])
  })

  it('prints the demo ballot with its opinion lines on one A4 side', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' })
    const ballot = `${server.url}/console/rounds/${ctx.round.id}/paper/ballot`
    await page.goto(ballot)
    await page.fill('input[name=username]', 'clerk.li')
    await page.fill('input[name=password]', 'clerk browser password')
    await Promise.all([page.waitForURL(ballot), page.click('button[type=submit]')])
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('section.opinions h2').textContent()).toBe('意见建议')
    expect(await page.locator('section.opinions .line').count()).toBe(5)
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString('latin1')
    // One page object per printed side (the /Pages tree node is not counted).
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)).toHaveLength(1)
    await page.close()
  })
})
