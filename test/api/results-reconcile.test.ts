import { beforeAll, expect, it } from 'vitest'
import type { RoundDocument } from '../../server/results/document'
import type { RoundContext } from '../../server/rounds/store'
import { decodeText, loadExcelJS, parseCsv } from '../../server/units/spreadsheet'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { castSampleVotes, type Headers, resultsReaders } from '../support/results-readers'
import { client } from '../support/setup-api'

const pct = (units: number | null | undefined) => (units == null ? '' : `${(units / 100).toFixed(2)}%`)
/** A page's text without its tags, for reading what a person sees. */
const visible = (html: string) => html.replace(/<[^>]*>/g, '')
/** The HTML of the first element that opens with `open`, up to the end of that element's kind (`</tag>`). */
const element = (html: string, open: string, tag: string) => {
  const at = html.indexOf(open)
  if (at < 0) return null
  return html.slice(at, html.indexOf(`</${tag}>`, at) + tag.length + 3)
}

/**
 * What the walk of the results found wanting, on the shared sample ballots with a 补课线 of 70%
 * and 6 ballots for 新河社区 that leave one dimension (发展思路清不清) at 50% and the unit at 90%:
 * a liaison's own totals, one 补课 rule on every page and export, intervals and category ballots
 * in the exports, the reason for a missing 加权得分, English file names in English.
 */
describeEachDatabase('results: what the pages show, the exports carry, for every reader', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  let who: Record<string, Headers>
  let doc: RoundDocument
  const page = async (path: string, headers: Headers) => {
    const res = await app.request(path, { headers: { ...headers, accept: 'text/html' } })
    expect(res.status, path).toBe(200)
    return res.text()
  }
  const csvOf = async (path: string, headers: Headers) => parseCsv(decodeText(new Uint8Array(await (await app.request(path, { headers })).arrayBuffer())).text)

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    ;({ organiser, who } = await resultsReaders(app, db, ctx))
    await db.updateTable('round').set({ remedial_threshold: 70 }).where('id', '=', ctx.round.id).execute()
    await castSampleVotes(app, ctx)
    // 新河社区: 6 两代表一委员, all 满意 but 3 of them 不满意 on 发展思路清不清.
    for (let i = 0; i < 6; i++) {
      const ballot = demoBallot(ctx, { unit: 3, category: 2, level: 0 })
      if (i < 3) ballot.answers[String(ctx.dimensions[3]!.id)] = ctx.levels[3]!.id
      expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, ballot)).status).toBe(201)
    }
    expect((await client(app, organiser.headers)('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    doc = (await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}`)).json
  })

  it('scores the sample as the tests below read it', () => {
    const [street, village, , xinhe] = doc.units
    expect(street!.total!.sat[5]).toBe(8750)
    expect(street!.byCategory[6]).toBeNull()
    expect(street!.weightedScore).toBeNull()
    expect(street!.weightedWithheld).toBe(true)
    expect(village!.remedial).toBe(true)
    expect(xinhe!.name).toBe('新河社区')
    expect(xinhe!.remedial).toBe(false)
    expect(xinhe!.belowThreshold).toEqual([3])
    expect(xinhe!.total!.sat[3]).toBe(5000)
    expect(xinhe!.total!.sat[5]).toBe(9000)
    expect(xinhe!.weightedWithheld).toBe(false)
    expect(doc.formula.text['zh-CN']).toContain('单位总体满意率低于70%（补课线）的需补课')
  })

  it("shows a liaison its own unit's totals, ballots and categories in place of the overall figures", async () => {
    expect((await client(app, organiser.headers)('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { units: [ctx.units[0]!.id] } })).status).toBe(201)
    const html = await page(`/results/rounds/${ctx.round.id}`, who.liaison!)
    const street = doc.units[0]!
    expect(html).toContain('<h2>各项评议等次比率 <small class="muted">侯口街道</small></h2>')
    const levels = element(html, '<table class="levels-table">', 'table')!
    expect(levels).not.toContain('data-suppressed')
    expect(visible(levels)).toContain('87.50%（63.98%–96.50%）')
    expect(visible(levels)).toContain(`${pct(street.total!.rates[0])} (${street.total!.counts[0]})`)
    // The headline under the title: whose figures, ballots and 回收率.
    expect(visible(html)).toContain(` · 侯口街道 · 有效票 16 · 无效票 0 · 回收率 ${street.ballots.returnRate === null ? '—' : pct(street.ballots.returnRate)}`)
    // 按评议人类别: the street's categories, the small one hidden as on every page.
    expect(html).toContain('<h2>按评议人类别 <small class="muted">侯口街道</small></h2>')
    const categories = element(html, '<table class="category-table">', 'table')!
    expect(categories).toContain(`<tr data-category="${doc.categories[2]!.id}"><th>两代表一委员</th><td class="num">6</td>`)
    expect(categories).toContain(`<tr data-category="${doc.categories[6]!.id}"><th>社会公众</th><td class="suppressed" data-suppressed="1">人数不足</td>`)
    expect(html).toContain('id="chart-levels"')
    expect(html).toContain('id="chart-categories"')
    // The organiser's page keeps the overall figures under 全部单位.
    const live = await page(`/results/rounds/${ctx.round.id}`, organiser.headers)
    expect(live).toContain('<h2>各项评议等次比率 <small class="muted">全部单位</small></h2>')
    expect(visible(live)).toContain(' · 有效票 42 · 无效票 0 · 回收率')
  })

  it('draws no headline table for a reader with several units on top and no overall: never a false 人数不足', async () => {
    const db = database().db
    const root = await db.selectFrom('unit').select('id').where('campaign_id', '=', ctx.campaign.id).where('parent_id', 'is', null).executeTakeFirstOrThrow()
    const districtLiaison = (await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: root.id })).headers
    expect((await client(app, organiser.headers)('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { units: [root.id] } })).status).toBe(201)
    const html = await page(`/results/rounds/${ctx.round.id}`, districtLiaison)
    expect(html).not.toContain('levels-table')
    expect(html).not.toContain('category-table')
    expect(html).not.toContain('各项评议等次比率')
    expect(html).toContain('<table class="heat-map">')
    expect(html.match(/<tr data-unit=/g)).toHaveLength(2 * doc.units.length)
  })

  it('marks 需补课 by the one rule everywhere (the unit overall under the line), and names dimensions under the line apart, with a legend', async () => {
    const legend = '⚑ 需补课：单位总体满意率低于补课线70%。低于补课线：满意率低于70%的评议项目，仅作提示，是否需补课以总体满意率为准。'
    const html = await page(`/results/rounds/${ctx.round.id}`, organiser.headers)
    const ranking = element(html, '<table class="ranking">', 'table')!
    const row = (unit: number) => element(ranking, `<tr data-unit="${ctx.units[unit]!.id}"`, 'tr')!
    expect(row(3)).not.toContain('⚑')
    expect(row(3)).not.toContain('需补课')
    expect(row(3)).toContain('<small class="below">低于补课线：发展思路清不清</small>')
    expect(row(1)).toContain('class="remedial"')
    expect(row(1)).toContain('<span class="flag"> ⚑ 需补课</span>')
    expect(html).toContain(`<p class="muted small" id="remedial-legend">${legend}</p>`)
    // The exports: 需补课 by the same rule, the dimensions under the line in a column of their own, the legend in the notes.
    const csv = await csvOf(`/results/rounds/${ctx.round.id}/results.csv`, organiser.headers)
    expect(csv[1]!.slice(-2)).toEqual(['需补课', '低于补课线的项目'])
    const byName = (name: string) => csv.find((r) => r[0] === name)!
    expect(byName('新河社区').slice(-2)).toEqual(['', '发展思路清不清'])
    expect(byName('侯口村').slice(-2)).toEqual(['需补课', doc.dimensions.map((d) => d.label).join('、')])
    expect(byName('东湖村').slice(-2)).toEqual(['', ''])
    expect(csv.some((r) => r[0] === legend)).toBe(true)
    const workbook = new (await loadExcelJS()).Workbook()
    await workbook.xlsx.load((await (await app.request(`/results/rounds/${ctx.round.id}/results.xlsx`, { headers: organiser.headers })).arrayBuffer()) as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const last = sheet.getRow(2).cellCount
    expect([sheet.getCell(2, last - 1).value, sheet.getCell(2, last).value]).toEqual(['需补课', '低于补课线的项目'])
    expect([sheet.getCell(4 + 3, last - 1).value, sheet.getCell(4 + 3, last).value]).toEqual([null, '发展思路清不清'])
    expect(sheet.getCell(4 + 1, last - 1).value).toBe('需补课')
    // The public page: the same marks and legend.
    const pub = await client(app, organiser.headers)('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true } })
    const publicPage = await page(`/p/${pub.json.slug}`, {})
    const publicRow = (unit: number) => element(publicPage, `<tr data-unit="${ctx.units[unit]!.id}"`, 'tr')!
    expect(visible(publicRow(3))).toContain('新河社区 低于补课线：发展思路清不清')
    expect(publicRow(3)).not.toContain('需补课')
    expect(publicRow(1)).toContain('<small class="flag"> ⚑ 需补课</small>')
    expect(publicPage).toContain(`<p class="formula" id="remedial-legend">${legend}</p>`)
    const en = await page(`/p/${pub.json.slug}?lang=en`, {})
    expect(visible(element(en, `<tr data-unit="${ctx.units[3]!.id}"`, 'tr')!)).toContain('under the re-do line: 发展思路清不清')
  })

  it('exports what the page shows: each category its 有效票, each 总体满意率 its 95% interval, hidden cells hidden the same', async () => {
    const D = doc.dimensions.length
    const C = doc.categories.length
    const csv = await csvOf(`/results/rounds/${ctx.round.id}/results.csv`, organiser.headers)
    // 合计: dimensions, 总体满意率, interval; each category: 有效票, dimensions, 总体满意率, interval.
    const total = D + 3
    const group = D + 4
    expect(csv[2]!.slice(4, 4 + total)).toEqual([...doc.dimensions.map((d) => d.label), '总体满意率', '95%置信下限', '95%置信上限'])
    expect(csv[2]!.slice(4 + total, 4 + total + group)).toEqual(['有效票', ...doc.dimensions.map((d) => d.label), '总体满意率', '95%置信下限', '95%置信上限'])
    expect(csv[1]![4 + total]).toBe(doc.categories[0]!.name)
    const width = 4 + total + C * group + 4
    doc.units.forEach((u, i) => {
      const row = csv[3 + i]!
      expect(row, u.name).toHaveLength(width)
      expect(row.slice(4 + D, 4 + total)).toEqual(u.total ? [pct(u.total.sat[D]), pct(u.total.ci[2 * D]), pct(u.total.ci[2 * D + 1])] : ['人数不足', '人数不足', '人数不足'])
      u.byCategory.forEach((block, c) => {
        const cells = row.slice(4 + total + c * group, 4 + total + (c + 1) * group)
        if (!block) expect(cells, `${u.name} c${c}`).toEqual(Array.from({ length: group }, () => '人数不足'))
        else expect(cells, `${u.name} c${c}`).toEqual([String(block.valid), ...block.sat.map(pct), pct(block.ci[2 * D]), pct(block.ci[2 * D + 1])])
      })
    })
    // By name: the street's 87.50% with the page's interval, its 6 两代表一委员 and its hidden 社会公众.
    expect(csv[3]!.slice(4 + D, 4 + total)).toEqual(['87.50%', '63.98%', '96.50%'])
    expect(csv[3]![4 + total + 2 * group]).toBe('6')
    expect(csv[3]!.slice(4 + total + 6 * group, 4 + total + 7 * group)).toEqual(Array.from({ length: group }, () => '人数不足'))
    // All units: each category's ballots over every unit.
    const overall = csv[3 + doc.units.length]!
    expect(overall[0]).toBe('全部单位')
    expect(overall[4 + total + 2 * group]).toBe(String(doc.overall!.byCategory[2]!.valid))
    // 各等次票数: each layer's interval after its 满意率.
    const at = csv.findIndex((r) => r[0] === '各等次票数')
    expect(csv[at + 1]!.slice(-3)).toEqual(['满意率', '95%置信下限', '95%置信上限'])
    const street = doc.units[0]!.total!
    for (let d = 0; d <= D; d++) expect(csv[at + 2 + d]!.slice(-3)).toEqual([pct(street.sat[d]), pct(street.ci[2 * d]), pct(street.ci[2 * d + 1])])

    // XLSX: the same cells, numbers as numbers.
    const workbook = new (await loadExcelJS()).Workbook()
    await workbook.xlsx.load((await (await app.request(`/results/rounds/${ctx.round.id}/results.xlsx`, { headers: organiser.headers })).arrayBuffer()) as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const col = (n: number) => sheet.getColumn(n).letter
    const merges = (sheet.model as unknown as { merges: string[] }).merges
    expect(merges).toContain(`${col(5)}2:${col(4 + total)}2`)
    expect(merges).toContain(`${col(5 + total)}2:${col(4 + total + group)}2`)
    expect(sheet.getCell(3, 5 + D + 1).value).toBe('95%置信下限')
    expect([sheet.getCell(4, 5 + D).value, sheet.getCell(4, 6 + D).value, sheet.getCell(4, 7 + D).value]).toEqual([0.875, 0.6398, 0.965])
    expect(sheet.getCell(4, 6 + D).numFmt).toBe('0.00%')
    const streetCategory = (c: number, k: number) => sheet.getCell(4, 5 + total + c * group + k).value
    expect(streetCategory(2, 0)).toBe(6)
    expect(streetCategory(2, D + 1)).toBe(doc.units[0]!.byCategory[2]!.sat[D]! / 10000)
    expect(streetCategory(2, D + 2)).toBe(doc.units[0]!.byCategory[2]!.ci[2 * D]! / 10000)
    for (let k = 0; k < group; k++) expect(streetCategory(6, k)).toBe('人数不足')
    const counts = workbook.getWorksheet('各等次票数')!
    const L = doc.levels.length
    expect([counts.getCell(1, 5 + L).value, counts.getCell(1, 6 + L).value]).toEqual(['95%置信下限', '95%置信上限'])
    expect([counts.getCell(2, 5 + L).value, counts.getCell(2, 6 + L).value]).toEqual([street.ci[0]! / 10000, street.ci[1]! / 10000])
  })

  it('says why 加权得分 is missing where a category is hidden, on the page and in the exports', async () => {
    const html = await page(`/results/rounds/${ctx.round.id}`, organiser.headers)
    const ranking = element(html, '<table class="ranking">', 'table')!
    const street = element(ranking, `<tr data-unit="${ctx.units[0]!.id}"`, 'tr')!
    // the † is a link to the note, so a tap reaches the reason where a title never shows (touch screens)
    expect(street).toContain('<td class="num withheld" title="含人数不足的类别，不计算加权得分" data-withheld="1"><a class="note-ref" href="#weighted-note" aria-describedby="weighted-note">—<sup>†</sup></a></td>')
    expect(html).toContain('<p class="muted small" id="weighted-note">† 含人数不足的类别，不计算加权得分（否则可据此推算出被隐去的类别）。</p>')
    // 新河社区 has one category, shown: its score, not a dash.
    const xinhe = element(ranking, `<tr data-unit="${ctx.units[3]!.id}"`, 'tr')!
    expect(xinhe).toContain(`<td class="num">${doc.units[3]!.weightedScore!.toFixed(2)}</td>`)
    const csv = await csvOf(`/results/rounds/${ctx.round.id}/results.csv`, organiser.headers)
    const weighted = csv[1]!.indexOf('加权得分')
    expect(csv[3]![weighted]).toBe('—†')
    expect(csv.find((r) => r[0] === '新河社区')![weighted]).toBe(doc.units[3]!.weightedScore!.toFixed(2))
    expect(csv.some((r) => r[0] === '† 含人数不足的类别，不计算加权得分（否则可据此推算出被隐去的类别）。')).toBe(true)
    const en = await page(`/results/rounds/${ctx.round.id}?lang=en`, organiser.headers)
    expect(en).toContain('title="a category has too few answers to show: no weighted score"')
  })

  it('names downloads in the reader’s language; the round keeps its name', async () => {
    for (const ext of ['csv', 'xlsx']) {
      const zh = await app.request(`/results/rounds/${ctx.round.id}/results.${ext}`, { headers: organiser.headers })
      expect(zh.headers.get('content-disposition')).toBe(`attachment; filename="results-${ctx.round.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${ctx.round.name}-评议结果.${ext}`)}`)
      const en = await app.request(`/results/rounds/${ctx.round.id}/results.${ext}?lang=en`, { headers: organiser.headers })
      expect(en.status).toBe(200)
      expect(en.headers.get('content-disposition')).toBe(`attachment; filename="results-${ctx.round.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${ctx.round.name}-results.${ext}`)}`)
    }
    const csv = await csvOf(`/results/rounds/${ctx.round.id}/results.csv?lang=en`, organiser.headers)
    expect(csv[1]!.slice(-4)).toEqual(['Weighted score', 'Rank', 'needs a re-do', 'Dimensions under the re-do line'])
  })
})
