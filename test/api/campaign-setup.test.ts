import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'

describeEachDatabase('campaign setup: campaigns, units, categories', (database) => {
  let app: TestApp
  let call: Call
  let auth: Record<string, string>
  let campaignId: string
  let otherCampaignId: string
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ;({ app, call, login: { headers: auth } } = await organiserApp(database().db))
    campaignId = (await call('POST', '/api/campaigns', { name: '学习实践活动', batch: '第三批' })).json.id
    otherCampaignId = (await call('POST', '/api/campaigns', { name: '另一个活动' })).json.id
  })

  it('creates, lists and updates campaigns', async () => {
    const bad = await call('POST', '/api/campaigns', { name: '  ' })
    expect(bad.status).toBe(422)
    expect(bad.json.error.issues).toEqual([{ path: 'name', message: '不能为空' }])
    const list = await call('GET', '/api/campaigns')
    expect(list.json.campaigns.map((c: { name: string }) => c.name).sort()).toEqual(['另一个活动', '学习实践活动'])
    const patched = await call('PATCH', `/api/campaigns/${campaignId}`, { theme: '科学发展' })
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ name: '学习实践活动', theme: '科学发展', batch: '第三批' })
    expect((await call('GET', '/api/campaigns/not-a-uuid')).json.error.code).toBe('campaign_not_found')
    expect((await call('GET', '/api/campaigns/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('builds, renames and moves units as a tree, refusing cycles', async () => {
    const post = (body: unknown) => call('POST', `/api/campaigns/${campaignId}/units`, body)
    ids.city = (await post({ name: '天门市', kind: '市', code: 'TM' })).json.id
    ids.district = (await post({ name: '开发区', kind: '区', code: 'TM-KF', parentId: ids.city })).json.id
    ids.street = (await post({ name: '侯口街道', kind: '街道', parentId: ids.district })).json.id
    ids.village = (await post({ name: '侯口村', kind: '村', parentId: ids.street })).json.id
    ids.school = (await post({ name: '实验学校', kind: '学校', parentId: ids.district })).json.id

    expect((await post({ name: '重复编码', kind: '村', code: 'TM' })).json.error.code).toBe('unit_code_taken')
    const foreignParent = await call('POST', `/api/campaigns/${otherCampaignId}/units`, { name: '别处', kind: '村', parentId: ids.city })
    expect(foreignParent.status).toBe(404)
    expect(foreignParent.json.error.code).toBe('unit_not_found')

    const rename = await call('PATCH', `/api/campaigns/${campaignId}/units/${ids.street}`, { name: '侯口街道办事处' })
    expect(rename.json.name).toBe('侯口街道办事处')
    const cycle = await call('PATCH', `/api/campaigns/${campaignId}/units/${ids.district}`, { parentId: ids.village })
    expect(cycle.status).toBe(409)
    expect(cycle.json.error.code).toBe('unit_cycle')
    const self = await call('PATCH', `/api/campaigns/${campaignId}/units/${ids.district}`, { parentId: ids.district })
    expect(self.json.error.code).toBe('unit_cycle')
    const move = await call('PATCH', `/api/campaigns/${campaignId}/units/${ids.school}`, { parentId: ids.street })
    expect(move.status).toBe(200)
    expect(move.json).toMatchObject({ parentId: ids.street, position: 1 })

    const tree = (await call('GET', `/api/campaigns/${campaignId}/units`)).json.units
    expect(tree).toHaveLength(1)
    expect(tree[0].children[0].children[0].children.map((u: { name: string }) => u.name)).toEqual(['侯口村', '实验学校'])
    expect((await call('GET', `/api/campaigns/${otherCampaignId}/units/${ids.city}`)).status).toBe(404)
  })

  it('archives a subtree and restores a unit', async () => {
    const archived = await call('POST', `/api/campaigns/${campaignId}/units/${ids.street}/archive`)
    expect(archived.json).toEqual({ archived: 3 })
    const tree = (await call('GET', `/api/campaigns/${campaignId}/units`)).json.units
    expect(tree[0].children[0].children).toEqual([])
    const all = (await call('GET', `/api/campaigns/${campaignId}/units?archived=1`)).json.units
    expect(all[0].children[0].children[0]).toMatchObject({ name: '侯口街道办事处', archived: true })
    const under = await call('POST', `/api/campaigns/${campaignId}/units`, { name: '新村', kind: '村', parentId: ids.street })
    expect(under.json.error.code).toBe('unit_parent_archived')
    const restoreChild = await call('POST', `/api/campaigns/${campaignId}/units/${ids.village}/restore`)
    expect(restoreChild.json.error.code).toBe('unit_parent_archived')
    expect((await call('POST', `/api/campaigns/${campaignId}/units/${ids.street}/restore`)).json.archived).toBe(false)
    expect((await call('POST', `/api/campaigns/${campaignId}/units/${ids.village}/restore`)).json.archived).toBe(false)
    expect((await call('POST', `/api/campaigns/${campaignId}/units/${ids.school}/restore`)).json.archived).toBe(false)
  })

  it('exports the tree as CSV and XLSX with the import’s columns', async () => {
    const csv = await app.request(`/api/campaigns/${campaignId}/units/export`, { headers: auth })
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const csvBytes = new Uint8Array(await csv.arrayBuffer())
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvBytes)).toBe(
      '\ufeff单位名称,上级单位,单位类型,单位编码,层级\r\n天门市,,市,TM,1\r\n开发区,TM,区,TM-KF,2\r\n侯口街道办事处,TM-KF,街道,,3\r\n侯口村,侯口街道办事处,村,,4\r\n实验学校,侯口街道办事处,学校,,4\r\n',
    )
    const xlsx = await app.request(`/api/campaigns/${campaignId}/units/export?format=xlsx`, { headers: auth })
    const bytes = new Uint8Array(await xlsx.arrayBuffer())
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const { readXlsx } = await import('../../server/units/spreadsheet')
    const rows = await readXlsx(bytes)
    expect(rows).toHaveLength(6)
    expect(rows[2]).toEqual(['开发区', 'TM', '区', 'TM-KF', '2'])
  })

  it('keeps categories with weights that add up to 100 or are all 0', async () => {
    const url = `/api/campaigns/${campaignId}/categories`
    const preset = await call('POST', `${url}/preset`, { preset: 'standard' })
    expect(preset.status).toBe(201)
    expect(preset.json.categories).toHaveLength(7)
    expect(preset.json.weightSum).toBe(100)
    expect((await call('POST', `${url}/preset`, { preset: 'standard' })).json.error.code).toBe('categories_exist')
    const bad = await call('PUT', url, { categories: [{ name: '党员', weight: 60 }, { name: '群众', weight: 30 }] })
    expect(bad.status).toBe(422)
    expect(bad.json.error.code).toBe('weights_not_100')
    const dup = await call('PUT', url, { categories: [{ name: '党员' }, { name: '党员' }] })
    expect(dup.json.error.code).toBe('invalid_input')
    const [first, second] = preset.json.categories
    const kept = await call('PUT', url, {
      categories: [
        { id: second.id, name: first.name, weight: 33.33 },
        { id: first.id, name: second.name, weight: 33.33 },
        { name: '服务对象', weight: 33.34 },
      ],
    })
    expect(kept.status).toBe(200)
    expect(kept.json.categories.map((c: { id: string; name: string; weight: number }) => [c.id === second.id, c.name, c.weight])).toEqual([
      [true, '领导班子成员', 33.33],
      [false, '党员干部', 33.33],
      [false, '服务对象', 33.34],
    ])
    const unweighted = await call('PUT', url, { categories: kept.json.categories.map((c: { id: string; name: string }) => ({ id: c.id, name: c.name })) })
    expect(unweighted.json.weightSum).toBe(0)
    const other = await call('PUT', `/api/campaigns/${otherCampaignId}/categories`, { categories: [{ id: first.id, name: 'x' }] })
    expect(other.json.error.code).toBe('category_not_found')
  })
})
