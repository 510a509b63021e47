import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { chromiumAvailable, launchBrowser } from '../support/browser'
import { postOver } from '../support/http-client'
import { httpLogin } from '../support/http-session'
import { tallyMismatches } from '../support/integrity'
import { startDemoServer, type TestServer } from '../support/server'
import { recordFigure } from './summary'

/** Each payload sets window.__xss (or opens a dialog) if it ever runs. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '"><iframe src="javascript:window.top.__xss=4"></iframe>',
  "javascript:window.__xss=5//",
  "'-alert(6)-'",
  '${alert(7)}{{constructor.constructor("alert(8)")()}}',
  '<a href="javascript:alert(9)">x</a>',
]
/** Spreadsheet formula starters. */
const FORMULAS = ['=HYPERLINK("http://example.org","x")', '+1+1', '-1+cmd', '@SUM(1)']
const FORMULA_START = /^[=+@]|^-(?!\d)/

describe.skipIf(!chromiumAvailable)('XSS and formula injection', () => {
  let server: TestServer
  let browser: Browser
  let ctx: RoundContext
  beforeAll(async () => {
    server = await startDemoServer({ secrets: { codeKey: 'xss-test-key-0123456789abcdefghijklmnop' } })
    ctx = await loadRoundContext(server.database.db, server.roundId)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('7. runs no payload on any page, for anyone, and exports no formula', async () => {
    const db = server.database.db
    const hostile = [...PAYLOADS, ...FORMULAS]
    // Hostile names as a spreadsheet import or a careless organiser could bring them.
    for (const [i, unit] of ctx.units.entries()) await db.updateTable('unit').set({ name: `${hostile[i % hostile.length]} 单位${i}` }).where('id', '=', unit.id).execute()
    for (const [i, c] of ctx.categories.entries()) await db.updateTable('evaluator_category').set({ name: `${hostile[(i + 3) % hostile.length]} 类别${i}` }).where('id', '=', c.id).execute()
    for (const [i, d] of ctx.dimensions.entries()) await db.updateTable('form_dimension').set({ label: `${hostile[(i + 5) % hostile.length]} 维度${i}` }).where('id', '=', d.id).execute()
    // Public-link ballots with hostile opinions, enough per unit to pass k.
    for (const [u, unit] of ctx.units.entries()) {
      for (let b = 0; b < 6; b++) {
        const body = { submissionId: crypto.randomUUID(), unitId: unit.id, answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[(u + b) % 4]!.id])), opinion: `${hostile[(u + b) % hostile.length]} 意见` }
        const res = await postOver(server.url, `/api/rounds/${ctx.round.id}/ballots`, body)
        expect('status' in res && res.status).toBe(201)
      }
    }
    const campaignId = ctx.round.campaign_id
    const users = { organiser: 'xss-organiser', leader: 'xss-leader' } as const
    for (const [role, username] of Object.entries(users)) await createUser(db, { username, name: `${PAYLOADS[0]} ${role}`, role: role as 'organiser', password: 'xss-password-123', campaignId, unitId: null, roundIds: [] })
    const organiser = await httpLogin(server.url, users.organiser, 'xss-password-123')
    const leader = await httpLogin(server.url, users.leader, 'xss-password-123')
    const closed = await postOver(server.url, `/api/campaigns/${campaignId}/rounds/${ctx.round.id}/close`, {}, organiser.headers)
    expect('status' in closed && closed.status).toBe(200)
    const published = await postOver(server.url, `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true, public: true } }, organiser.headers)
    if (!('status' in published) || published.status !== 201) throw new Error(`publish: ${JSON.stringify(published)}`)
    const slug = JSON.parse(published.body).slug as string
    const form = ctx.round.form_id
    const views: [string, Record<string, string>, string[]][] = [
      ['public', {}, [`/e/${ctx.round.id}`, `/r/${ctx.round.id}`, `/p/${slug}`, `/board/${campaignId}`, '/']],
      ['leader', { cookie: leader.headers.cookie }, [`/results/rounds/${ctx.round.id}`, `/results/rounds/${ctx.round.id}/report`, `/results/units/${ctx.units[0]!.id}`, '/results/compare']],
      [
        'organiser',
        { cookie: organiser.headers.cookie },
        [
          `/results/rounds/${ctx.round.id}`,
          `/results/rounds/${ctx.round.id}/report`,
          `/results/rounds/${ctx.round.id}/turnout`,
          `/console/campaigns/${campaignId}`,
          `/console/campaigns/${campaignId}/units`,
          `/console/campaigns/${campaignId}/categories`,
          `/console/campaigns/${campaignId}/forms/${form}`,
          `/console/campaigns/${campaignId}/rounds/${ctx.round.id}`,
          `/console/c/${campaignId}/opinions`,
          '/console/users',
          '/console/audit',
        ],
      ],
    ]
    let pages = 0
    let shown = 0
    const executed: string[] = []
    const blocked: string[] = []
    for (const [who, headers, paths] of views) {
      const context = await browser.newContext({ extraHTTPHeaders: headers })
      for (const path of paths) {
        const page = await context.newPage()
        page.on('dialog', (d) => {
          executed.push(`${who} ${path}: dialog ${d.message()}`)
          void d.dismiss()
        })
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) blocked.push(`${who} ${path}: ${m.text().slice(0, 120)}`)
        })
        const res = await page.goto(`${server.url}${path}`, { waitUntil: 'load' })
        await page.waitForTimeout(300)
        const flag = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)
        if (flag !== null) executed.push(`${who} ${path}: window.__xss = ${flag}`)
        const text = await page.evaluate(() => document.body?.innerText ?? '')
        if (res && res.status() < 400) pages++
        if (PAYLOADS.some((p) => text.includes(p))) shown++
        await page.close()
      }
      await context.close()
    }

    // Exports: no cell may start a formula.
    const csv = await (await fetch(`${server.url}/results/rounds/${ctx.round.id}/results.csv`, { headers: organiser.headers })).text()
    const csvCells = csv.split(/\r?\n/).flatMap((line) => line.split(',')).map((cell) => cell.replace(/^"/, ''))
    const badCsv = csvCells.filter((cell) => FORMULA_START.test(cell))
    const xlsx = await fetch(`${server.url}/results/rounds/${ctx.round.id}/results.xlsx`, { headers: organiser.headers })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    const badXlsx: string[] = []
    let xlsxCells = 0
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          xlsxCells++
          if (cell.formula || (typeof cell.value === 'string' && FORMULA_START.test(cell.value))) badXlsx.push(String(cell.value))
        }),
      ),
    )
    const hostileInCsv = hostile.filter((h) => csv.includes(h.slice(1, 12))).length
    const integrity = await tallyMismatches(db)
    const pass = executed.length === 0 && blocked.length === 0 && badCsv.length === 0 && badXlsx.length === 0 && shown > 0 && integrity.tally + integrity.counts === 0
    recordFigure(
      '7. XSS and formula injection',
      `${PAYLOADS.length} script payloads + ${FORMULAS.length} formulas in unit names, category names, form labels, opinions and a user name; ${pages} pages (public, leader, organiser) in Chromium, ${shown} showing a payload as text: ${executed.length} executions, ${blocked.length} payloads reaching the DOM as markup (CSP reports); CSV ${csvCells.length} cells / XLSX ${xlsxCells} cells (${hostileInCsv} hostile names present): ${badCsv.length + badXlsx.length} starting a formula`,
      pass,
    )
    expect(executed).toEqual([])
    expect(blocked).toEqual([])
    expect(shown).toBeGreaterThan(0)
    expect(badCsv).toEqual([])
    expect(badXlsx).toEqual([])
    expect(integrity).toEqual({ tally: 0, counts: 0 })
  }, 300_000)
})
