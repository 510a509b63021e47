import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'
import ExcelJS from 'exceljs'
import { encodeGb18030, fileForm, xlsxFile } from '../support/sheets'

describeEachDatabase('unit import', (database) => {
  let app: TestApp
  let call: Call
  let auth: Record<string, string>
  let base: string
  const unitCount = async () => Number((await database().db.selectFrom('unit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  const upload = (path: string, bytes: Uint8Array, name = 'units.csv', headers: Record<string, string> = {}) =>
    app.request(`${base}/units/${path}`, { method: 'POST', body: fileForm(bytes, name), headers: { ...auth, ...headers } })

  beforeAll(async () => {
    ;({ app, call, login: { headers: auth } } = await organiserApp(database().db))
    base = `/api/campaigns/${(await call('POST', '/api/campaigns', { name: '导入测试' })).json.id}`
    await call('POST', `${base}/units`, { name: '天门市', kind: '市', code: 'TM' })
  })

  it('previews a UTF-8 CSV with BOM, resolving parents by code and by name in any order', async () => {
    const csv = '\ufeff单位名称,上级单位,单位类型,单位编码\r\n侯口村,侯口街道,村,HK-01\r\n侯口街道,TM,街道,HK\r\n"东湖村, 新区",HK,村,\r\n'
    const res = await upload('import/preview', new TextEncoder().encode(csv))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      total: 3,
      valid: true,
      errorCount: 0,
      errors: [],
      warningCount: 0,
      warnings: [],
      rows: [
        { row: 3, name: '侯口街道', kind: '街道', code: 'HK', parent: 'TM', depth: 0 },
        { row: 2, name: '侯口村', kind: '村', code: 'HK-01', parent: '侯口街道', depth: 1 },
        { row: 4, name: '东湖村, 新区', kind: '村', code: null, parent: 'HK', depth: 1 },
      ],
    })
    expect(await unitCount()).toBe(1)
  })

  it('reports every bad row with its row number in Chinese and writes nothing', async () => {
    const csv = [
      '单位名称,上级单位,单位类型,单位编码',
      '好单位,TM,机关,OK-1',
      ',TM,村,X1',
      '坏编码,TM,村,坏 码',
      '重复,TM,村,OK-1',
      '已有编码,,村,TM',
      '孤儿,不存在的单位,村,',
      '甲,乙,村,',
      '乙,甲,村,',
    ].join('\n')
    const bytes = new TextEncoder().encode(csv)
    const preview = await (await upload('import/preview', bytes)).json()
    expect(preview.valid).toBe(false)
    expect(preview.errors).toEqual([
      { row: 3, column: '单位名称', message: '单位名称不能为空' },
      { row: 4, column: '单位编码', message: '单位编码只能包含字母、数字和 - _ . /，且不超过 50 个字符' },
      { row: 5, column: '单位编码', message: '单位编码在文件中重复（另见第 2 行）' },
      { row: 6, column: '单位编码', message: '单位编码已被现有单位“天门市”使用' },
      { row: 7, column: '上级单位', message: '找不到上级单位“不存在的单位”' },
      { row: 8, column: '上级单位', message: '上级单位关系形成了循环' },
      { row: 9, column: '上级单位', message: '上级单位关系形成了循环' },
    ])
    const commit = await upload('import', bytes)
    expect(commit.status).toBe(422)
    const json = await commit.json()
    expect(json.error.code).toBe('import_invalid')
    expect(json.error.issues[0]).toEqual({ path: '3.单位名称', message: '第 3 行 单位名称：单位名称不能为空' })
    expect(json.error.issues[1]).toEqual({ path: '4.单位编码', message: '第 4 行 单位编码：单位编码只能包含字母、数字和 - _ . /，且不超过 50 个字符' })
    expect(await unitCount()).toBe(1)
    const en = await (await upload('import/preview', bytes, 'units.csv', { 'accept-language': 'en' })).json()
    expect(en.errors[0].message).toBe('The name is empty')
    // In English the message names each column by its English header; `path` keeps the template's.
    const enCommit = await (await upload('import', bytes, 'units.csv', { 'accept-language': 'en' })).json()
    expect(enCommit.error.issues.slice(0, 5)).toEqual([
      { path: '3.单位名称', message: 'Row 3, Unit name: The name is empty' },
      { path: '4.单位编码', message: 'Row 4, Code: A code has only letters, digits and - _ . / (at most 50)' },
      { path: '5.单位编码', message: 'Row 5, Code: The code appears twice in the file (see row 2)' },
      { path: '6.单位编码', message: 'Row 6, Code: The code is already used by the unit “天门市”' },
      { path: '7.上级单位', message: 'Row 7, Parent: The parent unit “不存在的单位” was not found' },
    ])
    expect(await unitCount()).toBe(1)
  })

  it('refuses a unit already there under the same parent, or twice in the file: importing again makes no duplicates', async () => {
    const csv = ['单位名称,上级单位,单位类型,单位编码', '天门市,,市,', '开发区,TM,区,', '开发区,TM,区,', '竟陵街道,TM,街道,'].join('\n')
    const bytes = new TextEncoder().encode(csv)
    const preview = await (await upload('import/preview', bytes)).json()
    expect(preview.errors).toEqual([
      { row: 2, column: '单位名称', message: '同一上级下已有单位“天门市”，导入会再建一个同名单位；如确为另一单位，请改名或填写单位编码区分' },
      { row: 4, column: '单位名称', message: '同一上级下的单位“开发区”在文件中重复（另见第 3 行）' },
    ])
    expect(await unitCount()).toBe(1)
    // Same names under different parents, or told apart by a code, are different units.
    const fine = new TextEncoder().encode(['单位名称,上级单位,单位类型,单位编码', '开发区,TM,区,KFQ', '竟陵街道,TM,街道,', '竟陵街道,KFQ,街道,', '天门市,KFQ,市,TM-2'].join('\n'))
    expect((await (await upload('import/preview', fine)).json()).errors).toEqual([])
  })

  it('offers a template, CSV and XLSX, that previews as three valid example units', async () => {
    const csv = await app.request(`${base}/units/import/template`, { headers: auth })
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('单位导入模板')}.csv`)
    const bytes = new Uint8Array(await csv.arrayBuffer())
    const preview = await (await upload('import/preview', bytes)).json()
    expect(preview).toMatchObject({ total: 3, valid: true })
    expect(preview.rows.map((r: { name: string; depth: number }) => [r.name, r.depth])).toEqual([['示例市', 0], ['示例街道', 1], ['示例社区', 2]])
    const xlsx = new Uint8Array(await (await app.request(`${base}/units/import/template?format=xlsx`, { headers: auth })).arrayBuffer())
    expect((await (await upload('import/preview', xlsx, 'template.xlsx')).json()).total).toBe(3)
    const page = await (await app.request(`/console/campaigns/${base.split('/').at(-1)}/units/import`, { headers: { cookie: auth.cookie!, accept: 'text/html' } })).text()
    expect(page).toContain(`href="${base}/units/import/template?format=xlsx"`)
  })

  it('imports a GB18030 CSV as Excel in China saves it', async () => {
    const bytes = encodeGb18030('单位名称,上级单位,单位类型,单位编码\r\n开发区财政局,TM,机关,TM-FIN\r\n开发区实验学校,天门市,学校,TM-SCH\r\n')
    expect([...bytes.subarray(0, 4)]).toEqual([0xb5, 0xa5, 0xce, 0xbb])
    const preview = await (await upload('import/preview', bytes)).json()
    expect(preview.rows.map((r: { name: string; kind: string }) => `${r.name}/${r.kind}`)).toEqual(['开发区财政局/机关', '开发区实验学校/学校'])
    const commit = await upload('import', bytes)
    expect(commit.status).toBe(201)
    expect(await commit.json()).toEqual({ created: 2, warnings: [], warningCount: 0 })
    const tree = (await call('GET', `${base}/units`)).json.units
    expect(tree[0].children.map((u: { name: string; code: string; position: number }) => [u.name, u.code, u.position])).toEqual([
      ['开发区财政局', 'TM-FIN', 0],
      ['开发区实验学校', 'TM-SCH', 1],
    ])
  })

  it('imports an XLSX file of 3,000 units in one go', async () => {
    const rows: (string | number)[][] = [['单位编码', '单位名称', '上级单位', '单位类型']]
    for (let t = 0; t < 30; t++) {
      rows.push([`Z${t}`, `第${t}镇`, 'TM', '镇'])
      for (let v = 0; v < 99; v++) rows.push([`Z${t}-${v}`, `第${t}镇第${v}村`, `Z${t}`, '村'])
    }
    const bytes = await xlsxFile(rows)
    const preview = await (await upload('import/preview', bytes, 'units.xlsx')).json()
    expect(preview).toMatchObject({ total: 3000, valid: true, errorCount: 0 })
    expect(preview.rows).toHaveLength(500)
    const commit = await upload('import', bytes, 'units.xlsx')
    expect(await commit.json()).toEqual({ created: 3000, warnings: [], warningCount: 0 })
    expect(await unitCount()).toBe(3003)
    const unit = await database().db.selectFrom('unit').select(['name', 'position']).where('code', '=', 'Z29-98').executeTakeFirstOrThrow()
    expect(unit).toEqual({ name: '第29镇第98村', position: 98 })
    const again = await (await upload('import/preview', bytes, 'units.xlsx')).json()
    expect(again.errorCount).toBe(3000)
  })

  it('refuses a file that is neither CSV nor XLSX with a name column', async () => {
    const noName = await (await upload('import/preview', new TextEncoder().encode('编码,类型\nA,村\n'))).json()
    expect(noName.errors).toEqual([{ row: 1, column: '单位名称', message: '缺少“单位名称”列' }])
    const broken = await upload('import/preview', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx')
    expect(broken.status).toBe(422)
    expect((await broken.json()).error.code).toBe('import_unreadable')
    const empty = await app.request(`${base}/units/import/preview`, { method: 'POST', body: new FormData(), headers: auth })
    expect((await empty.json()).error.code).toBe('import_unreadable')
  })
  describe('same names under one parent', () => {
    let town: string
    const place = async () => {
      const campaign = (await call('POST', '/api/campaigns', { name: '同名测试' })).json.id
      const city = (await call('POST', `/api/campaigns/${campaign}/units`, { name: '天门市', kind: '市', code: 'TM' })).json.id
      town = (await call('POST', `/api/campaigns/${campaign}/units`, { name: '城关镇', kind: '镇', code: 'CG', parentId: city })).json.id
      await call('POST', `/api/campaigns/${campaign}/units`, { name: '河镇', kind: '镇', code: 'HZ', parentId: city })
      return `/api/campaigns/${campaign}`
    }
    const previewIn = async (campaignBase: string, lines: string[], headers: Record<string, string> = {}) =>
      (await app.request(`${campaignBase}/units/import/preview`, { method: 'POST', body: fileForm(new TextEncoder().encode(lines.join('\n')), 'units.csv'), headers: { ...auth, ...headers } })).json()

    it('warns, naming both rows, of two coded units of one name under one parent, and still imports them', async () => {
      const campaignBase = await place()
      const lines = ['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06', '新村,CG,村,CG-08', '东湖村,城关镇,村,CG-07', '新村,HZ,村,HZ-01']
      const preview = await previewIn(campaignBase, lines)
      expect(preview).toMatchObject({ valid: true, errorCount: 0, warningCount: 1 })
      expect(preview.warnings).toEqual([
        { row: 4, column: '单位名称', message: '同一上级下已有同名单位“东湖村”（第 2 行，编码 CG-06），导入后将有两个“东湖村”，只能靠单位编码区分；如是同一单位，请删去一行' },
      ])
      const en = await previewIn(campaignBase, lines, { 'accept-language': 'en' })
      expect(en.warnings[0].message).toBe('Another “东湖村” under the same parent is on row 2 (code CG-06): both will be imported, told apart only by their codes. If they are the same unit, delete one row.')
      // The import itself answers with the same warnings: a program that never previews hears them too.
      const commit = await app.request(`${campaignBase}/units/import`, { method: 'POST', body: fileForm(new TextEncoder().encode(lines.join('\n')), 'units.csv'), headers: { ...auth, 'accept-language': 'en' } })
      expect(commit.status).toBe(201)
      expect(await commit.json()).toEqual({ created: 4, warnings: en.warnings, warningCount: 1 })
      expect(en.warnings).toEqual([{ row: 4, column: '单位名称', message: en.warnings[0].message }])
    })

    it('warns of a coded unit named like one already under the same parent; refuses it without a code', async () => {
      const campaignBase = await place()
      await call('POST', `${campaignBase}/units`, { name: '东湖村', kind: '村', code: 'CG-06', parentId: town })
      await call('POST', `${campaignBase}/units`, { name: '西湖村', kind: '村', parentId: town })
      const lines = ['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-07', '西湖村,CG,村,CG-09', '东湖村,HZ,村,HZ-06']
      const preview = await previewIn(campaignBase, lines)
      expect(preview.errors).toEqual([])
      expect(preview.warnings).toEqual([
        { row: 2, column: '单位名称', message: '同一上级下已有单位“东湖村”（编码 CG-06），导入后将有两个“东湖村”，只能靠单位编码区分；如是同一单位，请删去此行' },
        { row: 3, column: '单位名称', message: '同一上级下已有单位“西湖村”（无编码），导入后将有两个“西湖村”，只能靠单位编码区分；如是同一单位，请删去此行' },
      ])
      const refused = await previewIn(campaignBase, ['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,'])
      expect(refused).toMatchObject({ valid: false, warnings: [] })
      expect(refused.errors).toEqual([{ row: 2, column: '单位名称', message: '同一上级下已有单位“东湖村”，导入会再建一个同名单位；如确为另一单位，请改名或填写单位编码区分' }])
      // A code already taken is the error; the name is not warned of on top.
      const taken = await previewIn(campaignBase, ['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06'])
      expect(taken.errors.map((e: { message: string }) => e.message)).toEqual(['单位编码已被现有单位“东湖村”使用'])
      expect(taken.warnings).toEqual([])
      const commit = await app.request(`${campaignBase}/units/import`, { method: 'POST', body: fileForm(new TextEncoder().encode(lines.join('\n')), 'units.csv'), headers: auth })
      expect(commit.status).toBe(201)
      expect(await commit.json()).toEqual({ created: 3, warnings: preview.warnings, warningCount: 2 })
    })
  })

  describe('a title above the header', () => {
    const lines = ['单位名称,上级单位,单位类型,单位编码', '标题村,TM,村,TT-1', ',TM,村,TT-2']
    it('finds the header below a title row in a CSV and numbers rows as the spreadsheet does', async () => {
      const csv = new TextEncoder().encode(['2026年评议单位名单,,,', '', ...lines].join('\r\n'))
      const preview = await (await upload('import/preview', csv)).json()
      expect(preview.rows.map((r: { row: number; name: string }) => [r.row, r.name])).toEqual([[4, '标题村'], [5, '']])
      expect(preview.errors).toEqual([{ row: 5, column: '单位名称', message: '单位名称不能为空' }])
      // A tab-separated file whose title line has no tab at all.
      const tsv = new TextEncoder().encode(['2026年评议单位名单', ...lines.map((l) => l.replaceAll(',', '\t'))].join('\n'))
      expect((await (await upload('import/preview', tsv)).json()).rows[0]).toEqual({ row: 3, name: '标题村', kind: '村', code: 'TT-1', parent: 'TM', depth: 0 })
    })

    it('finds it below a merged title in an XLSX file', async () => {
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('名单')
      sheet.getCell('A1').value = '2026年评议单位名单'
      sheet.mergeCells('A1:D1')
      sheet.getCell('A2').value = '填报单位：天门市委办'
      for (const line of lines) sheet.addRow(line.split(','))
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
      const preview = await (await upload('import/preview', bytes, 'units.xlsx')).json()
      expect(preview.rows.map((r: { row: number; name: string }) => [r.row, r.name])).toEqual([[4, '标题村'], [5, '']])
      expect(preview.errors).toEqual([{ row: 5, column: '单位名称', message: '单位名称不能为空' }])
    })

    it('looks no further than the first five filled rows', async () => {
      const csv = new TextEncoder().encode(['标题', '说明一', '说明二', '说明三', '说明四', ...lines].join('\n'))
      expect((await (await upload('import/preview', csv)).json()).errors).toEqual([{ row: 1, column: '单位名称', message: '缺少“单位名称”列' }])
    })
  })

  it('reads English column headers too', async () => {
    const csv = new TextEncoder().encode('Unit name,Parent,Kind,Code\n英文表头村,TM,村,EN-1\n')
    const preview = await (await upload('import/preview', csv)).json()
    expect(preview).toMatchObject({ valid: true, rows: [{ row: 2, name: '英文表头村', kind: '村', code: 'EN-1', parent: 'TM', depth: 0 }] })
    const noName = await (await upload('import/preview', new TextEncoder().encode('Code,Kind\nA,村\n'), 'units.csv', { 'accept-language': 'en' })).json()
    expect(noName.errors).toEqual([{ row: 1, column: '单位名称', message: 'There is no 单位名称 (Unit name) column' }])
  })
})
