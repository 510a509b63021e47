import { beforeAll, expect, it } from 'vitest'
import { AUDIT_ENTITIES } from '../../server/audit/entities'
import { recordAudit } from '../../server/audit/record'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { type Call, client, setupApp, type TestApp } from '../support/setup-api'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** The audit table's cells: actor, action, entity and change, as text. */
function auditRows(html: string): string[] {
  const body = /<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr>([^]*?)<\/tr>/g)].map((m) => (m[1] ?? '').replace(/<\/(td|li)>/g, ' ').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim())
}

/** The keys the change column shows, one per line (`<li>key：…` / `<li>key: …`), nested ones included. */
function shownKeys(html: string): string[] {
  const body = /<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  const lines = [...body.matchAll(/<li>([^<]*?)(?:：|: )<code>/g)].map((m) => m[1] ?? '')
  const inner = [...body.matchAll(/<code>([^<]*)<\/code>/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/[{,] ?([^:{},[\]]+): /g)].map((k) => (k[1] ?? '').trim()))
  return [...lines, ...inner]
}

// Every kind of record the app writes, shown on /console/audit: its keys in the page's
// language, ids as the names of what they stand for. The setup kinds are made through the API
// as organisers make them; paper, opinion, rectification and re-check records are written with
// the shapes their features record (server/paper, server/opinions, server/rectification,
// server/recheck), on real rows, so that their ids have names to find.
describeEachDatabase('the audit log page names what records mention', (database) => {
  let app: TestApp
  let office: TestLogin
  let call: Call
  let page: (lang: 'zh-CN' | 'en') => Promise<string>
  const ids = {} as Record<'campaign' | 'category' | 'city' | 'street' | 'village' | 'form' | 'round' | 'batch' | 'sitting' | 'paper' | 'publication' | 'liaison', string>
  const at = new Date('2026-05-01T02:00:00Z')

  beforeAll(async () => {
    const db = database().db
    app = setupApp(db)
    office = await loginAs(app, db, 'organiser', { name: '周主任' })
    call = client(app, office.headers)
    page = async (lang) => (await app.request(`/console/audit?limit=200&lang=${lang}`, { headers: { cookie: office.cookie, accept: 'text/html' } })).text()
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, body)
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`)
      return res.json
    }
    ids.campaign = (await ok('POST', '/api/campaigns', { name: '审计活动', batch: '第一批' })).id
    const base = `/api/campaigns/${ids.campaign}`
    await ok('PATCH', base, { theme: '科学发展' })
    const categories = (await ok('POST', `${base}/categories/preset`, { preset: 'standard' })).categories as { id: string; name: string; weight: number }[]
    ids.category = categories[0]!.id
    await ok('PUT', `${base}/categories`, { categories: categories.map((c, i) => ({ id: c.id, name: i === 0 ? '领导班子' : c.name, weight: c.weight })) })
    ids.city = (await ok('POST', `${base}/units`, { name: '天门市', kind: '市' })).id
    ids.street = (await ok('POST', `${base}/units`, { name: '竟陵街道', kind: '街道', parentId: ids.city })).id
    ids.village = (await ok('POST', `${base}/units`, { name: '东湖村', kind: '村' })).id
    await ok('PATCH', `${base}/units/${ids.village}`, { parentId: ids.street })
    await ok('POST', `${base}/units/${ids.village}/archive`)
    await ok('POST', `${base}/units/${ids.village}/restore`)
    ids.form = (await ok('POST', `${base}/forms/preset`, { preset: 'analysis5', scale: 'satisfied4', abstain: true })).id
    ids.round = (await ok('POST', `${base}/rounds`, { name: '审计评议', stage: 'analysis', channels: ['codes', 'paper'], formId: ids.form })).id
    const round = `${base}/rounds/${ids.round}`
    await ok('PATCH', round, { closesAt: '2026-06-01T10:00:00Z' })
    await ok('PUT', `${round}/units`, { units: [{ unitId: ids.city, subtree: true, handedOut: 30 }] })
    await ok('POST', `${round}/open`)
    ids.batch = (await ok('POST', `/api/rounds/${ids.round}/code-batches`, { categoryId: ids.category, units: [ids.street], count: 2, label: '街道代表' })).batch.id
    await ok('POST', `/api/rounds/${ids.round}/code-batches/${ids.batch}/void`)
    ids.sitting = (await ok('POST', `/api/rounds/${ids.round}/sittings`, { name: '第一场', channel: 'paper' })).sitting.id
    await ok('PATCH', `/api/rounds/${ids.round}/sittings/${ids.sitting}`, { handedOut: 20, returned: 18 })
    ids.paper = (await ok('POST', `/api/rounds/${ids.round}/sittings/${ids.sitting}/batches`, { name: '第一批录入' })).batch.id
    await ok('POST', `${round}/close`)
    ids.publication = (await ok('POST', `/api/results/rounds/${ids.round}/publications`, { audience: { leaders: true, units: [ids.street] } })).id
    await ok('POST', `/api/results/publications/${ids.publication}/revoke`)
    ids.liaison = (await ok('POST', '/api/users', { username: 'audit.liaison', name: '王联络', role: 'liaison', password: 'a long password', campaignId: ids.campaign, unitId: ids.street })).id
    await ok('PATCH', `/api/users/${ids.liaison}`, { disabled: true })

    // Tracking and paper records, with the shapes their features write, on real rows.
    const area = await db.insertInto('opinion_area').values({ campaign_id: ids.campaign, name: '经济发展', position: 0 }).returning('id').executeTakeFirstOrThrow()
    const opinion = await db.insertInto('opinion').values({ campaign_id: ids.campaign, source: 'staff', unit_id: ids.street, channel: 'meeting', body: '希望加快老旧小区改造进度', search_text: '希望加快老旧小区改造进度', received_on: '2026-04-20', created_at: at }).returning('id').executeTakeFirstOrThrow()
    const item = await db.insertInto('rectification_item').values({ campaign_id: ids.campaign, unit_id: ids.street, title: '老旧小区改造', deadline: '2026-09-30', owner: '李主任', class: 'effort', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    const actor = { id: office.user.id, name: '周主任' }
    const write = (action: string, entity: (typeof AUDIT_ENTITIES)[number], entityId: string | null, after?: unknown, before?: unknown) =>
      recordAudit(db, { actor, campaignId: ids.campaign, action, entity, entityId, before, after, at })
    await write('correct_sheet', 'paper_batch', ids.paper, { pass: 1, sheet: 3 })
    await write('finish_pass', 'paper_batch', ids.paper, { pass: 2, sheets: 18 })
    await write('resolve', 'paper_batch', ids.paper, { value: '2' }, { sheet: 3, field: `${ids.street}:4`, first: '1', second: '2', third: null, resolved: null })
    await write('resolve', 'paper_batch', ids.paper, { value: ids.category }, { sheet: 5, field: 'category', first: ids.category, second: '', third: null, resolved: null })
    await write('commit', 'paper_batch', ids.paper, { sitting: ids.sitting, sheets: 18, valid: 16, invalid: 1, blank: 1, mismatches: 0 })
    await write('accept', 'sitting', ids.sitting, { decision: 'accepted', batches: 1, sheets: 18 }, { handedOut: 20, returned: 18, decision: null })
    await write('create', 'opinion', opinion.id, { channel: 'meeting', unitId: ids.street, receivedOn: '2026-04-20' })
    await write('update', 'opinion', opinion.id, { areaId: area.id, assignedUnitId: ids.city }, { areaId: null, assignedUnitId: null })
    await write('reply', 'opinion', opinion.id, { reply: '已列入计划', repliedOn: '2026-04-25' }, { reply: null })
    await write('bulk_classify', 'opinion', null, { count: 3, action: 'classify', areaId: area.id })
    await write('merge', 'opinion', opinion.id, { from: 2, count: 2 })
    await write('unmerge', 'opinion', opinion.id, { restored: 2 })
    await write('import', 'opinion', ids.round, { imported: 12 })
    await write('preset', 'opinion_areas', ids.campaign, { areas: ['经济发展', '社情民意'] })
    await write('create', 'rectification_item', item.id, { unitId: ids.street, title: '老旧小区改造', target: '年内完成', deadline: '2026-09-30', measures: '分三批', owner: '李主任', commitment: '按期完成', class: 'effort', public: true, opinionIds: [opinion.id] })
    await write('progress', 'rectification_item', item.id, { onDate: '2026-05-01', status: 'in_progress' }, { status: 'not_started' })
    await write('link', 'rectification_item', item.id, { opinionIds: [opinion.id] }, { opinionIds: [] })
    await write('update', 'campaign_board', ids.campaign, { slug: 'tianmen-2026' })
    await write('update', 'recheck_items', ids.round, { itemIds: [item.id] })

    // Opinion records written by the opinion API itself, so that what it records now (an opinion
    // entered, answered and deleted; a ballot import with its held-back count) is what is shown.
    const tracking = `/api/tracking/${ids.campaign}`
    const mistaken = (await ok('POST', `${tracking}/opinions`, { body: '录错单位的一条意见', channel: 'mailbox', unitId: ids.street, receivedOn: '2026-04-28' })).id
    await ok('POST', `${tracking}/opinions/${mistaken}/reply`, { reply: '已转交', repliedOn: '2026-04-29' })
    await ok('DELETE', `${tracking}/opinions/${mistaken}`)
    await ok('POST', `${tracking}/opinion-imports`, { roundId: ids.round })
  })

  it('records every kind of thing the app audits', async () => {
    const kinds = await database().db.selectFrom('audit_log').select('entity').distinct().execute()
    expect(kinds.map((k) => k.entity).sort()).toEqual([...AUDIT_ENTITIES].sort())
  })

  it('shows no id and no stored key: names and labels in Chinese', async () => {
    const html = await page('zh-CN')
    const rows = auditRows(html)
    expect(rows.length).toBeGreaterThanOrEqual(40)
    for (const row of rows) expect(row, row).not.toMatch(UUID)
    // every key is a label: no stored key (ASCII) is left, at the top or inside a value
    const keys = shownKeys(html)
    expect(keys.length).toBeGreaterThan(100)
    expect(keys.filter((key) => /[A-Za-z]/.test(key.replace(/\bk\b/, '')))).toEqual([])
    const text = rows.join('\n')
    // the entity column names the thing; ids inside records are names too
    expect(text).toContain('评议 审计评议')
    expect(text).toContain('参学单位 东湖村 上级单位：— → 竟陵街道')
    expect(text).toContain('结果公布 审计评议')
    expect(text).toContain('公布对象：— → {指定单位: [竟陵街道], 领导: 是, 公开: 否}')
    expect(text).toContain('评议码批次 街道代表')
    expect(text).toContain('评议人类别：领导班子')
    expect(text).toContain('账号 王联络')
    expect(text).toContain('单位：竟陵街道')
    expect(text).toContain('意见分类：— → 经济发展')
    expect(text).toContain('对应的群众意见：[] → [希望加快老旧小区改造进度]')
    expect(text).toContain('整改评价事项：[老旧小区改造]')
    expect(text).toContain('评议场次：第一场')
    expect(text).toContain('栏目：竟陵街道 · 题目 #4 → —')
    expect(text).toContain('栏目：评议人类别 → — 第一遍：领导班子 → — 第二遍：（空） → —')
    // stored words as the console says them
    expect(text).toContain('状态：进行中 → 已结束')
    expect(text).toContain('评议方式：[评议码（一人一码）, 纸质评议票]')
    expect(text).toContain('角色：单位联络员')
    expect(text).toContain('渠道：会议座谈')
    expect(text).toContain('分类：经过努力可以解决')
    expect(text).toContain('决定：— → 计入')
    expect(text).toContain('已停用：否 → 是')
    // a nested change is said key by key, not as the whole object
    expect(text).toContain('计算方法 · 锁定时间：— → 2026-05-01 10:00:00')
    // the opinion API's records: a deletion named by the text it kept, every key labelled
    expect(text).toContain('周主任 删除 意见 录错单位的一条意见 单位：竟陵街道 渠道：意见信箱 来源：工作人员录入 内容：录错单位的一条意见 收到日期：2026-04-28 答复：已转交 答复日期：2026-04-29 答复人：周主任')
    expect(text).toContain('周主任 导入 意见 审计评议 导入条数：0 暂不显示条数：0')
  })

  it('says the same in English', async () => {
    const html = await page('en')
    for (const row of auditRows(html)) expect(row, row).not.toMatch(UUID)
    // labels start with a capital; stored keys (formId, unitId, status …) do not
    expect(shownKeys(html).filter((key) => /^[a-z]/.test(key))).toEqual([])
    const text = auditRows(html).join('\n')
    expect(text).toContain('Round 审计评议')
    expect(text).toContain('Status: Open → Closed')
    expect(text).toContain('Role: Unit liaison')
    expect(text).toContain('Audience: — → {Named units: [竟陵街道], Leaders: Yes, Public: No}')
    expect(text).toContain('Formula · Locked: — → 2026-05-01 10:00:00')
    expect(text).toContain('周主任 Delete Opinion 录错单位的一条意见 Unit: 竟陵街道 Channel: Suggestion box Source: Entered by staff')
    expect(text).toContain('Replied by: 周主任')
    expect(text).toContain('Imported: 0 Held back: 0')
  })

  it('shows an id of nothing it knows as a short labelled form', async () => {
    await recordAudit(database().db, { actor: { id: null, name: '系统' }, campaignId: ids.campaign, action: 'update', entity: 'opinion', entityId: '00000000-0000-4000-8000-000000000001', after: { areaId: '00000000-0000-4000-8000-0000000000aa' }, at })
    const text = auditRows(await page('zh-CN')).join('\n')
    expect(text).toContain('意见 #00000000 意见分类：#00000000')
  })
})
