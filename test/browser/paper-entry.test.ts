import type { Browser } from 'playwright-core'
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
  let batchId: string

  beforeAll(async () => {
    server = await startDemoServer()
    const db = server.database.db
    await db.updateTable('round').set({ channels: jsonb(['codes', 'meeting']) }).where('id', '=', server.roundId).execute()
    ctx = await loadRoundContext(db, server.roundId)
    await createUser(db, { username: 'clerk.li', name: '李录入', role: 'clerk', password: 'clerk browser password', campaignId: ctx.campaign.id, unitId: null, roundIds: [ctx.round.id] })
    const sitting = await db.insertInto('sitting').values({ round_id: ctx.round.id, name: '评议大会', channel: 'meeting', handed_out: 50, returned: 48, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()
    batchId = (await db.insertInto('paper_batch').values({ sitting_id: sitting.id, name: '第1批', created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('keys two slips with keys only, undoes once, and finishes the batch', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const enter = `${server.url}/console/rounds/${ctx.round.id}/paper/batches/${batchId}/enter`
    await page.goto(enter)
    await page.fill('input[name=username]', 'clerk.li')
    await page.fill('input[name=password]', 'clerk browser password')
    await Promise.all([page.waitForURL(enter), page.click('button[type=submit]')])
    await page.waitForSelector('form.entry.keyboard')
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
    // Slip 3: blank — Enter on a slip not begun saves it with no category; slip 4: X then Enter, spoiled.
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
