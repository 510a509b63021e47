import ExcelJS from 'exceljs'
import { beforeAll, expect, it } from 'vitest'
import { normalizeForSearch } from '../../server/opinions/search'
import type { RoundContext } from '../../server/rounds/store'
import { decodeText, parseCsv } from '../../server/units/spreadsheet'
import { loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { type Call, client, type TestApp } from '../support/setup-api'

const HEADERS_ZH = ['序号', '收到日期', '渠道', '涉及单位', '承办单位', '分类', '意见内容', '合并条数', '答复', '答复日期', '答复人', '状态']
const HEADERS_EN = ['No.', 'Received on', 'Channel', 'Unit concerned', 'Assigned to', 'Area', 'Opinion', 'Opinions merged', 'Reply', 'Replied on', 'Replied by', 'Status']
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The first sheet of an XLSX download as rows of cell values (row 1 the header). */
async function xlsxRows(res: Response) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await res.arrayBuffer())
  const rows: ExcelJS.CellValue[][] = []
  // empty cells read back as holes: every row as 12 values, null where empty
  workbook.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 12 }, (_, i) => (row.values as ExcelJS.CellValue[])[i + 1] ?? null)))
  return { workbook, rows }
}

/** A CSV download as rows of text, after checking it starts with the UTF-8 BOM. */
async function csvRows(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return parseCsv(decodeText(bytes).text)
}

describeEachDatabase('opinions export', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let office: Call
  let officeHeaders: Record<string, string>
  let base: string
  let areas: { id: string; name: string }[]
  let mergedId: string

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db, { now: () => new Date('2026-05-01T02:00:00Z') }))
    officeHeaders = (await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id, name: '办公室' })).headers
    office = client(app, officeHeaders)
    base = `/api/tracking/${ctx.campaign.id}`
    areas = (await office('POST', `${base}/areas/preset`)).json.areas

    // ballots: unit 0 has 5 (its 3 opinions show), unit 1 has 2 (its opinion is held back by k = 5)
    for (const opinion of ['路灯不亮', '=HYPERLINK("http://x")', '办事窗口要增加', '', '']) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 0 }), ...(opinion ? { opinion } : {}) })).status).toBe(201)
    for (const opinion of ['食堂太贵', '']) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 1 }), ...(opinion ? { opinion } : {}) })).status).toBe(201)
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    expect((await office('POST', `${base}/opinion-imports`, { roundId: ctx.round.id })).json).toMatchObject({ imported: 3, heldBack: 1 })

    const enter = async (body: string, channel: string, unit: number, receivedOn: string, areaId?: string) =>
      (await office('POST', `${base}/opinions`, { body, channel, unitId: ctx.units[unit]!.id, receivedOn, ...(areaId ? { areaId } : {}) })).json.id as string
    const bus = await enter('公交线路太少', 'petition', 2, '2026-04-02', areas[7]!.id)
    const a = await enter('小区停车难', 'meeting', 3, '2026-04-03')
    const b = await enter('晚上停车没地方', 'talk', 3, '2026-04-05')
    await enter('希望多开座谈会', 'mailbox', 4, '2026-04-06')
    // assigned to unit 3, answered by the office
    expect((await office('PATCH', `${base}/opinions/${bus}`, { assignedUnitId: ctx.units[3]!.id })).status).toBe(200)
    expect((await office('POST', `${base}/opinions/${bus}/reply`, { reply: '已增开 2 条线路', repliedOn: '2026-04-20' })).status).toBe(200)
    const merged = await office('POST', `${base}/opinions/merge`, { ids: [a, b], body: '停车难', areaId: areas[9]!.id })
    expect(merged.status).toBe(201)
    mergedId = merged.json.id
  })

  it('exports the list as XLSX: Chinese headers, real dates and numbers, channels in words, the file named after the campaign', async () => {
    const res = await app.request(`${base}/opinions/export?format=xlsx`, { headers: officeHeaders })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="opinions-2026-05-01.xlsx"; filename*=UTF-8''${encodeURIComponent(`${ctx.campaign.name}-意见建议-2026-05-01.xlsx`)}`)
    const { workbook, rows } = await xlsxRows(res)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['意见建议', '导出说明'])
    expect(rows[0]).toEqual(HEADERS_ZH)
    const list = (await office('GET', `${base}/opinions?limit=500`)).json
    expect(list.total).toBe(6)
    // the list's rows in the list's order, numbered from 1; the held-back 食堂太贵 is in neither
    expect(rows.slice(1).map((r) => r[6])).toEqual(list.opinions.map((o: { body: string }) => o.body.replace(/^=/, "'=")))
    expect(rows.slice(1).map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6])
    expect(rows.flat()).not.toContain('食堂太贵')

    const byBody = (body: string) => rows.find((r) => r[6] === body)!
    const u = (i: number) => ctx.units[i]!.name
    expect(byBody('公交线路太少')).toEqual([expect.any(Number), new Date('2026-04-02T00:00:00Z'), '信访接访', u(2), u(3), areas[7]!.name, '公交线路太少', 1, '已增开 2 条线路', new Date('2026-04-20T00:00:00Z'), '办公室', '已答复'])
    // a merged opinion: its originals' channels, how many it stands for
    expect(list.opinions.find((o: { body: string }) => o.body === '停车难').id).toBe(mergedId)
    expect(byBody('停车难')).toEqual([expect.any(Number), null, '会议座谈、当面谈话', u(3), null, areas[9]!.name, '停车难', 2, null, null, null, '未答复'])
    // a ballot opinion: no date (none is kept), the unit, unclassified; formula-like text stays text
    expect(byBody('路灯不亮')).toEqual([expect.any(Number), null, '评议票', u(0), null, '未分类', '路灯不亮', 1, null, null, null, '未答复'])
    expect(byBody(`'=HYPERLINK("http://x")`)?.[2]).toBe('评议票')
    const sheet = workbook.worksheets[0]!
    const busRow = rows.indexOf(byBody('公交线路太少')) + 1
    expect(sheet.getCell(busRow, 2).numFmt).toBe('yyyy-mm-dd')
    expect(sheet.getCell(busRow, 8).type).toBe(ExcelJS.ValueType.Number)
    expect(sheet.getCell(1, 1).font?.bold).toBe(true)

    const about = workbook.worksheets[1]!.getSheetValues().slice(1).map((r) => (r as ExcelJS.CellValue[]).slice(1))
    expect(about).toEqual([
      ['活动', ctx.campaign.name],
      ['导出日期', '2026-05-01'],
      ['筛选条件', '无（全部意见）'],
      ['范围', '本活动的全部意见'],
      ['条数', '共 6 条（合并后），代表收集到的意见 7 条'],
      ['说明', expect.stringContaining('有效票少于最小分组数的，为保护评议人匿名，不显示也不导出')],
    ])
  })

  it('exports exactly the rows the list shows for each filter, as CSV (UTF-8 with BOM) and XLSX alike', async () => {
    const filters = [
      '',
      `q=${encodeURIComponent('停车')}`,
      'channel=ballot',
      'channel=meeting',
      `unit=${ctx.units[3]!.id}`,
      `area=${areas[7]!.id}`,
      'area=none',
      'replied=yes',
      'replied=no',
      `round=${ctx.round.id}`,
      `q=${encodeURIComponent('公交')}&replied=no`,
    ]
    const counts: number[] = []
    for (const filter of filters) {
      const list = (await office('GET', `${base}/opinions?limit=500&${filter}`)).json
      const bodies = list.opinions.map((o: { body: string }) => o.body.replace(/^=/, "'="))
      const csv = await csvRows(await app.request(`${base}/opinions/export?${filter}`, { headers: officeHeaders }))
      expect(csv[0], filter).toEqual(HEADERS_ZH)
      expect(csv.slice(1).map((r) => r[6]), filter).toEqual(bodies)
      const { rows } = await xlsxRows(await app.request(`${base}/opinions/export?format=xlsx&${filter}`, { headers: officeHeaders }))
      expect(rows.slice(1).map((r) => r[6]), filter).toEqual(bodies)
      counts.push(bodies.length)
    }
    expect(counts).toEqual([6, 1, 3, 1, 2, 1, 4, 1, 5, 3, 0])
    // CSV dates and numbers as text a spreadsheet reads back
    const csv = await csvRows(await app.request(`${base}/opinions/export?q=${encodeURIComponent('公交')}`, { headers: officeHeaders }))
    expect(csv[1]).toEqual(['1', '2026-04-02', '信访接访', ctx.units[2]!.name, ctx.units[3]!.name, areas[7]!.name, '公交线路太少', '1', '已增开 2 条线路', '2026-04-20', '办公室', '已答复'])
    // the merged opinion stands for its originals: found by an original's channel
    const meeting = await csvRows(await app.request(`${base}/opinions/export?channel=meeting`, { headers: officeHeaders }))
    expect(meeting.slice(1).map((r) => [r[6], r[7]])).toEqual([['停车难', '2']])
    // the notes say what the filter was, in words
    const { workbook } = await xlsxRows(await app.request(`${base}/opinions/export?format=xlsx&channel=meeting&area=${areas[9]!.id}&replied=no`, { headers: officeHeaders }))
    expect(workbook.worksheets[1]!.getCell(3, 2).value).toBe(`分类：${areas[9]!.name}；渠道：会议座谈；答复：未答复`)
  })

  it('gives a liaison only the opinions of their units, and a leader what the list shows them', async () => {
    const db = database().db
    const liaison = await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[3]!.id })
    const mine = (await client(app, liaison.headers)('GET', `${base}/opinions?limit=500`)).json
    const csv = await csvRows(await app.request(`${base}/opinions/export`, { headers: liaison.headers }))
    expect(csv.slice(1).map((r) => r[6])).toEqual(mine.opinions.map((o: { body: string }) => o.body))
    // the bus opinion assigned to unit 3 and the merged one about unit 3; nothing else
    expect(csv.slice(1).map((r) => r[6]).sort()).toEqual(['停车难', '公交线路太少'].sort())
    const { workbook } = await xlsxRows(await app.request(`${base}/opinions/export?format=xlsx`, { headers: liaison.headers }))
    expect(workbook.worksheets[1]!.getCell(4, 2).value).toBe('由本单位及下级单位负责答复的意见')
    expect(workbook.worksheets[0]!.rowCount).toBe(3)

    const leader = await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })
    expect((await csvRows(await app.request(`${base}/opinions/export?channel=ballot`, { headers: leader.headers }))).length).toBe(4)
    const clerk = await loginAs(app, db, 'clerk', { campaignId: ctx.campaign.id, roundIds: [ctx.round.id] })
    const refused = await client(app, clerk.headers)('GET', `${base}/opinions/export`)
    expect(refused.status).toBe(403)
    expect(refused.json).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
    expect((await app.request(`${base}/opinions/export`)).status).toBe(401)
  })

  it('refuses a bad format or filter in the one error envelope, in the caller’s language; English headers in English', async () => {
    const bad = await office('GET', `${base}/opinions/export?format=pdf&area=x`)
    expect(bad.status).toBe(422)
    expect(bad.json.error.code).toBe('invalid_input')
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['area', 'format'])
    expect((await office('GET', `/api/tracking/${crypto.randomUUID()}/opinions/export`)).status).toBe(403)

    const en = await app.request(`${base}/opinions/export?format=xlsx&lang=en&q=${encodeURIComponent('公交')}`, { headers: officeHeaders })
    expect(en.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${ctx.campaign.name}-opinions-2026-05-01.xlsx`)}`)
    const { workbook, rows } = await xlsxRows(en)
    expect(rows[0]).toEqual(HEADERS_EN)
    expect(rows[1]![2]).toBe('Petition')
    expect(rows[1]![11]).toBe('Replied')
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Opinions', 'About this export'])
    expect(workbook.worksheets[1]!.getCell(3, 2).value).toBe('Search: 公交')
  })

  it('links 导出 Excel / 导出 CSV from the list page with its filter, and serves them to the browser', async () => {
    const page = await app.request(`/console/c/${ctx.campaign.id}/opinions?channel=ballot&q=${encodeURIComponent('路灯')}&offset=0`, { headers: { ...officeHeaders, accept: 'text/html' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    const link = `/console/c/${ctx.campaign.id}/opinions/export?q=${encodeURIComponent('路灯')}&amp;channel=ballot&amp;format=`
    expect(html).toContain(`<a href="${link}xlsx">导出 Excel</a> · <a href="${link}csv">导出 CSV</a>`)
    const res = await app.request(link.replaceAll('&amp;', '&') + 'xlsx', { headers: officeHeaders })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    expect((await xlsxRows(res)).rows.slice(1).map((r) => r[6])).toEqual(['路灯不亮'])
    // a browser without a session goes to the login page, and comes back here
    const anonymous = await app.request(`/console/c/${ctx.campaign.id}/opinions/export?format=csv`, { headers: { accept: 'text/html' } })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/console/c/${ctx.campaign.id}/opinions/export?format=csv`)}`)
    const en = await (await app.request(`/console/c/${ctx.campaign.id}/opinions?lang=en`, { headers: { ...officeHeaders, accept: 'text/html' } })).text()
    expect(en).toContain('>Export Excel</a> · <a href=')
  })

  it('exports 10,000 opinions without taking seconds (figures printed)', async () => {
    const db = database().db
    const channels = ['written_form', 'meeting', 'online', 'home_visit', 'petition', 'questionnaire', 'mailbox', 'talk'] as const
    for (let start = 0; start < 10_000; start += 1000) {
      const rows = Array.from({ length: 1000 }, (_, j) => {
        const i = start + j
        const body = `群众反映第${i}件事：希望尽快解决${['停车', '供水', '学校', '医院', '道路'][i % 5]}方面的困难，并及时答复。`
        return {
          campaign_id: ctx.campaign.id,
          source: 'staff' as const,
          channel: channels[i % 8]!,
          unit_id: ctx.units[i % ctx.units.length]!.id,
          area_id: areas[i % 13]!.id,
          body,
          search_text: normalizeForSearch(body),
          received_on: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
          ...(i % 3 === 0 ? { reply: '已转相关部门办理', replied_on: '2026-04-15', replied_by: '办公室' } : {}),
          created_at: new Date(Date.UTC(2026, 2, 1, 0, 0, i)),
        }
      })
      await db.insertInto('opinion').values(rows).execute()
    }
    const total = (await office('GET', `${base}/opinions?limit=1`)).json.total
    expect(total).toBe(10_006)
    const timed = async (format: 'xlsx' | 'csv') => {
      const started = performance.now()
      const res = await app.request(`${base}/opinions/export?format=${format}`, { headers: officeHeaders })
      const bytes = (await res.clone().arrayBuffer()).byteLength
      return { ms: Math.round(performance.now() - started), bytes, res }
    }
    await timed('xlsx') // warm: exceljs loads on first use
    const xlsx = await timed('xlsx')
    const csv = await timed('csv')
    console.log(`[opinions export, ${database().driver}] 10,006 opinions: XLSX ${xlsx.ms} ms (${Math.round(xlsx.bytes / 1024)} KB), CSV ${csv.ms} ms (${Math.round(csv.bytes / 1024)} KB)`)
    const { rows } = await xlsxRows(xlsx.res)
    expect(rows).toHaveLength(10_007)
    expect(rows[10_006]![0]).toBe(10_006)
    expect(await csvRows(csv.res)).toHaveLength(10_007)
  }, 120_000)
})
