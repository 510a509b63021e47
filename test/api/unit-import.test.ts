import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'
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
    expect(await unitCount()).toBe(1)
    const en = await (await upload('import/preview', bytes, 'units.csv', { 'accept-language': 'en' })).json()
    expect(en.errors[0].message).toBe('The name is empty')
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
    expect(await commit.json()).toEqual({ created: 2 })
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
    expect(await commit.json()).toEqual({ created: 3000 })
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
})
