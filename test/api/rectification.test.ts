import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { type Call, client, organiserApp, type TestApp } from '../support/setup-api'

/** A campaign with 区甲 ⊃ 村甲一, and 区乙; one item for 村甲一 (public) and one for 区乙 (public), one private. */
async function campaignWithItems(office: Call, name: string) {
  const id = (await office('POST', '/api/campaigns', { name })).json.id as string
  const unit = async (unitName: string, parentId?: string) => (await office('POST', `/api/campaigns/${id}/units`, { name: unitName, kind: '乡镇', ...(parentId ? { parentId } : {}) })).json.id as string
  const district = await unit('区甲')
  const village = await unit('村甲一', district)
  const other = await unit('区乙')
  const item = async (unitId: string, title: string, extra: Record<string, unknown> = {}) => {
    const res = await office('POST', `/api/tracking/${id}/items`, { unitId, title, deadline: '2026-05-01', owner: '张三', class: 'effort', target: '年底前完成', measures: '增设车位', commitment: '五月底前完成', public: true, ...extra })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    return res.json.id as string
  }
  return {
    id,
    district,
    village,
    other,
    mine: await item(village, '村道路灯不亮'),
    theirs: await item(other, '办事大厅排队时间长'),
    hidden: await item(other, '内部事项', { public: false }),
  }
}

describeEachDatabase('rectification items', (database) => {
  let app: TestApp
  let office: Call
  let a: Awaited<ReturnType<typeof campaignWithItems>>
  let b: Awaited<ReturnType<typeof campaignWithItems>>
  let liaison: Call
  let leader: Call

  beforeAll(async () => {
    ;({ app, call: office } = await organiserApp(database().db))
    a = await campaignWithItems(office, '甲活动')
    b = await campaignWithItems(office, '乙活动')
    liaison = client(app, (await loginAs(app, database().db, 'liaison', { campaignId: a.id, unitId: a.district, name: '联络员甲' })).headers)
    leader = client(app, (await loginAs(app, database().db, 'leader', { campaignId: a.id })).headers)
  })

  it('lets a liaison see and report on its own subtree only', async () => {
    const list = await liaison('GET', `/api/tracking/${a.id}/items`)
    expect(list.status).toBe(200)
    expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([a.mine])

    const base = `/api/tracking/${a.id}/items`
    const refused: [string, string, unknown?][] = [
      ['GET', `${base}/${a.theirs}`],
      ['PATCH', `${base}/${a.theirs}`, { status: 'done' }],
      ['POST', `${base}/${a.theirs}/updates`, { onDate: '2026-04-30', body: '已完成' }],
      ['POST', base, { unitId: a.other, title: '别人的', deadline: '2026-06-01', owner: '李四', class: 'immediate' }],
      ['POST', base, { unitId: a.village, title: '想公开', deadline: '2026-06-01', owner: '李四', class: 'immediate', public: true }],
      ['PATCH', `${base}/${a.mine}`, { public: false }],
      ['PATCH', `${base}/${a.mine}`, { unitId: a.other }],
      ['PUT', `${base}/${a.theirs}/opinions`, { opinionIds: [] }],
      ['PUT', `/api/tracking/${a.id}/board`, { slug: 'jia' }],
      ['PUT', `/api/tracking/${a.id}/areas`, { areas: [] }],
      // another campaign's ids, through its own URL
      ['GET', `/api/tracking/${b.id}/items`],
      ['GET', `/api/tracking/${b.id}/items/${b.mine}`],
      ['POST', `/api/tracking/${b.id}/items/${b.mine}/updates`, { onDate: '2026-04-30', body: 'x' }],
    ]
    const before = await database().db.selectFrom('rectification_update').select('id').execute()
    for (const [method, path, body] of refused) {
      const res = await liaison(method, path, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error.code).toBe('forbidden')
    }
    // another campaign's item through this campaign's URL is simply not there
    const swapped = await liaison('POST', `/api/tracking/${a.id}/items/${b.mine}/updates`, { onDate: '2026-04-30', body: 'x' })
    expect(swapped.status).toBe(404)
    expect(swapped.json.error.code).toBe('item_not_found')
    expect(await database().db.selectFrom('rectification_update').select('id').execute()).toHaveLength(before.length)

    const update = await liaison('POST', `${base}/${a.mine}/updates`, { onDate: '2026-04-30', body: '已更换路灯 12 盏' })
    expect(update.status).toBe(201)
    expect(update.json.status).toBe('in_progress')
    expect(update.json.progress).toEqual([{ id: expect.any(String), itemId: a.mine, onDate: '2026-04-30', body: '已更换路灯 12 盏', author: '联络员甲' }])
    const created = await liaison('POST', base, { unitId: a.village, title: '村委会办公时间不固定', deadline: '2026-06-01', owner: '王五', class: 'immediate' })
    expect(created.status).toBe(201)
    expect(created.json.public).toBe(false)
    const edited = await liaison('PATCH', `${base}/${created.json.id}`, { status: 'done', measures: '公示办公时间' })
    expect(edited.status).toBe(200)
    expect(edited.json.measures).toBe('公示办公时间')
  })

  it('lets a liaison report progress and status but not change what the office sets', async () => {
    const db = database().db
    const path = `/api/tracking/${a.id}/items/${a.mine}`
    const row = () => db.selectFrom('rectification_item').selectAll().where('id', '=', a.mine).executeTakeFirstOrThrow()
    const audits = async () => (await db.selectFrom('audit_log').select('id').execute()).length
    const before = await row()
    const auditsBefore = await audits()
    const late = await liaison('PATCH', path, { deadline: '2026-12-31' })
    expect(late.status).toBe(403)
    expect(late.json.error).toEqual({
      code: 'forbidden',
      message: '您没有权限进行此操作。',
      issues: [{ path: 'deadline', message: '完成时限、公开承诺、责任人、事项名称、责任单位、问题类别和是否公开由活动办公室确定，联络员不能修改；联络员可报告整改进展，更新状态、整改目标和措施。' }],
    })
    // one field the office sets refuses the whole change, status included
    const mixed = await liaison('PATCH', `${path}?lang=en`, { status: 'done', title: '路灯', owner: '李四', commitment: '不承诺', class: 'beyond', measures: '换灯' })
    expect(mixed.status).toBe(403)
    expect(mixed.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['title', 'owner', 'commitment', 'class'])
    expect(mixed.json.error.issues[0].message).toBe('The deadline, public commitment, responsible person, title, unit, class and public flag are set by the campaign office; liaisons report progress and may update the status, target and measures.')
    expect(await row()).toEqual(before)
    expect(await audits()).toBe(auditsBefore)
    // the same values sent back are no change; status, target and measures are the liaison's
    const own = await liaison('PATCH', path, { deadline: '2026-05-01', owner: '张三', public: true, status: 'in_progress', measures: '更换路灯' })
    expect(own.status).toBe(200)
    expect(own.json).toMatchObject({ deadline: '2026-05-01', owner: '张三', status: 'in_progress', measures: '更换路灯', overdue: false })
    const progress = await liaison('POST', `${path}/updates`, { onDate: '2026-05-01', body: '已排查全部路灯' })
    expect(progress.status).toBe(201)
    expect(progress.json.progress).toHaveLength(2)
    // the office still sets them
    const moved = await office('PATCH', path, { deadline: '2026-06-30', measures: '增设车位' })
    expect(moved.status).toBe(200)
    expect(moved.json.deadline).toBe('2026-06-30')
    expect((await office('PATCH', path, { deadline: '2026-05-01' })).status).toBe(200)
  })

  it('links opinions through the API: organisers any, liaisons only those their subtree answers for, leaders none', async () => {
    const opinion = async (unitId: string, body: string) => (await office('POST', `/api/tracking/${a.id}/opinions`, { body, channel: 'petition', unitId, receivedOn: '2026-04-20' })).json.id as string
    const near = await opinion(a.village, '村口路灯坏了三个月')
    const far = await opinion(a.other, '大厅只开一个窗口')
    const path = `/api/tracking/${a.id}/items/${a.mine}/opinions`
    const linked = await liaison('PUT', path, { opinionIds: [near] })
    expect(linked.status).toBe(200)
    expect(linked.json.linkedOpinions).toEqual([{ id: near, body: '村口路灯坏了三个月', mergedCount: 1, channel: 'petition', receivedOn: '2026-04-20', unitId: a.village }])
    expect((await liaison('PUT', path, { opinionIds: [near, far] })).status).toBe(403)
    expect((await leader('PUT', path, { opinionIds: [] })).status).toBe(403)
    expect((await office('GET', `/api/tracking/${a.id}/items/${a.mine}`)).json.linkedOpinions.map((o: { id: string }) => o.id)).toEqual([near])
    // the organiser may link an opinion of another unit; a liaison cannot unlink it
    expect((await office('PUT', path, { opinionIds: [near, far] })).json.opinions).toBe(2)
    expect((await liaison('PUT', path, { opinionIds: [near] })).status).toBe(403)
    const audit = await database().db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', a.mine).where('action', '=', 'link').orderBy('id').execute()
    expect(audit.map((r) => [r.before, r.after])).toEqual([
      [{ opinionIds: [] }, { opinionIds: [near] }],
      [{ opinionIds: [near] }, { opinionIds: [near, far] }],
    ])
    expect((await office('PUT', path, { opinionIds: [] })).json.linkedOpinions).toEqual([])
  })

  it('keeps leaders read-only, refuses clerks and asks anonymous callers to log in', async () => {
    const base = `/api/tracking/${a.id}`
    expect((await leader('GET', `${base}/items`)).json.items).toHaveLength(4)
    expect((await leader('GET', `${base}/items/${a.theirs}`)).status).toBe(200)
    expect((await leader('GET', `${base}/overview`)).status).toBe(200)
    const writes: [string, string, unknown?][] = [
      ['POST', `${base}/items`, { unitId: a.other, title: 'x', deadline: '2026-06-01', owner: 'x', class: 'immediate' }],
      ['PATCH', `${base}/items/${a.theirs}`, { status: 'done' }],
      ['POST', `${base}/items/${a.theirs}/updates`, { onDate: '2026-04-30', body: 'x' }],
      ['PUT', `${base}/board`, { slug: 'jia' }],
    ]
    for (const [method, path, body] of writes) expect((await leader(method, path, body)).status, `${method} ${path}`).toBe(403)
    const clerk = client(app, (await loginAs(app, database().db, 'clerk', { campaignId: a.id })).headers)
    expect((await clerk('GET', `${base}/items`)).status).toBe(403)
    const anonymous = client(app)
    for (const path of [`${base}/items`, `${base}/items/${a.mine}`, `${base}/overview`, `${base}/opinions`]) {
      const res = await anonymous('GET', path)
      expect(res.status, path).toBe(401)
    }
    expect((await anonymous('POST', `${base}/items/${a.mine}/updates`, { onDate: '2026-04-30', body: 'x' })).status).toBe(401)
    const board = await anonymous('GET', `/api/board/${a.id}`)
    expect(board.status).toBe(200)
    expect(board.json.items.map((i: { title: string }) => i.title).sort()).toEqual(['办事大厅排队时间长', '村道路灯不亮'])
  })

  it('refuses bad input with field issues and writes nothing', async () => {
    const base = `/api/tracking/${a.id}/items`
    const count = async () => (await database().db.selectFrom('rectification_item').select('id').execute()).length
    const before = await count()
    const bad = await office('POST', base, { unitId: a.village, title: '', deadline: '2026-02-30', owner: '张三', class: 'soon' })
    expect(bad.status).toBe(422)
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['class', 'deadline', 'title'])
    expect(bad.json.error.message).toBe('提交的内容有误，请检查后重试。')
    const foreignUnit = await office('POST', base, { unitId: b.village, title: 'x', deadline: '2026-06-01', owner: 'x', class: 'immediate' })
    expect(foreignUnit.status).toBe(403)
    expect(await count()).toBe(before)
    const future = await office('POST', `${base}/${a.mine}/updates`, { onDate: '2026-05-02', body: '明天的事' })
    expect(future.status).toBe(422)
    expect(future.json.error.code).toBe('date_in_future')
  })

  it('computes overdue from the Shanghai date of the clock: 23:30 UTC is already the next day', async () => {
    const at = (iso: string) => client(createApp({ db: database().db, log: () => {}, now: () => new Date(iso) }))
    const board = async (iso: string) => (await at(iso)('GET', `/api/board/${b.id}`)).json
    const item = (json: { items: { id: string; overdue: boolean; daysOverdue: number }[] }) => json.items.find((i) => i.id === b.mine)!
    // deadline 2026-05-01: 15:59:59 UTC is 23:59:59 on May 1 in Shanghai, still in time
    expect(await board('2026-05-01T15:59:59Z')).toMatchObject({ today: '2026-05-01' })
    expect(item(await board('2026-05-01T15:59:59Z'))).toMatchObject({ overdue: false, daysOverdue: 0 })
    expect(item(await board('2026-05-01T16:00:00Z'))).toMatchObject({ overdue: true, daysOverdue: 1 })
    const lateEvening = await board('2026-05-01T23:30:00Z')
    expect(lateEvening.today).toBe('2026-05-02')
    expect(item(lateEvening)).toMatchObject({ overdue: true, daysOverdue: 1 })
    expect(item(await board('2026-05-11T02:00:00Z')).daysOverdue).toBe(10)
    // done items are never overdue, and nothing about overdue is stored
    await office('PATCH', `/api/tracking/${b.id}/items/${b.mine}`, { status: 'done' })
    expect(item(await board('2026-05-11T02:00:00Z'))).toMatchObject({ overdue: false, daysOverdue: 0 })
  })

  it('tells an item done after its deadline (逾期完成) from one done in time, by the Beijing date it was done', async () => {
    const db = database().db
    const at = async (iso: string) => {
      const later = createApp({ db, log: () => {}, now: () => new Date(iso) })
      return client(later, (await loginAs(later, db, 'organiser')).headers)
    }
    const c = (await office('POST', '/api/campaigns', { name: '戊活动' })).json.id as string
    const unit = (await office('POST', `/api/campaigns/${c}/units`, { name: '五号单位', kind: '机关' })).json.id as string
    const base = `/api/tracking/${c}/items`
    const mk = async (title: string) => (await office('POST', base, { unitId: unit, title, deadline: '2026-05-01', owner: '赵六', class: 'immediate', public: true })).json.id as string
    const onTime = await mk('按期完成的事项')
    const late = await mk('逾期完成的事项')
    const reported = await mk('报告完成的事项')
    const reopened = await mk('重新打开的事项')
    // 15:59:59 UTC on 1 May is 23:59:59 in Beijing, the deadline day: in time
    const patched = await (await at('2026-05-01T15:59:59Z'))('PATCH', `${base}/${onTime}`, { status: 'done' })
    expect(patched.json).toMatchObject({ status: 'done', doneOn: '2026-05-01', doneLate: false, daysLate: 0 })
    // 16:00 UTC on 3 May is already 4 May in Beijing
    const office4 = await at('2026-05-03T16:00:00Z')
    expect((await office4('PATCH', `${base}/${late}`, { status: 'done' })).json).toMatchObject({ doneOn: '2026-05-04', doneLate: true, daysLate: 3, overdue: false })
    // done by a progress report: the date the report gives the work, as the board shows it
    const report = await office4('POST', `${base}/${reported}/updates`, { onDate: '2026-05-02', body: '已全部完成', status: 'done' })
    expect(report.json).toMatchObject({ status: 'done', doneOn: '2026-05-02', doneLate: true, daysLate: 1 })
    // marked done again, or reported on once done, keeps its date; reopened, it has none and is overdue again
    const office20 = await at('2026-05-20T02:00:00Z')
    expect((await office20('PATCH', `${base}/${onTime}`, { status: 'done', measures: '补充说明' })).json).toMatchObject({ doneOn: '2026-05-01', doneLate: false })
    expect((await office20('POST', `${base}/${onTime}/updates`, { onDate: '2026-05-20', body: '回访群众满意' })).json).toMatchObject({ status: 'done', doneOn: '2026-05-01', doneLate: false })
    expect((await office20('PATCH', `${base}/${reopened}`, { status: 'done' })).json).toMatchObject({ doneOn: '2026-05-20', daysLate: 19 })
    expect((await office20('PATCH', `${base}/${reopened}`, { status: 'in_progress' })).json).toMatchObject({ doneOn: null, doneLate: false, daysLate: 0, overdue: true, daysOverdue: 19 })
    const row = await db.selectFrom('rectification_item').select('done_on').where('id', '=', reopened).executeTakeFirstOrThrow()
    expect(row.done_on).toBeNull()

    // per unit, for organisers and leaders
    expect((await office20('GET', `/api/tracking/${c}/overview`)).json.units).toEqual([{ unitId: unit, unitName: '五号单位', items: 4, done: 3, doneLate: 2, overdue: 1, stalled: 1 }])
    // the public board: 逾期完成 beside 已完成, and the date it was done; done in time, no such mark
    const board = async (lang: string) => (await (await office20('GET', `/board/${c}?lang=${lang}`)).res.text()).replace(/\n/g, '')
    const article = (html: string, id: string) => html.slice(html.indexOf(`id="item-${id}"`)).split('</article>')[0]!
    const zh = await board('zh-CN')
    expect(article(zh, late)).toContain('<span class="badge s-done">已完成</span><span class="badge late">逾期 3 天完成</span>')
    expect(article(zh, late)).toContain('<dt>完成日期</dt><dd>2026-05-04</dd>')
    expect(article(zh, reported)).toContain('<span class="badge late">逾期 1 天完成</span>')
    expect(article(zh, onTime)).toContain('<dt>完成日期</dt><dd>2026-05-01</dd>')
    expect(article(zh, onTime)).not.toContain('逾期')
    expect(article(zh, reopened)).not.toContain('完成日期')
    const en = await board('en')
    expect(article(en, late)).toContain('<span class="badge s-done">Done</span><span class="badge late">3 days late</span>')
    expect(article(en, reported)).toContain('<span class="badge late">1 day late</span>')
  })

  it('shows organisers overdue and stalled items with counts per unit', async () => {
    const c = (await office('POST', '/api/campaigns', { name: '丙活动' })).json.id as string
    const u1 = (await office('POST', `/api/campaigns/${c}/units`, { name: '一号单位', kind: '机关' })).json.id
    const u2 = (await office('POST', `/api/campaigns/${c}/units`, { name: '二号单位', kind: '机关' })).json.id
    const mk = async (unitId: string, deadline: string) => (await office('POST', `/api/tracking/${c}/items`, { unitId, title: `事项${deadline}`, deadline, owner: 'x', class: 'immediate' })).json.id as string
    const late = await mk(u1, '2026-04-20')
    const soon = await mk(u1, '2026-06-30')
    const other = await mk(u2, '2026-04-25')
    await office('POST', `/api/tracking/${c}/items/${soon}/updates`, { onDate: '2026-04-28', body: '开工' })
    await office('POST', `/api/tracking/${c}/items/${other}/updates`, { onDate: '2026-04-29', body: '完成', status: 'done' })
    // the organiser's app clock is 2026-05-01 10:00 in Shanghai; the items were made that day, so none is quiet yet
    let overview = await office('GET', `/api/tracking/${c}/overview?stalledDays=1`)
    expect(overview.status).toBe(200)
    expect(overview.json.today).toBe('2026-05-01')
    expect(overview.json.overdue.map((i: { id: string }) => i.id)).toEqual([late])
    expect(overview.json.stalled).toEqual([])

    // nineteen days later: `late` has had no report since it was made, `soon` was reported on 05-10
    const later = createApp({ db: database().db, log: () => {}, now: () => new Date('2026-05-20T02:00:00Z') })
    const office2 = client(later, (await loginAs(later, database().db, 'organiser', { campaignId: c })).headers)
    expect((await office2('POST', `/api/tracking/${c}/items/${soon}/updates`, { onDate: '2026-05-10', body: '过半' })).status).toBe(201)
    overview = await office2('GET', `/api/tracking/${c}/overview?stalledDays=14`)
    expect(overview.json.stalled.map((i: { id: string; lastActivity: string }) => [i.id, i.lastActivity])).toEqual([[late, '2026-05-01']])
    expect(overview.json.overdue.map((i: { id: string; daysOverdue: number }) => [i.id, i.daysOverdue])).toEqual([[late, 30]])
    expect(overview.json.units).toEqual([
      { unitId: u1, unitName: '一号单位', items: 2, done: 0, doneLate: 0, overdue: 1, stalled: 1 },
      { unitId: u2, unitName: '二号单位', items: 1, done: 1, doneLate: 1, overdue: 0, stalled: 0 },
    ])
    overview = await office2('GET', `/api/tracking/${c}/overview?stalledDays=9`)
    expect(overview.json.stalled.map((i: { id: string }) => i.id).sort()).toEqual([late, soon].sort())
    expect((await office2('GET', `/api/tracking/${c}/items?stalled=1&stalledDays=14`)).json.items.map((i: { id: string }) => i.id)).toEqual([late])
  })

  it('serves the public board by slug, with only public items and their progress', async () => {
    const slug = await office('PUT', `/api/tracking/${a.id}/board`, { slug: 'jia-2026' })
    expect(slug.json).toEqual({ slug: 'jia-2026', path: '/board/jia-2026' })
    expect((await office('PUT', `/api/tracking/${b.id}/board`, { slug: 'jia-2026' })).status).toBe(409)
    const page = await app.request('/board/jia-2026', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('村道路灯不亮')
    expect(html).toContain('已更换路灯 12 盏')
    expect(html).not.toContain('内部事项')
    expect(html).not.toContain('<script')
    expect((await app.request('/board/no-such-board')).status).toBe(404)
    const english = await (await app.request('/board/jia-2026?lang=en')).text()
    expect(english).toContain('Rectification board')
    expect(english).toContain('Can be fixed with effort')
  })
})
