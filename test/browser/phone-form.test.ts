import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flushRound } from '../../server/ingest/flush'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { demoBatch, testKeys } from '../support/codes'
import { TEST_CODE_KEY } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { added, ballotsByUnit, fitsWidth, gridFitsWidth, rateUnit, unitChip, unitsWithOpinion } from '../support/phone-form'
import { startDemoServer, type TestServer } from '../support/server'

const KIND = '党员干部'
const ALL = ['满意', '满意', '满意', '满意', '满意']

describe.skipIf(!chromiumAvailable)('the phone form with JavaScript (Chromium, codes from a slip)', () => {
  let server: TestServer
  let browser: Browser
  let ctx: RoundContext
  /** Ballots this file submitted, per unit name: the tallies must hold exactly these. */
  const submitted: Record<string, number> = {}

  beforeAll(async () => {
    server = await startDemoServer({ secrets: { codeKey: TEST_CODE_KEY } })
    ctx = await loadRoundContext(server.database.db, server.roundId)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const names = (indexes: number[]) => indexes.map((i) => ctx.units[i]!.name)
  async function slip(units: number[]) {
    const { codes } = await demoBatch(server.database.db, ctx, 1, { units })
    return codes[0]!
  }
  async function phone(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    return { context, page, errors }
  }
  async function expectCounted(before: Record<string, number>, units: string[]) {
    const diff = added(before, await ballotsByUnit(server.database.db, server.roundId))
    expect(diff).toEqual(Object.fromEntries(units.map((u) => [u, 1])))
    for (const u of units) submitted[u] = (submitted[u] ?? 0) + 1
  }

  for (const [size, viewport] of Object.entries(PHONES)) {
    const label = `${viewport.width}×${viewport.height}`

    it(`${label}: opens a slip's QR link, rates three units one after another and sees each counted once`, async () => {
      const code = await slip([0, 1, 2])
      const units = names([0, 1, 2])
      const before = await ballotsByUnit(server.database.db, server.roundId)
      const { context, page, errors } = await phone(viewport)
      await page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
      await page.locator('#code-info', { hasText: KIND }).waitFor()
      expect(await page.locator('#code-info').textContent()).toContain(`${code.slice(0, 5)}-${code.slice(5)}`)
      expect(await page.locator('#f-code').isHidden()).toBe(true)
      expect(await page.locator('#progress').textContent()).toBe('已评 0 / 3')
      expect(await page.locator('#ulist li').allTextContents()).toEqual(units.map((u) => `${u}未评`))
      expect(await fitsWidth(page)).toBe(true)
      // large tap targets: every answer button and the submit button at least 44 px high
      const heights = await page.locator('#dims .lv span, #send').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)

      for (const [i, unit] of units.entries()) {
        expect(await page.locator('select[name=unitId] option:checked').textContent()).toBe(unit)
        await rateUnit(page, i === 1 ? ['比较满意', '满意', '不太满意', '满意', '满意'] : ALL)
        if (i === 0) await page.screenshot({ path: screenshotPath(`phone-form-${size}`), fullPage: true })
        await page.getByRole('button', { name: '提交评议' }).click()
        await expect.poll(() => unitChip(page, unit).textContent()).toBe('已计入')
        expect(await page.locator('#progress').textContent()).toBe(`已评 ${i + 1} / 3`)
        // keyboard and screen reader users go on from the next unit's name, at the top
        expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('unitId')
      }
      await expect.poll(() => page.locator('#status').textContent()).toBe('全部单位已评议并计入，感谢参与！')
      await expectCounted(before, units)
      expect(errors).toEqual([])
      await context.close()
    })

    it(`${label}: submits while offline, sends when the network returns, and a lost answer is retried with the same id`, async () => {
      const code = await slip([3, 4])
      const [first, second] = names([3, 4]) as [string, string]
      const before = await ballotsByUnit(server.database.db, server.roundId)
      const { context, page, errors } = await phone(viewport)
      const bodies: string[] = []
      let lose = true
      // The first ballot reaches the server and is counted, but its answer is lost on the way back.
      await page.route('**/api/rounds/*/ballots/batch', async (route) => {
        bodies.push(route.request().postData() ?? '')
        if (!lose) return route.continue()
        lose = false
        await route.fetch()
        await route.abort('connectionreset')
      })
      await page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
      await page.locator('#code-info', { hasText: KIND }).waitFor()

      await rateUnit(page, ALL)
      await page.getByRole('button', { name: '提交评议' }).click()
      await expect.poll(() => unitChip(page, first).textContent(), { timeout: 10_000 }).toBe('已计入')
      expect(bodies).toHaveLength(2)
      const sent = (i: number) => JSON.parse(bodies[i]!).ballots[0].submissionId
      expect(sent(1)).toBe(sent(0))

      await context.setOffline(true)
      await rateUnit(page, ['不满意', '不太满意', '不满意', '不满意', '不满意'])
      await page.getByRole('button', { name: '提交评议' }).click()
      await expect.poll(() => unitChip(page, second).textContent()).toBe('等待网络')
      expect(await page.locator('#offline').isVisible()).toBe(true)
      // the queued ballot survives in localStorage, code and submission id included
      const queued = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? '').join())
      expect(queued).toContain('"s":"queued"')
      expect((await ballotsByUnit(server.database.db, server.roundId))[second] ?? 0).toBe(before[second] ?? 0)

      await context.setOffline(false)
      await expect.poll(() => unitChip(page, second).textContent(), { timeout: 15_000 }).toBe('已计入')
      expect(await page.locator('#offline').isHidden()).toBe(true)
      expect(await page.locator('#progress').textContent()).toBe('已评 2 / 2')
      await expectCounted(before, [first, second])
      // once counted, nothing of the ballot (the code least of all) stays on the device
      const kept = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? '').join())
      expect(kept).not.toContain(code)
      expect(errors).toEqual([])
      await context.close()
    })

    it(`${label}: resumes answers and mode after a reload; the grid sends the complete rows, an opinion with its row`, async () => {
      const code = await slip([0, 1, 5])
      const units = names([0, 1, 5])
      const before = await ballotsByUnit(server.database.db, server.roundId)
      const { context, page, errors } = await phone(viewport)
      await page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
      await page.locator('#code-info', { hasText: KIND }).waitFor()
      await rateUnit(page, ['满意', '不满意', '比较满意'])
      expect(await unitChip(page, units[0]!).textContent()).toBe('未提交')

      await page.reload()
      await page.locator('#code-info', { hasText: KIND }).waitFor()
      const checked = await page.locator('#dims input:checked').evaluateAll((els) => els.map((e) => (e.nextElementSibling as HTMLElement).textContent))
      expect(checked).toEqual(['满意', '不满意', '比较满意'])

      await page.getByRole('button', { name: '表格评议' }).click()
      expect(await page.locator('table.grid tbody tr:not(.op)').count()).toBe(3)
      // five dimensions fit a 360 px phone: neither the page nor the table scrolls sideways,
      // and every cell and 写意见 toggle is still a thumb's height
      expect(await fitsWidth(page)).toBe(true)
      expect(await gridFitsWidth(page)).toBe(true)
      const heights = await page.locator('table.grid select, table.grid button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
      expect(heights).toHaveLength(3 * 5 + 3)
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(40)
      const cell = (unit: string, dim: number) => page.getByLabel(new RegExp(`^${unit} · ${dim}\\. `))
      const row = (unit: string) => page.locator('table.grid tr', { hasText: unit })
      const note = (unit: string) => page.getByLabel(`${unit} · 意见和建议（选填）`)
      const words = `网格里写的意见 ${label}：希望"整改"早日到位`
      expect(await note(units[2]!).isHidden()).toBe(true)
      await row(units[2]!).getByRole('button', { name: '写意见' }).click()
      await note(units[2]!).fill(words)
      expect(await cell(units[0]!, 2).inputValue()).toBe(String(ctx.levels[3]!.id))
      await cell(units[0]!, 4).selectOption({ label: '满意' })
      await cell(units[0]!, 5).selectOption({ label: '满意' })
      for (let d = 1; d <= 5; d++) await cell(units[2]!, d).selectOption({ label: '比较满意' })
      await cell(units[1]!, 1).selectOption({ label: '满意' })
      await page.screenshot({ path: screenshotPath(`phone-form-grid-${size}`), fullPage: true })

      await page.reload()
      await page.locator('table.grid').waitFor()
      expect(await cell(units[2]!, 3).inputValue()).toBe(String(ctx.levels[1]!.id))
      // the level chosen reads in the cell, and the opinion is back, open under its unit
      expect(await cell(units[2]!, 3).locator('xpath=preceding-sibling::span').textContent()).toBe('比较满意')
      expect(await note(units[2]!).inputValue()).toBe(words)
      expect(await note(units[0]!).isHidden()).toBe(true)
      const posts: number[] = []
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/ballots')) posts.push(JSON.parse(request.postData() ?? '{}').ballots?.length ?? 0)
      })
      await page.getByRole('button', { name: '提交已评完的单位（2）' }).click()
      const chip = (unit: string) => page.locator('table.grid tr', { hasText: unit }).locator('.chip')
      await expect.poll(() => chip(units[2]!).textContent()).toBe('已计入')
      expect(await chip(units[0]!).textContent()).toBe('已计入')
      expect(await chip(units[1]!).textContent()).toBe('未提交')
      expect(await cell(units[0]!, 1).isDisabled()).toBe(true)
      expect(await note(units[2]!).isDisabled()).toBe(true)
      expect(await note(units[1]!).isDisabled()).toBe(false)
      expect(await page.locator('#progress').textContent()).toBe('已评 2 / 3')
      // both complete rows went out together, in one request
      expect(posts).toEqual([2])
      await expectCounted(before, [units[0]!, units[2]!])
      expect(await unitsWithOpinion(server.database.db, server.roundId, words)).toEqual([units[2]])
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('a code typed by hand: a wrong one is refused in Chinese, the right one (any case, with spaces and a dash) opens its units', async () => {
    const code = await slip([2])
    const [unit] = names([2]) as [string]
    const before = await ballotsByUnit(server.database.db, server.roundId)
    const { context, page, errors } = await phone(PHONES.small)
    await page.goto(`${server.url}/e/${server.roundId}`)
    const field = page.getByLabel('评议码（有评议条的请填写）')
    // nothing typed yet: the button asks for the code and puts the cursor there
    await page.getByRole('button', { name: '使用此评议码' }).click()
    expect(await page.locator('#status').textContent()).toBe('请输入评议条上的评议码。')
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true)
    await field.fill('ABCDE-FGHJK')
    // a slow network: the server's answer comes a moment after the click
    await page.route('**/codes/check', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      await route.continue()
    })
    await page.getByRole('button', { name: '使用此评议码' }).click()
    // the prompt above is cleared as the code goes out; the server's refusal shows at the field
    const error = page.locator('#code-error')
    await expect.poll(() => error.textContent()).toMatch(/[\u4e00-\u9fff]/)
    expect(await page.locator('#status').textContent()).toBe('')
    expect(await page.locator('#code-info').isHidden()).toBe(true)
    // the typing stays to mend, marked invalid, the cursor back in it, the message right under it
    expect(await field.inputValue()).toBe('ABCDE-FGHJK')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true)
    expect((await error.boundingBox())!.y - (await field.boundingBox())!.y).toBeLessThan(120)
    // its accessible name is the label's alone (the button was inside the label)
    expect(await page.getByRole('textbox', { name: '评议码（有评议条的请填写）', exact: true }).count()).toBe(1)
    await page.unroute('**/codes/check')

    await field.fill(` ${code.slice(0, 5).toLowerCase()} - ${code.slice(5)} `)
    expect(await error.isHidden()).toBe(true)
    expect(await field.getAttribute('aria-invalid')).toBeNull()
    await field.press('Enter')
    await page.locator('#code-info', { hasText: KIND }).waitFor()
    // the code moves into the fragment (never sent to the server), ready for a reload
    expect(new URL(page.url()).hash).toBe(`#c=${code}`)
    expect(await page.locator('#ulist li').allTextContents()).toEqual([`${unit}未评`])
    await rateUnit(page, ALL)
    await page.getByRole('button', { name: '提交评议' }).click()
    await expect.poll(() => unitChip(page, unit).textContent()).toBe('已计入')
    await expectCounted(before, [unit])
    expect(errors).toEqual([])
    await context.close()
    // The same code on another phone: spent, and said so (not thanked for ballots it did not send).
    // (And that phone's reader switches to English: the code comes along, in the fragment.)
    const other = await phone(PHONES.small)
    await other.page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
    await expect.poll(() => other.page.locator('#status').textContent()).toBe('这个评议码已经评议过全部单位，不能再次使用。')
    await other.page.getByRole('link', { name: 'English' }).click()
    await expect.poll(() => other.page.locator('#status').textContent()).toBe('This code has already rated every unit; it cannot be used again.')
    expect(new URL(other.page.url()).hash).toBe(`#c=${code}`)
    expect(await other.page.getAttribute('html', 'lang')).toBe('en')
    await other.context.close()
  })

  it('a ballot waiting for the network and then refused says so on the status line, not 等待网络 still', async () => {
    const code = await slip([3, 5])
    const [first] = names([3, 5]) as [string, string]
    const before = await ballotsByUnit(server.database.db, server.roundId)
    const a = await phone(PHONES.small)
    await a.page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
    await a.page.locator('#code-info', { hasText: KIND }).waitFor()
    await a.context.setOffline(true)
    await rateUnit(a.page, ALL)
    await a.page.getByRole('button', { name: '提交评议' }).click()
    await expect.poll(() => a.page.locator('#status').textContent()).toBe(`${first}：等待网络`)
    // meanwhile the same slip rates the same unit on another phone
    const b = await phone(PHONES.small)
    await b.page.goto(`${server.url}/e/${server.roundId}#c=${code}`)
    await b.page.locator('#code-info', { hasText: KIND }).waitFor()
    await rateUnit(b.page, ALL)
    await b.page.getByRole('button', { name: '提交评议' }).click()
    await expect.poll(() => unitChip(b.page, first).textContent()).toBe('已计入')
    await b.context.close()

    await a.context.setOffline(false)
    await expect.poll(() => unitChip(a.page, first).textContent(), { timeout: 15_000 }).toMatch(/^出错：./)
    const status = a.page.locator('#status')
    expect(await status.textContent()).toBe(`${first}：${await unitChip(a.page, first).textContent()}`)
    expect(await status.getAttribute('class')).toBe('alert')
    await expectCounted(before, [first])
    expect(a.errors).toEqual([])
    await a.context.close()
  })

  it('the tallies hold exactly the ballots counted above', async () => {
    const db = server.database.db
    await flushRound(db, server.roundId, { keys: testKeys, force: true })
    const rows = await db
      .selectFrom('ballot_count')
      .innerJoin('unit', 'unit.id', 'ballot_count.unit_id')
      .select(['unit.name', 'ballot_count.valid'])
      .where('ballot_count.round_id', '=', server.roundId)
      .execute()
    const counts: Record<string, number> = {}
    for (const r of rows) counts[r.name] = (counts[r.name] ?? 0) + Number(r.valid)
    expect(counts).toEqual(submitted)
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
  })
})
