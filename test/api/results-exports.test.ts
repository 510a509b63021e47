import { beforeAll, expect, it } from 'vitest'
import type { RoundDocument } from '../../server/results/document'
import type { RoundContext } from '../../server/rounds/store'
import { decodeText, loadExcelJS, parseCsv } from '../../server/units/spreadsheet'
import type { TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { castSampleVotes, type Headers, resultsReaders } from '../support/results-readers'
import { client } from '../support/setup-api'

const FORMULA_NAME = '=SUM(1,2)侯口村'
const pct = (units: number | null | undefined) => (units == null ? '' : `${(units / 100).toFixed(2)}%`)
/** An instant in Beijing time (UTC+8) as `YYYY-MM-DD HH:mm`, worked out here apart from the app's own helper. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
/** A page's text without its tags, for reading what a person sees. */
const visible = (html: string) => html.replace(/<[^>]*>/g, '')

describeEachDatabase('results pages and exports: the API numbers cell by cell, access as the API', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  let doc: RoundDocument
  let who: Record<string, Headers>
  let otherRoundId: string
  /** The app's clock, pinned for a request whose time a test reads. */
  let pinned: Date | null = null

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db, { now: () => pinned ?? new Date() }))
    await db.updateTable('unit').set({ name: FORMULA_NAME }).where('id', '=', ctx.units[1]!.id).execute()
    ;({ organiser, otherRoundId, who } = await resultsReaders(app, db, ctx))
    // The ballots of results-api.test.ts: 侯口街道's 2 社会公众 ballots are under k = 5, so suppressed.
    await castSampleVotes(app, ctx)
  })

  it('shows no results and no export while the round is open, even to the organiser; the hall screen works', async () => {
    const call = client(app, organiser.headers)
    for (const path of [`/results/rounds/${ctx.round.id}`, `/results/rounds/${ctx.round.id}/results.csv`, `/results/rounds/${ctx.round.id}/results.xlsx`]) {
      const res = await call('GET', path)
      expect(res.status, path).toBe(409)
      expect(res.json.error.code).toBe('round_still_open')
    }
    // A browser gets, with the same 409, a page that says when results show and where the turnout is: not the error page.
    for (const path of [`/results/rounds/${ctx.round.id}`, `/results/rounds/${ctx.round.id}/report`]) {
      const page = await app.request(path, { headers: { ...organiser.headers, accept: 'text/html' } })
      expect(page.status, path).toBe(409)
      const html = await page.text()
      expect(html, path).not.toContain('出错了')
      expect(html).toContain('<p class="notice" id="pending">本次评议尚未结束，结束后才显示结果。<br/>状态：进行中 · ')
      expect(html).toContain(`<a href="/results/rounds/${ctx.round.id}/turnout">实时回收情况</a>`)
      expect(html).not.toMatch(/满意率|"sat"|"rates"/)
    }
    const pendingEn = await (await app.request(`/results/rounds/${ctx.round.id}?lang=en`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    expect(pendingEn).toContain('This round has not closed yet: its results show once it closes.<br/>Status: Open · ')
    // The hall screen: the console's status names, and the server's time in Beijing time (UTC+8, 24-hour).
    pinned = new Date('2025-06-01T03:19:52.400Z')
    const hall = await app.request(`/results/rounds/${ctx.round.id}/turnout`, { headers: { ...organiser.headers, accept: 'text/html' } })
    const hallEn = await app.request(`/results/rounds/${ctx.round.id}/turnout?lang=en`, { headers: { ...organiser.headers, accept: 'text/html' } })
    pinned = null
    expect(hall.status).toBe(200)
    const html = await hall.text()
    expect(html).toContain('/assets/results-turnout.js')
    expect(html).toContain('id="total-received">36<')
    expect(html).not.toMatch(/满意率|"sat"|"rates"/)
    expect(html).toContain('<strong id="round-status">进行中</strong>')
    expect(html).toContain('更新于 <span id="updated">11:19:52</span>（北京时间）')
    expect(html).toContain('"statusNames":{"open":"进行中","closed":"已结束","draft":"草稿","published":"已公布"}')
    const en = await hallEn.text()
    expect(en).toContain('<strong id="round-status">Open</strong>')
    expect(en).toContain('Updated <span id="updated">11:19:52</span> (Beijing time)')
    expect(en).toContain('"statusNames":{"open":"Open","closed":"Closed","draft":"Draft","published":"Published"}')
    expect((await call('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const api = await call('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(api.status).toBe(200)
    doc = api.json
    expect(doc.units[0]!.byCategory[6]).toBeNull()
  })

  it('exports CSV with a BOM, the API numbers in every cell, suppressed cells as a word, formula-like names made safe', async () => {
    const res = await app.request(`/results/rounds/${ctx.round.id}/results.csv`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toContain(`results-${ctx.round.id}.csv`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(decodeText(bytes).text)
    const D = doc.dimensions.length
    const C = doc.categories.length
    // 合计: D dimensions, 总体满意率 and its interval (2); each category: 有效票 first, then the same.
    const total = D + 3
    const group = D + 4
    const width = 4 + total + C * group + 4
    expect(rows[1]!.slice(0, 5)).toEqual(['单位', '类型', '有效票', '回收率', '合计 满意率'])
    expect(rows[1]![4 + total]).toBe(doc.categories[0]!.name)
    expect(rows[2]!.slice(4, 4 + D + 1)).toEqual([...doc.dimensions.map((d) => d.label), '总体满意率'])
    expect(rows[1]!.slice(-4)).toEqual(['加权得分', '排名', '需补课', '低于补课线的项目'])
    doc.units.forEach((u, i) => {
      const row = rows[3 + i]!
      expect(row).toHaveLength(width)
      expect(row[0]).toBe(u.name.startsWith('=') ? `'${u.name}` : u.name)
      expect(row[2]).toBe(String(u.ballots.valid))
      expect(row[3]).toBe(pct(u.ballots.returnRate))
      for (let d = 0; d <= D; d++) expect(row[4 + d], `${u.name} ${d}`).toBe(u.total ? pct(u.total.sat[d]) : '人数不足')
      for (let c = 0; c < C; c++)
        for (let d = 0; d <= D; d++) {
          const block = u.byCategory[c]
          expect(row[4 + total + c * group + 1 + d], `${u.name} c${c} d${d}`).toBe(block ? pct(block.sat[d]) : '人数不足')
        }
      expect(row[width - 3]).toBe(u.rank === null ? '' : String(u.rank))
      expect(row[width - 2]).toBe(u.remedial ? '需补课' : '')
    })
    // The cells that matter by name: the formula-like unit, a suppressed category, exact figures.
    expect(rows[4]![0]).toBe(`'${FORMULA_NAME}`)
    expect(rows[3]![4 + total + 6 * group + 1 + D]).toBe('人数不足')
    expect(rows[3]![4 + D]).toBe('87.50%')
    expect(rows[4]![4 + D]).toBe('50.00%')
    const overall = rows[3 + doc.units.length]!
    expect(overall[0]).toBe('全部单位')
    expect(overall[2]).toBe('36')
    expect(rows.some((r) => r[0]?.startsWith('计算方法：各等次比率'))).toBe(true)
    expect(rows.some((r) => r[0] === '未公布（仅组织者可见）')).toBe(true)
    // 各等次票数: per unit and dimension, each level's count as the API has it, then n and 满意率.
    const L = doc.levels.length
    const at = rows.findIndex((r) => r[0] === '各等次票数')
    expect(rows[at + 1]).toEqual(['单位', '评议项目', ...doc.levels.map((l) => l.label), '有效作答数', '满意率', '95%置信下限', '95%置信上限'])
    const first = doc.units[0]!
    for (let d = 0; d <= D; d++) {
      const row = rows[at + 2 + d]!
      expect(row.slice(0, 2)).toEqual([first.name, d < D ? doc.dimensions[d]!.label : '总体满意率'])
      expect(row.slice(2, 2 + L)).toEqual(first.total!.counts.slice(d * L, d * L + L).map(String))
      expect(row.slice(2 + L)).toEqual([String(first.total!.n[d]), pct(first.total!.sat[d]), pct(first.total!.ci[2 * d]), pct(first.total!.ci[2 * d + 1])])
    }
  })

  it('exports XLSX with merged headers, numbers as numbers, suppressed cells as a word', async () => {
    const res = await app.request(`/results/rounds/${ctx.round.id}/results.xlsx`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    const workbook = new (await loadExcelJS()).Workbook()
    await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const D = doc.dimensions.length
    const C = doc.categories.length
    const col = (n: number) => sheet.getColumn(n).letter
    const merges = (sheet.model as unknown as { merges: string[] }).merges
    expect(merges).toContain(`A2:A3`)
    const total = D + 3
    const group = D + 4
    expect(merges).toContain(`${col(5)}2:${col(4 + total)}2`)
    expect(merges).toContain(`${col(5 + total)}2:${col(4 + total + group)}2`)
    expect(sheet.getCell(2, 5).value).toBe('合计 满意率')
    expect(sheet.getCell(2, 5 + total).value).toBe(doc.categories[0]!.name)
    expect(sheet.getCell(3, 5 + D).value).toBe('总体满意率')
    doc.units.forEach((u, i) => {
      const r = 4 + i
      expect(sheet.getCell(r, 1).value).toBe(u.name.startsWith('=') ? `'${u.name}` : u.name)
      expect(sheet.getCell(r, 3).value).toBe(u.ballots.valid)
      for (let d = 0; d <= D; d++) {
        const cell = sheet.getCell(r, 5 + d)
        if (!u.total) expect(cell.value).toBe('人数不足')
        else if (u.total.sat[d] == null) expect(cell.value).toBeNull()
        else {
          expect(cell.value).toBe(u.total.sat[d]! / 10000)
          expect(cell.numFmt).toBe('0.00%')
        }
      }
      for (let c = 0; c < C; c++) {
        const block = u.byCategory[c]
        const cell = sheet.getCell(r, 5 + total + c * group + 1 + D)
        if (!block) expect(cell.value, `${u.name} c${c}`).toBe('人数不足')
        else expect(cell.value, `${u.name} c${c}`).toBe(block.sat[D] == null ? null : block.sat[D]! / 10000)
      }
      const rank = sheet.getCell(r, 5 + total + C * group + 1).value
      expect(rank).toBe(u.rank ?? null)
    })
    expect(sheet.getCell(4, 5 + total + 6 * group).value).toBe('人数不足')
    expect(sheet.getCell(4, 5 + D).value).toBe(0.875)
    expect(sheet.getCell(5, 1).value).toBe(`'${FORMULA_NAME}`)
    expect(sheet.getCell(5, 1).formula).toBeUndefined()
    const counts = workbook.getWorksheet('各等次票数')!
    const L = doc.levels.length
    expect([1, 2, 3].map((c) => counts.getCell(1, c).value)).toEqual(['单位', '评议项目', doc.levels[0]!.label])
    expect(counts.getCell(2, 3).value).toBe(doc.units[0]!.total!.counts[0])
    expect(counts.getCell(2, 3 + L).value).toBe(doc.units[0]!.total!.n[0])
    expect(counts.getCell(2, 4 + L).value).toBe(doc.units[0]!.total!.sat[0]! / 10000)
  })

  it('renders the round page with suppressed cells as a word, the formula once, intervals one way, no number for a hidden cell', async () => {
    const res = await app.request(`/results/rounds/${ctx.round.id}`, { headers: { ...organiser.headers, accept: 'text/html' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('/assets/results-round.js')
    // The formula once, at the end, folded under 计算方法 (open in the printable report).
    expect(html.match(/class="formula"/g)).toHaveLength(1)
    expect(html.split(doc.formula.text['zh-CN']).length - 1).toBe(1)
    expect(html).toContain('<details class="formula" id="formula"><summary>计算方法</summary>')
    expect(html.indexOf('id="formula"')).toBeGreaterThan(html.indexOf('<table class="ranking">'))
    const report = await (await app.request(`/results/rounds/${ctx.round.id}/report`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    expect(report.match(/class="formula"/g)).toHaveLength(1)
    expect(report).toContain('<details class="formula" id="formula" open="">')
    // 侯口街道: 87.50% with its Wilson interval 63.98%–96.50%, en dash, full-width brackets in Chinese.
    expect(visible(html)).toContain('87.50%（63.98%–96.50%）')
    expect(html).not.toMatch(/%, \d+\.\d\d%\]/)
    // Unpublished: the organiser's page says so.
    expect(html).toContain('<p class="publication-status" id="publication-status">未公布（仅组织者可见）</p>')
    expect(html).toContain('data-suppressed="1"')
    expect(html).toContain('=SUM(1,2)侯口村')
    expect(html).not.toContain('evaluate.js')
    // chart.js lives only in the results bundles: the evaluator page loads none of them.
    const evaluator = await (await app.request(`/e/${ctx.round.id}`, { headers: { accept: 'text/html' } })).text()
    expect(evaluator).toMatch(/<h1/)
    expect(evaluator).not.toMatch(/results[-.]/)
    const en = await (await app.request(`/results/rounds/${ctx.round.id}?lang=en`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    expect(en).toContain('<summary>Formula</summary><p>level rate')
    expect(visible(en)).toContain('87.50% (63.98%–96.50%)')
    // The unit page and the comparison write intervals the same way.
    const unit = visible(await (await app.request(`/results/units/${ctx.units[0]!.id}`, { headers: { ...organiser.headers, accept: 'text/html' } })).text())
    expect(unit).toContain('87.50%（63.98%–96.50%）')
    const compare = await (await app.request(`/results/compare?rounds=${ctx.round.id}&units=${ctx.units[0]!.id}&lang=en`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    expect(visible(compare)).toContain('87.50% (63.98%–96.50%)')
    expect(compare.match(/class="formula"/g)).toHaveLength(2) // the ▲▼ rule, and the formula folded once
  })

  it('refuses every page and export to everyone but the organiser while unpublished: 403 envelope, 403 page for browsers', async () => {
    const bogus = '00000000-0000-4000-8000-000000000000'
    for (const [name, headers] of Object.entries(who)) {
      for (const round of [ctx.round.id, otherRoundId, bogus, 'not-a-uuid']) {
        const paths = [`/results/rounds/${round}`, `/results/rounds/${round}/report`, `/results/rounds/${round}/results.csv`, `/results/rounds/${round}/results.xlsx`, `/results/rounds/${round}/turnout`]
        if (round !== 'not-a-uuid') paths.push(`/results/compare?rounds=${round}&units=${ctx.units[0]!.id}`)
        for (const path of paths) {
          if (name === 'otherOrganiser' && round === otherRoundId && !path.includes('compare')) continue
          if (name === 'leader' && round === ctx.round.id && path.endsWith('/turnout')) continue
          const api = await app.request(path, { headers })
          expect(api.status, `${name} ${path}`).toBe(403)
          expect(await api.json()).toEqual({ error: { code: 'forbidden', message: '您没有权限进行此操作。' } })
          const page = await app.request(path, { headers: { ...headers, accept: 'text/html' } })
          expect(page.status).toBe(403)
          expect(await page.text()).toContain('data-code="forbidden"')
        }
      }
      const unit = await app.request(`/results/units/${ctx.units[0]!.id}`, { headers: { ...headers, accept: 'text/html' } })
      if (name === 'leader' || name === 'liaison') {
        expect(unit.status, name).toBe(200)
        expect(await unit.text()).toContain('还没有您可以查看的结果')
      } else expect(unit.status, name).toBe(403)
    }
    // The leader's hall screen: counts of its own campaign's round.
    expect((await app.request(`/results/rounds/${ctx.round.id}/turnout`, { headers: who.leader })).status).toBe(200)
  })

  it('once published to leaders: the leader reads page, exports and comparison, with the SHA-256 in the report and exports', async () => {
    const published = await client(app, organiser.headers)('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true } })
    expect(published.status).toBe(201)
    const hash: string = published.json.hash
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    const report = await app.request(`/results/rounds/${ctx.round.id}/report`, { headers: { ...who.leader!, accept: 'text/html' } })
    expect(report.status).toBe(200)
    expect(await report.text()).toContain(hash)
    const csv = parseCsv(decodeText(new Uint8Array(await (await app.request(`/results/rounds/${ctx.round.id}/results.csv`, { headers: who.leader })).arrayBuffer())).text)
    expect(csv.some((r) => r[0] === `内容校验码 (SHA-256)：${hash}`)).toBe(true)
    expect(csv[3]![4 + (doc.dimensions.length + 3) + 6 * (doc.dimensions.length + 4)]).toBe('人数不足')
    const compare = await app.request(`/results/compare?rounds=${ctx.round.id}&units=${ctx.units[0]!.id}&units=${ctx.units[2]!.id}`, { headers: { ...who.leader!, accept: 'text/html' } })
    expect(compare.status).toBe(200)
    const html = await compare.text()
    expect(html).toContain('87.50%')
    expect(html).toContain('100.00%')
    expect(html).toContain('chart-compare')
    // Still nothing for the anonymous and the clerk.
    for (const name of ['anonymous', 'clerk']) expect((await app.request(`/results/rounds/${ctx.round.id}/results.csv`, { headers: who[name] })).status, name).toBe(403)
    // A liaison is not in a leaders-only audience.
    expect((await app.request(`/results/rounds/${ctx.round.id}`, { headers: who.liaison })).status).toBe(403)
    // The leader reads the publication: when it was published, in Beijing time.
    const leaderPage = await (await app.request(`/results/rounds/${ctx.round.id}`, { headers: { ...who.leader!, accept: 'text/html' } })).text()
    expect(leaderPage).toContain(`<p class="publication-status" id="publication-status">已公布 ${beijing(published.json.publishedAt)}（北京时间）</p>`)
  })

  it('tells the organiser what is published, to whom, with the public page, on the live page, the report and the exports', async () => {
    const call = client(app, organiser.headers)
    const page = async (path: string) => (await app.request(path, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    const [leaders] = (await call('GET', `/api/results/rounds/${ctx.round.id}/publications`)).json.publications
    const toLeaders = `已公布 ${beijing(leaders.publishedAt)}（北京时间），范围：领导`
    let html = await page(`/results/rounds/${ctx.round.id}`)
    expect(html).not.toContain('未公布')
    expect(html).toContain(`<li>${toLeaders}</li>`)
    expect(html).toContain('本页是组织者看到的实时结果，不是公布的快照')
    // To the public and a named unit: the newest first, with its public page.
    const pub = await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true, units: [ctx.units[2]!.id] } })
    expect(pub.status).toBe(201)
    const toPublic = `已公布 ${beijing(pub.json.publishedAt)}（北京时间），范围：东湖村、公众`
    for (const path of [`/results/rounds/${ctx.round.id}`, `/results/rounds/${ctx.round.id}/report`]) {
      html = await page(path)
      expect(html, path).toContain(`<li>${toPublic}，公开页面：<a href="/p/${pub.json.slug}">http://localhost/p/${pub.json.slug}</a></li><li>${toLeaders}</li>`)
      expect(html).not.toContain('未公布')
    }
    const en = await page(`/results/rounds/${ctx.round.id}/report?lang=en`)
    expect(en).toContain(`<li>Published ${beijing(pub.json.publishedAt)} (Beijing time), audience: 东湖村, the public, Public page: <a href="/p/${pub.json.slug}">`)
    expect(en).toContain('This page is the organisers’ live view of the results, not the published snapshot')
    const csv = parseCsv(decodeText(new Uint8Array(await (await app.request(`/results/rounds/${ctx.round.id}/results.csv`, { headers: organiser.headers })).arrayBuffer())).text)
    expect(csv.filter((r) => r[0]?.startsWith('已公布') || r[0]?.startsWith('未公布')).map((r) => r[0])).toEqual([`${toPublic}，公开页面：http://localhost/p/${pub.json.slug}`, toLeaders])
    // The public page writes the interval as every other page.
    const publicPage = await (await app.request(`/p/${pub.json.slug}`, { headers: { accept: 'text/html' } })).text()
    expect(visible(publicPage)).toContain('87.50%（63.98%–96.50%）')
    // Once both are revoked, the page says 未公布 again.
    for (const id of [pub.json.id, leaders.id]) expect((await call('POST', `/api/results/publications/${id}/revoke`, {})).status).toBe(200)
    expect(await page(`/results/rounds/${ctx.round.id}`)).toContain('<p class="publication-status" id="publication-status">未公布（仅组织者可见）</p>')
  })
})
