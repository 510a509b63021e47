import { beforeAll, describe, expect, it } from 'vitest'
import { type TestLogin, loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { setupApp, type TestApp } from '../support/setup-api'
import { xlsxFile } from '../support/sheets'

type Fields = Record<string, string | string[]>

/** The console's setup pages through plain HTML form posts, as a browser without JavaScript sends them. */
describeEachDatabase('console setup pages', (database) => {
  let app: TestApp
  let office: TestLogin
  const db = () => database().db
  const count = async (table: 'campaign' | 'unit' | 'evaluator_category' | 'form' | 'round' | 'round_unit' | 'app_user' | 'access_code') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

  const get = (login: TestLogin, path: string) => app.request(path, { headers: { cookie: login.cookie, accept: 'text/html' } })
  const post = (login: TestLogin, path: string, fields: Fields, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    body.set('_csrf', login.csrf)
    return app.request(path, { method: 'POST', headers: { cookie: login.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() })
  }
  const upload = (login: TestLogin, path: string, bytes: Uint8Array, name: string) => {
    const form = new FormData()
    form.append('_csrf', login.csrf)
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
    return app.request(path, { method: 'POST', headers: { cookie: login.cookie, accept: 'text/html' }, body: form })
  }
  /** The text of the error placed right after a field. */
  const fieldError = (page: string, name: string) => new RegExp(`id="${name.replace(/\./g, '\\.')}-error">([^<]*)<`).exec(page)?.[1]
  const idFrom = (res: Response, pattern: RegExp) => {
    const match = pattern.exec(res.headers.get('location') ?? '')
    if (!match?.[1]) throw new Error(`no id in ${res.headers.get('location')}`)
    return match[1]
  }

  let campaignA: string
  let campaignB: string
  let cityA: string
  let unitB: string

  beforeAll(async () => {
    app = setupApp(db())
    office = await loginAs(app, db(), 'organiser', { name: '办公室' })
    campaignA = idFrom(await post(office, '/console/campaigns', { name: '甲活动', theme: '主题甲', batch: '第一批' }), /\/console\/campaigns\/([0-9a-f-]{36})$/)
    campaignB = idFrom(await post(office, '/console/campaigns', { name: '乙活动' }), /\/console\/campaigns\/([0-9a-f-]{36})$/)
    expect(await post(office, `/console/campaigns/${campaignA}/units`, { name: '甲市', kind: '市', code: 'A' })).toHaveProperty('status', 303)
    expect(await post(office, `/console/campaigns/${campaignB}/units`, { name: '乙市', kind: '市', code: 'B' })).toHaveProperty('status', 303)
    cityA = (await db().selectFrom('unit').select('id').where('code', '=', 'A').executeTakeFirstOrThrow()).id
    unitB = (await db().selectFrom('unit').select('id').where('code', '=', 'B').executeTakeFirstOrThrow()).id
  })

  describe('campaigns', () => {
    it('creates a campaign from the form, audited, and shows its overview', async () => {
      const row = await db().selectFrom('campaign').selectAll().where('id', '=', campaignA).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ name: '甲活动', theme: '主题甲', batch: '第一批' })
      const audit = await db().selectFrom('audit_log').select(['action', 'entity']).where('entity_id', '=', campaignA).execute()
      expect(audit).toEqual([{ action: 'create', entity: 'campaign' }])
      const page = await (await get(office, `/console/campaigns/${campaignA}`)).text()
      expect(page).toContain('<h1>甲活动</h1>')
      expect(page).toMatch(/data-fact="units"><a href="[^"]+">1<\/a>/)
      const list = await (await get(office, '/console/campaigns')).text()
      expect(list).toContain(`<a href="/console/campaigns/${campaignA}">甲活动</a>`)
    })

    it('re-renders a bad campaign with the error at the field, the input kept, and writes nothing', async () => {
      const before = await count('campaign')
      const res = await post(office, '/console/campaigns', { name: '   ', theme: '保留的主题' })
      expect(res.status).toBe(422)
      const page = await res.text()
      expect(fieldError(page, 'name')).toBe('不能为空')
      expect(page).toContain('value="保留的主题"')
      expect(await count('campaign')).toBe(before)
    })
  })

  describe('units', () => {
    it('adds, renames, moves and archives units; the tree is indented', async () => {
      const base = `/console/campaigns/${campaignA}/units`
      expect((await post(office, base, { name: '东区', kind: '区', code: 'A-E', parentId: cityA })).status).toBe(303)
      expect((await post(office, base, { name: '西区', kind: '区', code: '', parentId: cityA })).status).toBe(303)
      const east = (await db().selectFrom('unit').select('id').where('code', '=', 'A-E').executeTakeFirstOrThrow()).id
      const west = (await db().selectFrom('unit').select(['id', 'code']).where('name', '=', '西区').executeTakeFirstOrThrow())
      expect(west.code).toBeNull()
      expect((await post(office, base, { name: '东村', kind: '村', parentId: east })).status).toBe(303)
      const village = (await db().selectFrom('unit').select('id').where('name', '=', '东村').executeTakeFirstOrThrow()).id
      const tree = await (await get(office, base)).text()
      expect(tree).toContain('<td class="depth-0">甲市</td>')
      expect(tree).toContain('<td class="depth-1">东区</td>')
      expect(tree).toContain('<td class="depth-2">东村</td>')

      // Moving a unit under its own descendant is refused beside the parent field.
      const cycle = await post(office, `${base}/${east}`, { name: '东区', kind: '区', code: 'A-E', parentId: village })
      expect(cycle.status).toBe(409)
      expect(fieldError(await cycle.text(), 'parentId')).toBe('不能把单位移到它自己或它的下级单位之下。')
      // Rename and move in one post.
      expect((await post(office, `${base}/${village}`, { name: '东村社区', kind: '社区', code: '', parentId: west.id })).status).toBe(303)
      expect(await db().selectFrom('unit').select(['name', 'kind', 'parent_id']).where('id', '=', village).executeTakeFirstOrThrow()).toEqual({ name: '东村社区', kind: '社区', parent_id: west.id })
      const actions = await db().selectFrom('audit_log').select('action').where('entity_id', '=', village).orderBy('at').execute()
      expect(actions.map((a) => a.action)).toEqual(['create', 'move'])

      const archive = await post(office, `${base}/${west.id}/archive`, {})
      expect(archive.status).toBe(303)
      expect(archive.headers.get('location')).toBe(`${base}?archived=2`)
      expect(await db().selectFrom('unit').select('id').where('archived_at', 'is not', null).where('campaign_id', '=', campaignA).execute()).toHaveLength(2)
    })

    it('refuses a bad unit beside each field and writes nothing', async () => {
      const before = await count('unit')
      const res = await post(office, `/console/campaigns/${campaignA}/units`, { name: '', kind: '村', code: 'bad code!', parentId: cityA })
      expect(res.status).toBe(422)
      const page = await res.text()
      expect(fieldError(page, 'name')).toBe('不能为空')
      expect(page).toContain('value="bad code!"')
      expect(page).toMatch(new RegExp(`<option value="${cityA}" selected="">`))
      const taken = await post(office, `/console/campaigns/${campaignA}/units`, { name: '重复', kind: '村', code: 'A' })
      expect(taken.status).toBe(409)
      expect(fieldError(await taken.text(), 'code')).toBe('单位编码已被其他单位使用。')
      expect(await count('unit')).toBe(before)
    })
  })

  describe('import', () => {
    it('previews an XLSX file, then writes it only on confirm', async () => {
      const base = `/console/campaigns/${campaignB}/units/import`
      const bytes = await xlsxFile([
        ['单位名称', '上级单位', '单位类型', '单位编码'],
        ['南镇', 'B', '镇', 'B-S'],
        ['南村', '南镇', '村', 'B-S-1'],
        ['北镇', '乙市', '镇', 'B-N'],
      ])
      const before = await count('unit')
      const preview = await upload(office, `${base}/preview`, bytes, '乙.xlsx')
      expect(preview.status).toBe(200)
      const page = await preview.text()
      expect(page).toContain('文件“乙.xlsx”中有 3 个单位。')
      expect(page).toContain('<td>3</td><td class="depth-1">南村</td>')
      expect(await count('unit')).toBe(before)
      const data = /name="data" value="([^"]+)"/.exec(page)?.[1] ?? ''
      const confirm = await post(office, base, { fileName: '乙.xlsx', data })
      expect(confirm.status).toBe(303)
      expect(confirm.headers.get('location')).toBe(`/console/campaigns/${campaignB}/units?imported=3`)
      expect(await count('unit')).toBe(before + 3)
      const south = await db().selectFrom('unit').select('id').where('code', '=', 'B-S').executeTakeFirstOrThrow()
      expect(await db().selectFrom('unit').select('parent_id').where('code', '=', 'B-S-1').executeTakeFirstOrThrow()).toEqual({ parent_id: south.id })
    })

    it('lists bad rows by number and writes nothing, even when the confirm step is forced', async () => {
      const base = `/console/campaigns/${campaignB}/units/import`
      const csv = new TextEncoder().encode('单位名称,上级单位,单位类型,单位编码\r\n好村,乙市,村,OK-1\r\n,乙市,村,\r\n坏村,不存在,村,\r\n')
      const before = await count('unit')
      const preview = await upload(office, `${base}/preview`, csv, 'bad.csv')
      expect(preview.status).toBe(422)
      const page = await preview.text()
      expect(page).toContain('有 2 处错误。未写入任何数据')
      expect(page).toContain('<tr><td>3</td><td>单位名称</td><td>单位名称不能为空</td></tr>')
      expect(page).toContain('<tr><td>4</td><td>上级单位</td><td>找不到上级单位“不存在”</td></tr>')
      expect(page).not.toContain('id="import-confirm"')
      const forced = await post(office, base, { fileName: 'bad.csv', data: btoa(String.fromCharCode(...csv)) })
      expect(forced.status).toBe(422)
      expect(await count('unit')).toBe(before)
      // A file without the name column: the error alone, no "0 units" and no empty preview table.
      const noName = await (await upload(office, `${base}/preview`, new TextEncoder().encode('编码,类型\r\nA,村\r\n'), 'codes.csv')).text()
      expect(noName).toContain('缺少“单位名称”列')
      expect(noName).not.toContain('id="import-summary"')
      expect(noName).not.toContain('id="import-preview"')
    })

    it('streams progress to the page script and ends with where to go', async () => {
      const rows = [['单位名称', '上级单位', '单位类型'], ...Array.from({ length: 2500 }, (_, i) => [`村${i}`, '乙市', '村'])]
      const csv = new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))
      const before = await count('unit')
      const res = await post(office, `/console/campaigns/${campaignB}/units/import`, { fileName: 'big.csv', data: btoa(String.fromCharCode(...csv)) }, { accept: 'application/x-ndjson' })
      expect(res.headers.get('content-type')).toContain('application/x-ndjson')
      const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l))
      expect(lines.map((l) => l.done)).toEqual([0, 1000, 2000, 2500, 2500])
      expect(lines.at(-1)).toEqual({ done: 2500, total: 2500, location: `/console/campaigns/${campaignB}/units?imported=2500` })
      expect(await count('unit')).toBe(before + 2500)
    })
  })

  describe('categories, forms and rounds', () => {
    it('refuses weights that do not add up to 100 and writes nothing; the preset and an edit work', async () => {
      const base = `/console/campaigns/${campaignA}/categories`
      const bad = await post(office, base, { rows: '3', 'name.0': '党员', 'weight.0': '60', 'name.1': '群众', 'weight.1': '30', 'name.2': '', 'weight.2': '' })
      expect(bad.status).toBe(422)
      const page = await bad.text()
      // said once, with the sum, where the sum is (not again at the top and under the table)
      expect(page.split('权重合计为 90%，应为 100%（或全部为 0）。')).toHaveLength(2)
      expect(page).toMatch(/<p id="weight-check" class="alert" role="alert"/)
      expect(page).not.toContain('各类评议人权重之和必须为 100')
      expect(page).toContain('name="weight.1" value="30"')
      const notNumber = await post(office, base, { rows: '1', 'name.0': '党员', 'weight.0': '六十' })
      expect(fieldError(await notNumber.text(), 'weight.0')).toBe('应为数字')
      expect(await count('evaluator_category')).toBe(0)

      expect((await post(office, `${base}/preset`, { preset: 'standard' })).status).toBe(303)
      const preset = await db().selectFrom('evaluator_category').select(['id', 'name', 'weight']).where('campaign_id', '=', campaignA).orderBy('position').execute()
      expect(preset.map((c) => c.name)).toEqual(['领导班子成员', '党员干部', '两代表一委员', '服务对象代表', '基层党员群众代表', '老党员老干部', '社会公众'])
      const again = await post(office, `${base}/preset`, { preset: 'standard' })
      expect(again.status).toBe(409)
      expect(await again.text()).toContain('本活动已有评议人类别，不能再套用预设。')

      const fields: Fields = { rows: String(preset.length) }
      preset.forEach((c, i) => Object.assign(fields, { [`id.${i}`]: c.id, [`name.${i}`]: c.name, [`weight.${i}`]: String(c.weight) }))
      Object.assign(fields, { 'weight.0': '5', 'weight.6': '10' })
      expect((await post(office, base, fields)).status).toBe(303)
      const after = await db().selectFrom('evaluator_category').select(['id', 'weight']).where('campaign_id', '=', campaignA).orderBy('position').execute()
      expect(after.map((c) => c.id)).toEqual(preset.map((c) => c.id))
      expect(after.map((c) => Number(c.weight))).toEqual([5, 20, 20, 15, 20, 10, 10])
    })

    it('builds a form from a preset, refuses a bad edit, and makes a new version of a frozen one', async () => {
      const base = `/console/campaigns/${campaignA}/forms`
      const badScale = await post(office, `${base}/preset`, { preset: 'analysis5', scale: 'stars', abstain: '1' })
      expect(badScale.status).toBe(422)
      expect(fieldError(await badScale.text(), 'scale')).toBe('不是可选的值')
      expect(await count('form')).toBe(0)
      const made = await post(office, `${base}/preset`, { preset: 'analysis6', scale: 'good4', abstain: '1', name: '' })
      const formId = idFrom(made, /\/forms\/([0-9a-f-]{36})$/)
      const page = await (await get(office, `${base}/${formId}`)).text()
      expect(page).toContain('<li>调研和听取意见范围广不广 </li>')
      expect(page).toContain('<td>不了解</td><td>0</td><td>否</td><td>是</td>')
      expect(page).toContain('此版本尚未被开始的评议使用')

      const noLevels = await post(office, `${base}/${formId}`, { name: '改过的表', dimensions: '一\n二', 'label.0': '好', 'score.0': 'x' })
      expect(noLevels.status).toBe(422)
      const errorPage = await noLevels.text()
      expect(fieldError(errorPage, 'score.0')).toBe('应为数字')
      expect(errorPage).toContain('value="改过的表"')
      expect((await db().selectFrom('form').select('name').where('id', '=', formId).executeTakeFirstOrThrow()).name).toBe('分析检查报告群众评议表（六项）')

      await db().updateTable('form').set({ frozen_at: new Date() }).where('id', '=', formId).execute()
      const frozenPage = await (await get(office, `${base}/${formId}`)).text()
      expect(frozenPage).toContain('保存修改将生成新版本（第 v2 版）')
      const edit = { name: '分析检查报告群众评议表（六项）', dimensions: '甲\n乙', 'label.0': '好', 'score.0': '100', 'satisfied.0': '1', 'label.1': '差', 'score.1': '0', opinionBox: '1', minAnswered: '1' }
      const saved = await post(office, `${base}/${formId}`, edit)
      expect(saved.status).toBe(303)
      const newId = idFrom(saved, /\/forms\/([0-9a-f-]{36})\?done=new$/)
      expect(newId).not.toBe(formId)
      expect(await db().selectFrom('form').select('version').where('id', '=', newId).executeTakeFirstOrThrow()).toEqual({ version: 2 })
      expect(await db().selectFrom('form_dimension').select('label').where('form_id', '=', formId).execute()).toHaveLength(6)
    })

    it('creates a round, picks units by subtree, refuses opening with a clear message, then opens it', async () => {
      const base = `/console/campaigns/${campaignA}/rounds`
      const form = await db().selectFrom('form').select('id').where('campaign_id', '=', campaignA).where('version', '=', 2).executeTakeFirstOrThrow()
      const round = { name: '分析检查评议', stage: 'analysis', formId: form.id, channels: ['codes', 'paper'], 'formula.rankingMeasure': 'satisfaction', 'formula.minGroupSize': '5' }
      const before = await count('round')
      const late = await post(office, base, { ...round, opensAt: '2026-05-02T09:00', closesAt: '2026-05-01T09:00' })
      expect(late.status).toBe(422)
      const latePage = await late.text()
      expect(fieldError(latePage, 'closesAt')).toBeTruthy()
      expect(latePage).toContain('value="2026-05-02T09:00"')
      const noChannel = await post(office, base, { ...round, channels: [] })
      expect(fieldError(await noChannel.text(), 'channels')).toBe('不能为空')
      expect(await count('round')).toBe(before)

      const made = await post(office, base, { ...round, opensAt: '2026-05-01T08:00', closesAt: '2026-05-20T18:00' })
      const roundId = idFrom(made, /\/rounds\/([0-9a-f-]{36})$/)
      expect(await db().selectFrom('round').select(['status', 'opens_at', 'channels']).where('id', '=', roundId).executeTakeFirstOrThrow()).toEqual({
        status: 'draft',
        opens_at: new Date('2026-05-01T00:00:00Z'),
        channels: ['codes', 'paper'],
      })

      const opened = await post(office, `${base}/${roundId}/open`, {})
      expect(opened.status).toBe(409)
      expect(await opened.text()).toContain('请先选择被评议单位。')
      expect(await db().selectFrom('round').select('status').where('id', '=', roundId).executeTakeFirstOrThrow()).toEqual({ status: 'draft' })

      const badCount = await post(office, `${base}/${roundId}/units`, { pick: [cityA], subtree: [cityA], [`handedOut.${cityA}`]: '-3' })
      expect(badCount.status).toBe(422)
      expect(fieldError(await badCount.text(), `handedOut.${cityA}`)).toBe('数值过小')
      expect(await count('round_unit')).toBe(0)
      expect((await post(office, `${base}/${roundId}/units`, { pick: [cityA], subtree: [cityA], [`handedOut.${cityA}`]: '40' })).status).toBe(303)
      const units = await db().selectFrom('round_unit').select(['unit_id', 'handed_out']).where('round_id', '=', roundId).execute()
      // 甲市 and its active subtree (东区); 西区 and 东村社区 are archived.
      expect(units).toHaveLength(2)
      expect(units.find((u) => u.unit_id === cityA)?.handed_out).toBe(40)

      // A draft's settings change in full: back to version 1 of the form; another campaign's form is refused at the field.
      const v1 = await db().selectFrom('form').select('id').where('campaign_id', '=', campaignA).where('version', '=', 1).executeTakeFirstOrThrow()
      const settings = { ...round, formId: v1.id, channels: ['codes'], opensAt: '2026-05-01T08:00', closesAt: '2026-05-20T18:00', 'formula.remedialThreshold': '80' }
      const foreignForm = await db().insertInto('form').values({ campaign_id: campaignB, name: '乙表', version: 1 }).returning('id').executeTakeFirstOrThrow()
      const swapped = await post(office, `${base}/${roundId}/settings`, { ...settings, formId: foreignForm.id })
      expect(swapped.status).toBe(404)
      expect(fieldError(await swapped.text(), 'formId')).toBe('找不到这张评议表。')
      expect((await post(office, `${base}/${roundId}/settings`, settings)).status).toBe(303)
      expect(await db().selectFrom('round').select(['form_id', 'channels', 'remedial_threshold']).where('id', '=', roundId).executeTakeFirstOrThrow()).toEqual({
        form_id: v1.id,
        channels: ['codes'],
        remedial_threshold: expect.anything(),
      })

      const open = await post(office, `${base}/${roundId}/open`, {})
      expect(open.status).toBe(303)
      expect(await db().selectFrom('form').select('frozen_at').where('id', '=', v1.id).executeTakeFirstOrThrow()).not.toEqual({ frozen_at: null })
      // Open: only the name and the closing time may change, and the page says so.
      const openPage = await (await get(office, `${base}/${roundId}`)).text()
      expect(openPage).toContain('只能修改名称和结束时间')
      expect(openPage).not.toContain('name="formula.minGroupSize"')
      const early = await post(office, `${base}/${roundId}/settings`, { name: '分析检查评议', closesAt: '2026-04-01T08:00' })
      expect(early.status).toBe(422)
      expect(fieldError(await early.text(), 'closesAt')).toBe('结束时间应晚于开始时间。')
      expect((await post(office, `${base}/${roundId}/settings`, { name: '分析检查评议（改）', closesAt: '2026-05-21T18:00' })).status).toBe(303)
      expect(await db().selectFrom('round').select(['name', 'closes_at']).where('id', '=', roundId).executeTakeFirstOrThrow()).toEqual({ name: '分析检查评议（改）', closes_at: new Date('2026-05-21T10:00:00Z') })
      expect(open.headers.get('location')).toBe(`${base}/${roundId}?done=open`)
      expect(await db().selectFrom('round').select('status').where('id', '=', roundId).executeTakeFirstOrThrow()).toEqual({ status: 'open' })
      const page = await (await get(office, `${base}/${roundId}?done=open`)).text()
      expect(page).toContain('<span class="status open" id="round-status">进行中</span>')
      expect(page).toContain('data-action="close"')
      expect(page).not.toContain('data-action="open"')
      const twice = await post(office, `${base}/${roundId}/open`, {})
      expect(twice.status).toBe(409)
      expect(await twice.text()).toContain('评议当前的状态不允许这个操作。')

      // Ballots handed out stay editable while the round is open; a unit outside the round is refused at its field.
      const east = (await db().selectFrom('unit').select('id').where('code', '=', 'A-E').executeTakeFirstOrThrow()).id
      const outside = await post(office, `${base}/${roundId}/handed-out`, { [`handedOut.${cityA}`]: '50', [`handedOut.${unitB}`]: '7' })
      expect(outside.status).toBe(422)
      expect(await outside.text()).toContain('<p class="alert" role="alert">所选单位不在本次评议范围内。</p>')
      expect(units.find((u) => u.unit_id === cityA)?.handed_out).toBe(40)
      expect((await post(office, `${base}/${roundId}/handed-out`, { [`handedOut.${cityA}`]: '50', [`handedOut.${east}`]: '12' })).status).toBe(303)
      const counts = await db().selectFrom('round_unit').select(['unit_id', 'handed_out']).where('round_id', '=', roundId).execute()
      expect(Object.fromEntries(counts.map((u) => [u.unit_id, u.handed_out]))).toEqual({ [cityA]: 50, [east]: 12 })

      // The same page in English.
      const english = await (await get(office, `${base}/${roundId}?lang=en`)).text()
      expect(english).toContain('<span class="status open" id="round-status">Open</span>')
      expect(english).toContain('>Close the round</button>')
    })

    it('makes a code batch as a CSV download, refuses a bad one at its field, voids one', async () => {
      const round = await db().selectFrom('round').select('id').where('campaign_id', '=', campaignA).executeTakeFirstOrThrow()
      const category = await db().selectFrom('evaluator_category').select('id').where('campaign_id', '=', campaignA).executeTakeFirstOrThrow()
      const base = `/console/campaigns/${campaignA}/rounds/${round.id}/code-batches`
      const bad = await post(office, base, { categoryId: category.id, units: 'all', count: '0', format: 'csv' })
      expect(bad.status).toBe(422)
      expect(fieldError(await bad.text(), 'count')).toBe('数值过小')
      expect(await count('access_code')).toBe(0)
      const res = await post(office, base, { categoryId: category.id, units: 'all', count: '3', label: '第一组', format: 'csv' })
      expect(res.status).toBe(201)
      expect(res.headers.get('content-type')).toContain('text/csv')
      expect(res.headers.get('cache-control')).toContain('no-store')
      expect((await res.text()).trim().split(/\r?\n/)).toHaveLength(4)
      expect(await count('access_code')).toBe(3)
      const batch = await db().selectFrom('code_batch').select('id').where('round_id', '=', round.id).executeTakeFirstOrThrow()
      // Reissue: the old batch is voided and a new one printed as slips.
      const reissued = await post(office, `${base}/${batch.id}/reissue`, { format: 'slips' })
      expect(reissued.status).toBe(201)
      const slips = await reissued.text()
      expect(slips).toContain('共 3 张评议条。请立即打印或保存为 PDF')
      // a print button, and a way back that asks first (the codes show only this once)
      expect(slips).toContain('<button type="button" data-print="true">打印评议条</button>')
      expect(slips).toContain(`<a href="/console/campaigns/${campaignA}/rounds/${round.id}" data-confirm="离开后评议码不能再显示。确定已打印或保存？">打印好了，返回评议</a>`)
      expect(slips).toContain('<script src="/assets/console-ui.js" defer=""></script>')
      const batches = await db().selectFrom('code_batch').select(['id', 'voided_at', 'reissue_of']).where('round_id', '=', round.id).orderBy('created_at').execute()
      expect(batches).toHaveLength(2)
      expect(batches[0]?.voided_at).not.toBeNull()
      expect(batches[1]).toMatchObject({ voided_at: null, reissue_of: batch.id })
      expect((await post(office, `${base}/${batches[1]?.id}/void`, {})).status).toBe(303)
      expect(await db().selectFrom('code_batch').select('voided_at').where('id', '=', batches[1]?.id as string).executeTakeFirstOrThrow()).not.toEqual({ voided_at: null })
      const page = await (await get(office, `/console/campaigns/${campaignA}/rounds/${round.id}?done=void`)).text()
      expect(page).toContain('该批评议码已作废。')
      expect(page).not.toContain(`/code-batches/${batches[1]?.id}/void`)
    })
  })

  describe('permissions', () => {
    it('refuses a form post without the CSRF token and writes nothing', async () => {
      const before = await count('unit')
      const res = await app.request(`/console/campaigns/${campaignA}/units`, {
        method: 'POST',
        headers: { cookie: office.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: '无令牌', kind: '村' }).toString(),
      })
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('页面已过期或请求来源不明')
      expect(await count('unit')).toBe(before)
    })


    it('gives leaders, liaisons and clerks 403 on every setup page and post, writing nothing', async () => {
      const logins = [
        await loginAs(app, db(), 'leader', { campaignId: campaignA }),
        await loginAs(app, db(), 'liaison', { campaignId: campaignA, unitId: cityA }),
        await loginAs(app, db(), 'clerk', { campaignId: campaignA }),
      ]
      const before = await count('unit')
      for (const login of logins) {
        for (const path of ['/console/campaigns', `/console/campaigns/${campaignA}`, `/console/campaigns/${campaignA}/units`, `/console/campaigns/${campaignA}/rounds`, '/console/users']) {
          expect((await get(login, path)).status, `${login.user.role} ${path}`).toBe(403)
        }
        expect((await post(login, `/console/campaigns/${campaignA}/units`, { name: '越权', kind: '村' })).status).toBe(403)
        expect((await post(login, '/console/campaigns', { name: '越权活动' })).status).toBe(403)
        const nav = await (await get(login, '/console')).text()
        expect(nav).not.toContain('href="/console/campaigns"')
      }
      expect(await count('unit')).toBe(before)
      expect(await db().selectFrom('campaign').select('id').where('name', '=', '越权活动').execute()).toHaveLength(0)
    })

    it('refuses swapped campaign, unit and round ids for an organiser bound to one campaign', async () => {
      const organiserB = await loginAs(app, db(), 'organiser', { campaignId: campaignB })
      const roundA = await db().selectFrom('round').select('id').where('campaign_id', '=', campaignA).executeTakeFirstOrThrow()
      const units = await count('unit')
      expect((await get(organiserB, `/console/campaigns/${campaignA}`)).status).toBe(403)
      expect((await get(organiserB, `/console/campaigns/${campaignA}/units`)).status).toBe(403)
      expect((await post(organiserB, `/console/campaigns/${campaignA}/units`, { name: '越权', kind: '村' })).status).toBe(403)
      // A's unit as the parent of a unit of B: refused beside the field, nothing written.
      const swappedParent = await post(organiserB, `/console/campaigns/${campaignB}/units`, { name: '越权', kind: '村', parentId: cityA })
      expect(swappedParent.status).toBe(404)
      expect(fieldError(await swappedParent.text(), 'parentId')).toBe('找不到这个单位。')
      expect((await post(organiserB, `/console/campaigns/${campaignB}/units/${cityA}`, { name: '改名', kind: '市' })).status).toBe(404)
      expect((await post(organiserB, `/console/campaigns/${campaignB}/units/${cityA}/archive`, {})).status).toBe(404)
      expect(await count('unit')).toBe(units)
      expect((await db().selectFrom('unit').select(['name', 'archived_at']).where('id', '=', cityA).executeTakeFirstOrThrow())).toEqual({ name: '甲市', archived_at: null })
      // A's round through B's URL.
      expect((await get(organiserB, `/console/campaigns/${campaignB}/rounds/${roundA.id}`)).status).toBe(404)
      expect((await post(organiserB, `/console/campaigns/${campaignB}/rounds/${roundA.id}/close`, {})).status).toBe(404)
      expect((await post(organiserB, `/console/campaigns/${campaignB}/rounds/${roundA.id}/code-batches`, { categoryId: unitB, count: '1' })).status).toBe(404)
      expect(await db().selectFrom('round').select('status').where('id', '=', roundA.id).executeTakeFirstOrThrow()).toEqual({ status: 'open' })
      // B's organiser sees only B, and may not create campaigns.
      const list = await (await get(organiserB, '/console/campaigns')).text()
      expect(list).not.toContain('甲活动')
      expect(list).toContain('乙活动')
    })

    it('creates accounts with role and scope, refusing a unit of another campaign', async () => {
      const organiserB = await loginAs(app, db(), 'organiser', { campaignId: campaignB })
      const users = await count('app_user')
      const swapped = await post(organiserB, '/console/users', { username: 'li.b', name: '李联络员', role: 'liaison', password: 'long enough pw', confirmPassword: 'long enough pw', unitId: cityA })
      expect(swapped.status).toBe(422)
      const page = await swapped.text()
      expect(fieldError(page, 'unitId')).toBe('账号的活动、单位或评议范围不正确。')
      expect(page).toContain('value="li.b"')
      expect(page).not.toContain('long enough pw')
      const short = await post(organiserB, '/console/users', { username: 'li.b', name: '李联络员', role: 'liaison', password: 'short', unitId: unitB })
      expect(short.status).toBe(422)
      expect(fieldError(await short.text(), 'password')).toBe('至少需要 10 个字符')
      expect(await count('app_user')).toBe(users)
      const made = await post(organiserB, '/console/users', { username: 'li.b', name: '李联络员', role: 'liaison', password: 'long enough pw', confirmPassword: 'long enough pw', unitId: unitB })
      expect(made.status).toBe(303)
      expect(await db().selectFrom('app_user').select(['role', 'campaign_id', 'unit_id']).where('username', '=', 'li.b').executeTakeFirstOrThrow()).toEqual({ role: 'liaison', campaign_id: campaignB, unit_id: unitB })
      const list = await (await get(organiserB, '/console/users')).text()
      expect(list).toContain('<td>李联络员</td><td>单位联络员</td>')
    })

    it('edits an account: renames, gives a clerk its rounds, resets a password (ending its sessions), disables; nobody else may', async () => {
      const organiserA = await loginAs(app, db(), 'organiser', { campaignId: campaignA })
      const clerk = await loginAs(app, db(), 'clerk', { campaignId: campaignA, name: '录入员小王' })
      const roundA = (await db().selectFrom('round').select('id').where('campaign_id', '=', campaignA).executeTakeFirstOrThrow()).id
      const path = `/console/users/${clerk.user.id}`
      expect(await (await get(organiserA, '/console/users')).text()).toContain(`<a href="${path}">`)
      const form = await (await get(organiserA, path)).text()
      expect(form).toContain('value="录入员小王"')
      expect(form).toContain(`name="roundIds" value="${roundA}"`)

      // Refused: a short password; nothing changes and the password is not sent back.
      const short = await post(organiserA, path, { name: '录入员王芳', password: 'short' })
      expect(short.status).toBe(422)
      const refusedPage = await short.text()
      expect(fieldError(refusedPage, 'password')).toBe('至少需要 10 个字符')
      expect(refusedPage).not.toContain('value="short"')
      expect((await db().selectFrom('app_user').select('name').where('id', '=', clerk.user.id).executeTakeFirstOrThrow()).name).toBe('录入员小王')

      const saved = await post(organiserA, path, { name: '录入员王芳', roundIds: [roundA], password: 'a new long password', confirmPassword: 'a new long password' })
      expect([saved.status, saved.headers.get('location')]).toEqual([303, '/console/users?updated=1'])
      expect(await db().selectFrom('app_user').select(['name', 'disabled_at']).where('id', '=', clerk.user.id).executeTakeFirstOrThrow()).toEqual({ name: '录入员王芳', disabled_at: null })
      expect((await db().selectFrom('clerk_round').select('round_id').where('user_id', '=', clerk.user.id).execute()).map((r) => r.round_id)).toEqual([roundA])
      // The reset password ended the clerk's session.
      expect((await get(clerk, '/console')).status).not.toBe(200)
      expect(await db().selectFrom('audit_log').select('after').where('entity', '=', 'user').where('entity_id', '=', clerk.user.id).execute()).toHaveLength(1)

      expect((await post(organiserA, path, { name: '录入员王芳', disabled: '1', roundIds: [roundA] })).status).toBe(303)
      expect((await db().selectFrom('app_user').select('disabled_at').where('id', '=', clerk.user.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull()
      expect(await (await get(organiserA, '/console/users')).text()).toContain('已停用')

      // Another campaign's organiser, a leader, the clerk: no.
      const organiserB = await loginAs(app, db(), 'organiser', { campaignId: campaignB })
      const leader = await loginAs(app, db(), 'leader', { campaignId: campaignA })
      for (const who of [organiserB, leader]) {
        expect((await get(who, path)).status).toBe(403)
        expect((await post(who, path, { name: '越权' })).status).toBe(403)
      }
      expect((await db().selectFrom('app_user').select('name').where('id', '=', clerk.user.id).executeTakeFirstOrThrow()).name).toBe('录入员王芳')
    })
  })
})
