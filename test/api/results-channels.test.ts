import { beforeAll, expect, it } from 'vitest'
import { filterDocument } from '../../server/results/readable'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { demoBatch } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { client } from '../support/setup-api'
import { decodeText, loadExcelJS, parseCsv } from '../../server/units/spreadsheet'

/** Results say where the ballots came from: by access code, by the public link. */
describeEachDatabase('results by channel', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
  })

  it('counts ballots per channel as they are flushed, and shows them with the results and the publication', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 3)
    for (const [i, code] of codes.entries()) {
      const { categoryId: _named, ...ballot } = demoBallot(ctx, { unit: i % 2 })
      expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...ballot, code })).status).toBe(201)
    }
    for (const unit of [0, 2]) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit }), categoryId: undefined })).status).toBe(201)
    const call = client(app, organiser.headers)
    expect((await call('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })

    const doc = (await call('GET', `/api/results/rounds/${ctx.round.id}`)).json
    expect(doc.channels).toEqual([
      { channel: 'mobile', valid: 3, invalid: 0 },
      { channel: 'public', valid: 2, invalid: 0 },
    ])
    // A document cut to some units says nothing of the others' channels.
    expect(filterDocument(doc, [ctx.units[0]!.id], {}).channels).toBeNull()
    expect(filterDocument(doc, 'all', { categories: false }).channels).toEqual(doc.channels)
    // One published before channels were counted is served as stored (its hash still holds).
    const { channels: _none, ...older } = doc
    expect(filterDocument(older, 'all', {})).toEqual(older)
    expect('channels' in filterDocument(older, [ctx.units[0]!.id], {})).toBe(false)

    // 回收率 counts what was handed out and came back: the public link's ballots were never handed out
    const [u0, u1, u2] = ctx.units.map((u) => u.id) as [string, string, string]
    const handed = await call('PATCH', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/handed-out`, { handedOut: { [u0]: 4, [u1]: 1, [u2]: 2 } })
    expect(handed.status).toBe(200)
    const rated = (await call('GET', `/api/results/rounds/${ctx.round.id}`)).json
    const rateOf = (id: string) => rated.units.find((u: { id: string }) => u.id === id).ballots
    expect(rateOf(u0)).toMatchObject({ valid: 3, handedOut: 4, returnRate: 5000 }) // 2 by code + 1 public: 2 ÷ 4
    expect(rateOf(u1)).toMatchObject({ valid: 1, handedOut: 1, returnRate: 10000 })
    expect(rateOf(u2)).toMatchObject({ valid: 1, handedOut: 2, returnRate: 0 }) // only a public one
    // the 3 returned by code over all handed out (the demo's other units too), in hundredths of a percent
    expect(rated.overall.ballots.returnRate).toBe(Math.round((3 / rated.overall.ballots.handedOut) * 10000))
    expect(rated.formula.text['zh-CN']).toContain('回收率 = 收回票数（不含公开链接的票，这些票不经发放） ÷ 发放票数')
    const turnout = (await call('GET', `/api/results/rounds/${ctx.round.id}/turnout`)).json
    expect(turnout.units.slice(0, 3).map((u: { received: number; returnRate: number | null }) => [u.received, u.returnRate])).toEqual([
      [3, 5000],
      [1, 10000],
      [1, 0],
    ])

    const page = await (await app.request(`/results/rounds/${ctx.round.id}`, { headers: { cookie: organiser.cookie } })).text()
    expect(page).toContain('票源（收回票数）：评议码 3 · 公开链接 2')
    const english = await (await app.request(`/results/rounds/${ctx.round.id}?lang=en`, { headers: { cookie: organiser.cookie } })).text()
    expect(english).toContain('Ballots received by channel: access codes 3 · public link 2')

    // The exports carry them as a small table under the results: numbers in cells, a 合计 row.
    const csv = parseCsv(decodeText(new Uint8Array(await (await app.request(`/results/rounds/${ctx.round.id}/results.csv`, { headers: organiser.headers })).arrayBuffer())).text)
    const at = csv.findIndex((r) => r[0] === '票源')
    expect(csv[at]).toEqual(['票源', '有效票', '无效票', '收回票数'])
    expect(csv.slice(at + 1, at + 4)).toEqual([
      ['评议码', '3', '0', '3'],
      ['公开链接', '2', '0', '2'],
      ['合计', '5', '0', '5'],
    ])
    expect(csv[at - 1]).toEqual([''])
    const englishCsv = parseCsv(decodeText(new Uint8Array(await (await app.request(`/results/rounds/${ctx.round.id}/results.csv?lang=en`, { headers: organiser.headers })).arrayBuffer())).text)
    expect(englishCsv.find((r) => r[0] === 'access codes')).toEqual(['access codes', '3', '0', '3'])
    const workbook = new (await loadExcelJS()).Workbook()
    await workbook.xlsx.load((await (await app.request(`/results/rounds/${ctx.round.id}/results.xlsx`, { headers: organiser.headers })).arrayBuffer()) as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const row = sheet.getColumn(1).values.findIndex((v) => v === '票源')
    expect(row).toBeGreaterThan(3 + ctx.units.length)
    expect([1, 2, 3, 4].map((c) => sheet.getCell(row, c).value)).toEqual(['票源', '有效票', '无效票', '收回票数'])
    expect([1, 2, 3, 4].map((c) => sheet.getCell(row + 1, c).value)).toEqual(['评议码', 3, 0, 3])
    expect([1, 2, 3, 4].map((c) => sheet.getCell(row + 3, c).value)).toEqual(['合计', 5, 0, 5])
    expect(String(sheet.getCell(row + 5, 1).value)).toMatch(/^计算方法/)

    const published = await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true } })
    expect(published.status).toBe(201)
    expect((await client(app)('GET', `/api/results/public/${published.json.slug}`)).json.channels).toEqual(doc.channels)
    expect(await (await app.request(`/p/${published.json.slug}`)).text()).toContain('票源（收回票数）：评议码 3 · 公开链接 2')
  })
})
