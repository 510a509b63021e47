import { beforeAll, expect, it } from 'vitest'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'

describeEachDatabase('console pages of opinions and rectification', (database) => {
  let app: TestApp
  let office: Call
  let organiser: TestLogin
  let liaison: TestLogin
  let leader: TestLogin
  const ids = { campaign: '', district: '', other: '', mine: '', theirs: '', opinion: '' }

  /** Posts a URL-encoded form as a logged-in user (the CSRF token travels as the `_csrf` field). */
  const post = (login: TestLogin, path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: login.csrf })
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v)
    return app.request(path, { method: 'POST', headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body })
  }
  const get = (login: TestLogin | null, path: string) => app.request(path, { headers: { ...(login ? { cookie: login.cookie } : {}), accept: 'text/html' } })

  beforeAll(async () => {
    const db = database().db
    ;({ app, call: office, login: organiser } = await organiserApp(db))
    ids.campaign = (await office('POST', '/api/campaigns', { name: '丁活动' })).json.id
    ids.district = (await office('POST', `/api/campaigns/${ids.campaign}/units`, { name: '城关镇', kind: '乡镇' })).json.id
    ids.other = (await office('POST', `/api/campaigns/${ids.campaign}/units`, { name: '南湖街道', kind: '街道' })).json.id
    const item = (unitId: string, title: string) => office('POST', `/api/tracking/${ids.campaign}/items`, { unitId, title, deadline: '2026-04-30', owner: '周主任', class: 'immediate', public: true })
    ids.mine = (await item(ids.district, '集贸市场环境脏乱')).json.id
    ids.theirs = (await item(ids.other, '老旧小区加装电梯')).json.id
    await office('POST', `/api/tracking/${ids.campaign}/areas/preset`)
    ids.opinion = (await office('POST', `/api/tracking/${ids.campaign}/opinions`, { body: '市场卫生差', channel: 'home_visit', unitId: ids.district, receivedOn: '2026-04-01' })).json.id
    liaison = await loginAs(app, db, 'liaison', { campaignId: ids.campaign, unitId: ids.district, name: '城关联络员' })
    leader = await loginAs(app, db, 'leader', { campaignId: ids.campaign })
  })

  it('sends anonymous visitors to the login page, refuses clerks, and sends campaign users to their campaign', async () => {
    const anon = await get(null, `/console/c/${ids.campaign}/items`)
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/console/c/${ids.campaign}/items`)}`)
    const clerk = await loginAs(app, database().db, 'clerk', { campaignId: ids.campaign })
    expect((await get(clerk, `/console/c/${ids.campaign}/items`)).status).toBe(403)
    expect((await get(clerk, `/console/c/${ids.campaign}/opinions`)).status).toBe(403)
    const redirect = await get(liaison, '/console/tracking/items')
    expect(redirect.headers.get('location')).toBe(`/console/c/${ids.campaign}/items`)
    const choose = await get(organiser, '/console/tracking/opinions')
    expect(choose.status).toBe(200)
    expect(await choose.text()).toContain(`/console/c/${ids.campaign}/opinions`)
  })

  it('shows organisers and leaders every unit with counts, liaisons only their own items', async () => {
    const office = await (await get(organiser, `/console/c/${ids.campaign}/items`)).text()
    expect(office).toContain('各单位整改情况')
    expect(office).toContain('老旧小区加装电梯')
    expect(office).toContain('超期 1 天')
    const lead = await (await get(leader, `/console/c/${ids.campaign}/items`)).text()
    expect(lead).toContain('各单位整改情况')
    expect(lead).not.toContain('新增整改事项')
    expect((await get(leader, `/console/c/${ids.campaign}/items/new`)).status).toBe(403)
    expect(await (await get(leader, `/console/c/${ids.campaign}/items/${ids.theirs}`)).text()).not.toContain('progress-form')
    const mine = await (await get(liaison, `/console/c/${ids.campaign}/items`)).text()
    expect(mine).toContain('集贸市场环境脏乱')
    expect(mine).not.toContain('老旧小区加装电梯')
    expect(mine).not.toContain('各单位整改情况')
    expect((await get(liaison, `/console/c/${ids.campaign}/items/${ids.theirs}`)).status).toBe(403)
    expect((await post(liaison, `/console/c/${ids.campaign}/items/${ids.theirs}/updates`, { onDate: '2026-04-30', body: 'x' })).status).toBe(403)
    expect((await post(leader, `/console/c/${ids.campaign}/items/${ids.mine}/updates`, { onDate: '2026-04-30', body: 'x' })).status).toBe(403)
    expect(await database().db.selectFrom('rectification_update').select('id').execute()).toEqual([])
  })

  it('takes the filter forms as a browser sends them, every select left at 全部 included', async () => {
    const opinions = await get(organiser, `/console/c/${ids.campaign}/opinions?q=&area=&channel=&unit=&replied=`)
    expect(opinions.status).toBe(200)
    expect(await opinions.text()).toContain('市场卫生差')
    const narrowed = await get(organiser, `/console/c/${ids.campaign}/opinions?q=&area=&channel=&unit=${ids.other}&replied=`)
    expect(await narrowed.text()).not.toContain('市场卫生差')
    const items = await get(organiser, `/console/c/${ids.campaign}/items?unit=&status=&stalledDays=`)
    expect(items.status).toBe(200)
    const text = await items.text()
    expect(text).toContain('集贸市场环境脏乱')
    expect(text).toContain('老旧小区加装电梯')
    // a value that is there and wrong is still refused
    const wrong = await get(organiser, `/console/c/${ids.campaign}/items?unit=x`)
    expect(wrong.status).toBe(422)
  })

  it('re-shows the item form with errors next to the fields and keeps what was typed', async () => {
    const res = await post(organiser, `/console/c/${ids.campaign}/items/new`, { title: '背街小巷路面破损', unitId: ids.district, owner: '', deadline: '2026-02-30', class: 'effort' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/data-field="owner"[^]*?<small class="alert field-error" id="owner-error">不能为空<\/small>/)
    expect(html).toMatch(/data-field="deadline"[^]*?<small class="alert field-error" id="deadline-error">应为有效日期（年-月-日）<\/small>/)
    expect(html).toContain('value="背街小巷路面破损"')
    const ok = await post(organiser, `/console/c/${ids.campaign}/items/new`, { title: '背街小巷路面破损', unitId: ids.district, owner: '吴站长', deadline: '2026-06-30', class: 'effort', public: 'on' })
    expect(ok.status).toBe(303)
    const id = ok.headers.get('location')!.match(/items\/([0-9a-f-]{36})/)![1]!
    const item = await office('GET', `/api/tracking/${ids.campaign}/items/${id}`)
    expect(item.json).toMatchObject({ title: '背街小巷路面破损', owner: '吴站长', public: true, class: 'effort' })
    // a liaison's edit cannot change the public flag
    await post(liaison, `/console/c/${ids.campaign}/items/${id}/edit`, { title: '背街小巷路面破损', unitId: ids.district, owner: '吴站长', deadline: '2026-06-30', class: 'effort', status: 'in_progress' })
    expect((await office('GET', `/api/tracking/${ids.campaign}/items/${id}`)).json).toMatchObject({ public: true, status: 'in_progress' })
  })

  it('runs bulk actions, replies and area edits from plain forms', async () => {
    const areas = (await office('GET', `/api/tracking/${ids.campaign}/areas`)).json.areas as { id: string; name: string }[]
    const second = (await office('POST', `/api/tracking/${ids.campaign}/opinions`, { body: '市场垃圾清运不及时', channel: 'online', unitId: ids.district, receivedOn: '2026-04-02' })).json.id
    const list = await (await get(organiser, `/console/c/${ids.campaign}/opinions?q=${encodeURIComponent('市场')}`)).text()
    expect(list).toContain('共 2 条（合并后）')
    // the filters keep what was chosen, each named for screen readers
    const filtered = await (await get(organiser, `/console/c/${ids.campaign}/opinions?area=none&replied=no`)).text()
    expect(filtered).toMatch(/<select name="area" aria-label="[^"]+">[\s\S]*?<option value="none" selected="">/)
    expect(filtered).toMatch(/<option value="no" selected="">/)
    const bulk = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk`, { action: 'classify', areaId: areas[1]!.id, ids: [ids.opinion, second] })
    expect(bulk.status).toBe(303)
    expect(await (await get(organiser, bulk.headers.get('location')!)).text()).toContain('已将 2 条意见归类。')
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions?area=${areas[1]!.id}`)).json.total).toBe(2)
    const empty = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk`, { action: 'merge' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('没有选中任何意见。')
    // "every opinion the filter finds", without JavaScript: the filter rides in the form's address
    const third = (await office('POST', `/api/tracking/${ids.campaign}/opinions`, { body: '公交站台太远', channel: 'online', unitId: ids.other, receivedOn: '2026-04-02' })).json.id
    const byFilter = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk?q=${encodeURIComponent('公交')}`, { action: 'assign', unitId: ids.district, allMatching: 'on' })
    expect(await (await get(organiser, byFilter.headers.get('location')!)).text()).toContain('已将 1 条意见交办。')
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions/${third}`)).json.assignedUnitId).toBe(ids.district)
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions/${second}`)).json.assignedUnitId).toBe(null)
    const merged = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk`, { action: 'merge', body: '集贸市场卫生差', ids: [ids.opinion, second] })
    expect(await (await get(organiser, merged.headers.get('location')!)).text()).toContain('已将 2 条意见合并为一条。')
    const top = (await office('GET', `/api/tracking/${ids.campaign}/opinions?q=${encodeURIComponent('市场')}`)).json.opinions[0]
    expect(top).toMatchObject({ body: '集贸市场卫生差', mergedCount: 2 })
    const detail = await (await get(liaison, `/console/c/${ids.campaign}/opinions/${top.id}`)).text()
    expect(detail).toContain('合并前的原始意见')
    expect(detail).not.toContain('拆分合并')
    const blank = await post(liaison, `/console/c/${ids.campaign}/opinions/${top.id}/reply`, { reply: '  ' })
    expect(blank.status).toBe(422)
    expect(await blank.text()).toContain('id="reply-error"')
    expect((await post(liaison, `/console/c/${ids.campaign}/opinions/${top.id}/reply`, { reply: '已安排每日清运两次' })).status).toBe(303)
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions/${top.id}`)).json).toMatchObject({ reply: '已安排每日清运两次', repliedBy: '城关联络员' })
    expect((await post(organiser, `/console/c/${ids.campaign}/opinions/${top.id}/unmerge`, {})).status).toBe(303)
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions?q=${encodeURIComponent('市场')}`)).json.total).toBe(2)

    const fields: Record<string, string> = Object.fromEntries(areas.map((a) => [`area:${a.id}`, a.name]))
    fields[`area:${areas[0]!.id}`] = '经济建设'
    fields[`area:${areas[12]!.id}`] = ''
    const saved = await post(organiser, `/console/c/${ids.campaign}/areas`, { ...fields, new: '营商环境\n基层治理' })
    expect(saved.status).toBe(303)
    const names = (await office('GET', `/api/tracking/${ids.campaign}/areas`)).json.areas.map((a: { name: string }) => a.name)
    expect(names).toHaveLength(14)
    expect(names[0]).toBe('经济建设')
    expect(names.slice(-2)).toEqual(['营商环境', '基层治理'])
    const dup = await post(organiser, `/console/c/${ids.campaign}/areas`, { ...fields, new: '经济建设' })
    expect(dup.status).toBe(422)
    expect(await dup.text()).toContain('意见分类名称不能重复。')
    expect((await post(leader, `/console/c/${ids.campaign}/areas`, { new: 'x' })).status).toBe(403)
  })
  it('links and unlinks opinions from the item page: organisers, liaisons within their subtree, leaders never', async () => {
    const db = database().db
    const c = ids.campaign
    const street = (await office('POST', `/api/campaigns/${c}/units`, { name: '东街社区', kind: '社区', parentId: ids.district })).json.id as string
    const opinion = async (unitId: string, body: string) => (await office('POST', `/api/tracking/${c}/opinions`, { body, channel: 'mailbox', unitId, receivedOn: '2026-04-10' })).json.id as string
    const long = '背街小巷的路灯晚上十点以后就全部关闭，居民夜间出行很不方便，尤其是老人和孩子，希望延长路灯开放时间并增加照明设施，同时安排专人定期检修损坏的灯具'
    const lamp = await opinion(street, long)
    const noise = await opinion(ids.district, '夜市噪音扰民')
    const far = await opinion(ids.other, '南湖公园厕所太少')
    const itemPath = `/console/c/${c}/items/${ids.mine}`
    const linked = async () => ((await office('GET', `/api/tracking/${c}/items/${ids.mine}`)).json.linkedOpinions as { id: string }[]).map((o) => o.id).sort()
    const links = async () => (await db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', ids.mine).where('action', '=', 'link').orderBy('id').execute()).map((r) => [r.before, r.after])

    // the picker lists the opinions of the item's unit and its sub-units, text shortened, and finds them by words
    const page = await (await get(organiser, itemPath)).text()
    expect(page).toContain('<h2>对应的群众意见</h2><p class="muted">无</p>')
    expect(page).toContain(`<input type="checkbox" name="ids" value="${lamp}"/> ${Array.from(long).slice(0, 60).join('')}…</label>`)
    expect(page).toContain(`data-candidate="${noise}"`)
    expect(page).not.toContain(`data-candidate="${far}"`)
    const searched = await (await get(organiser, `${itemPath}?q=${encodeURIComponent('噪音')}`)).text()
    expect(searched).toContain(`data-candidate="${noise}"`)
    expect(searched).not.toContain(`data-candidate="${lamp}"`)

    // organiser: tick two and save; untick one in a search (only what was listed changes); unlink the other
    const saved = await post(organiser, `${itemPath}/opinions`, { listed: [lamp, noise], ids: [lamp, noise], q: '', offset: '0' })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe(`${itemPath}?linked=1#opinions`)
    expect(await linked()).toEqual([lamp, noise].sort())
    const shown = await (await get(organiser, `${itemPath}?linked=1`)).text()
    expect(shown).toContain('对应的群众意见已更新。')
    expect(shown).toMatch(new RegExp(`<tr data-linked="${noise}"><td><a href="/console/c/${c}/opinions/${noise}">夜市噪音扰民</a> </td><td>意见信箱</td><td>2026-04-10</td>`))
    expect(shown).toContain(`<input type="checkbox" name="ids" value="${noise}" checked=""/>`)
    const untick = await post(organiser, `${itemPath}/opinions`, { listed: [noise], q: '噪音', offset: '0' })
    expect(untick.headers.get('location')).toBe(`${itemPath}?linked=1&q=${encodeURIComponent('噪音')}#opinions`)
    expect(await linked()).toEqual([lamp])
    expect((await post(organiser, `${itemPath}/opinions`, { listed: lamp })).status).toBe(303)
    expect(await linked()).toEqual([])
    expect(await links()).toEqual([
      [{ opinionIds: [] }, { opinionIds: [lamp, noise] }],
      [{ opinionIds: [lamp, noise].sort() }, { opinionIds: [lamp] }],
      [{ opinionIds: [lamp] }, { opinionIds: [] }],
    ])

    // liaison of 城关镇: its subtree's opinions only
    const theirs = await (await get(liaison, itemPath)).text()
    expect(theirs).toContain(`data-candidate="${lamp}"`)
    expect(theirs).not.toContain(`data-candidate="${far}"`)
    expect((await post(liaison, `${itemPath}/opinions`, { listed: [lamp, noise], ids: lamp })).status).toBe(303)
    expect(await linked()).toEqual([lamp])
    const outside = await post(liaison, `${itemPath}/opinions`, { listed: far, ids: far })
    expect(outside.status).toBe(403)
    expect(await outside.text()).toContain('您没有权限进行此操作。')
    expect((await post(liaison, `/console/c/${c}/items/${ids.theirs}/opinions`, { listed: noise, ids: noise })).status).toBe(403)
    expect(await linked()).toEqual([lamp])
    // an opinion the office linked from outside the subtree is shown to the liaison, who cannot unlink it
    expect((await office('PUT', `/api/tracking/${c}/items/${ids.mine}/opinions`, { opinionIds: [lamp, far] })).status).toBe(200)
    const mixed = await (await get(liaison, itemPath)).text()
    expect(mixed).toContain('南湖公园厕所太少')
    expect(mixed).toContain(`name="listed" value="${lamp}"`)
    expect(mixed).not.toContain(`name="listed" value="${far}"`)
    expect((await post(liaison, `${itemPath}/opinions`, { listed: far })).status).toBe(403)

    // leader: reads the links, gets no forms, and a post changes nothing
    const lead = await (await get(leader, itemPath)).text()
    expect(lead).toContain('南湖公园厕所太少')
    expect(lead).not.toContain('opinion-picker')
    expect(lead).not.toContain('取消对应')
    const before = (await links()).length
    expect((await post(leader, `${itemPath}/opinions`, { listed: [lamp, far] })).status).toBe(403)
    expect(await linked()).toEqual([lamp, far].sort())
    expect(await links()).toHaveLength(before)
  })

  it('turns an opinion into a new item linked to it (转为整改事项)', async () => {
    const c = ids.campaign
    const count = async () => (await database().db.selectFrom('rectification_item').select('id').where('campaign_id', '=', c).execute()).length
    const opinion = async (unitId: string, body: string) => (await office('POST', `/api/tracking/${c}/opinions`, { body, channel: 'talk', unitId, receivedOn: '2026-04-12' })).json.id as string
    const near = await opinion(ids.district, '农贸市场周边乱停车')
    const far = await opinion(ids.other, '南湖街道办事要跑多次')
    const newPath = `/console/c/${c}/items/new?opinion=${near}`
    const detail = await (await get(organiser, `/console/c/${c}/opinions/${near}`)).text()
    expect(detail).toContain(`<a href="${newPath}" class="to-item">转为整改事项</a>`)
    expect(await (await get(leader, `/console/c/${c}/opinions/${near}`)).text()).not.toContain('转为整改事项')
    expect(await (await get(organiser, `/console/c/${c}/opinions/${near}?lang=en`)).text()).toContain('Create a rectification item')

    const form = await get(organiser, newPath)
    expect(form.status).toBe(200)
    const html = await form.text()
    expect(html).toContain(`<option value="${ids.district}" selected="">城关镇</option>`)
    expect(html).toContain(`<input type="hidden" name="opinionIds" value="${near}"/>农贸市场周边乱停车`)
    const before = await count()
    const made = await post(organiser, '/console/c/' + c + '/items/new', { title: '规范市场周边停车', unitId: ids.district, owner: '交警中队', deadline: '2026-07-31', class: 'immediate', opinionIds: near })
    expect(made.status).toBe(303)
    const id = made.headers.get('location')!.match(/items\/([0-9a-f-]{36})/)![1]!
    expect((await office('GET', `/api/tracking/${c}/items/${id}`)).json.linkedOpinions.map((o: { id: string }) => o.id)).toEqual([near])
    expect(await (await get(organiser, `/console/c/${c}/opinions/${near}`)).text()).toMatch(new RegExp(`已转为整改事项[^]*?<a href="/console/c/${c}/items/${id}">规范市场周边停车</a>`))
    expect(await count()).toBe(before + 1)

    // a refused post keeps the opinion on the form
    const bad = await post(organiser, '/console/c/' + c + '/items/new', { title: '', unitId: ids.district, owner: 'x', deadline: '2026-07-31', class: 'immediate', opinionIds: near })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain(`name="opinionIds" value="${near}"`)

    // a liaison: only opinions its subtree answers for; a leader: never
    expect((await get(liaison, newPath)).status).toBe(200)
    expect((await get(liaison, `/console/c/${c}/items/new?opinion=${far}`)).status).toBe(403)
    const crafted = await post(liaison, '/console/c/' + c + '/items/new', { title: '越权事项', unitId: ids.district, owner: 'x', deadline: '2026-07-31', class: 'immediate', opinionIds: far })
    expect(crafted.status).toBe(403)
    expect((await get(leader, newPath)).status).toBe(403)
    expect((await get(organiser, `/console/c/${c}/items/new?opinion=x`)).status).toBe(404)
    expect(await count()).toBe(before + 1)
  })

  it('gives a liaison an edit form for progress only: the fields the office sets are greyed out and a posted deadline is refused', async () => {
    const c = ids.campaign
    const editPath = `/console/c/${c}/items/${ids.mine}/edit`
    const item = async () => (await office('GET', `/api/tracking/${c}/items/${ids.mine}`)).json
    const before = await item()
    expect(before).toMatchObject({ deadline: '2026-04-30', overdue: true })
    const form = await (await get(liaison, editPath)).text()
    expect(form).toContain('灰色各项由活动办公室确定')
    for (const name of ['title', 'owner', 'commitment', 'deadline', 'unitId', 'class']) expect(form, name).toMatch(new RegExp(`<(input|textarea|select)[^>]*name="${name}"[^>]*disabled=""`))
    expect(form).toMatch(/<textarea name="measures" rows="3" maxlength="4000">/)
    expect(form).toMatch(/<select name="status">/)
    expect(await (await get(organiser, editPath)).text()).not.toContain('disabled=""')

    // a deadline posted anyway (an old form, a crafted post) is refused and nothing changes
    const late = await post(liaison, editPath, { deadline: '2026-12-31', status: 'in_progress', measures: '延期' })
    expect(late.status).toBe(403)
    const refusedHtml = await late.text()
    expect(refusedHtml).toContain('完成时限、公开承诺、责任人、事项名称、责任单位、问题类别和是否公开由活动办公室确定')
    expect(refusedHtml).toContain('value="2026-04-30"')
    expect(await item()).toEqual(before)

    // what the browser posts from the greyed form: status and measures only
    const ok = await post(liaison, editPath, { target: before.target, measures: '每日清扫两次', status: 'in_progress' })
    expect(ok.status).toBe(303)
    expect(await item()).toMatchObject({ title: before.title, owner: before.owner, deadline: '2026-04-30', overdue: true, public: true, status: 'in_progress', measures: '每日清扫两次' })
    const progress = await post(liaison, `/console/c/${c}/items/${ids.mine}/updates`, { onDate: '2026-05-01', body: '已清理市场垃圾', status: '' })
    expect(progress.status).toBe(303)
    expect((await item()).updates).toBe(1)
  })

  it('filters by a unit with everything under it, and lists units as a tree in the pickers', async () => {
    const c = ids.campaign
    const village = (await office('POST', `/api/campaigns/${c}/units`, { name: '城关社区', kind: '社区', parentId: ids.district })).json.id
    await office('POST', `/api/tracking/${c}/items`, { unitId: village, title: '社区路灯不亮', deadline: '2026-06-30', owner: '李书记', class: 'immediate', public: false })
    await office('POST', `/api/tracking/${c}/opinions`, { body: '社区路灯坏了', channel: 'home_visit', unitId: village, receivedOn: '2026-04-02' })
    const items = await (await get(organiser, `/console/c/${c}/items?unit=${ids.district}`)).text()
    expect(items).toContain('集贸市场环境脏乱')
    expect(items).toContain('社区路灯不亮')
    expect(items).not.toContain('老旧小区加装电梯')
    const opinions = await (await get(organiser, `/console/c/${c}/opinions?unit=${ids.district}`)).text()
    expect(opinions).toContain('市场卫生差')
    expect(opinions).toContain('社区路灯坏了')
    const only = await (await get(organiser, `/console/c/${c}/opinions?unit=${village}`)).text()
    expect(only).toContain('社区路灯坏了')
    expect(only).not.toContain('市场卫生差')
    // the sub-unit right under its parent, indented
    const picker = opinions.match(/<select name="unit"[\s\S]*?<\/select>/)![0]
    expect(picker).toContain(`<option value="${village}">　城关社区</option>`)
    const at = (id: string) => picker.indexOf(`value="${id}"`)
    expect(at(ids.district)).toBeLessThan(at(village))
    expect(at(village)).toBeLessThan(at(ids.other))
  })

  it('marks items done late on the list and the item page, says what progress there is, and labels the filters', async () => {
    const c = (await office('POST', '/api/campaigns', { name: '己活动' })).json.id as string
    const unit = (await office('POST', `/api/campaigns/${c}/units`, { name: '北关镇', kind: '乡镇' })).json.id as string
    const mk = async (title: string) => (await office('POST', `/api/tracking/${c}/items`, { unitId: unit, title, deadline: '2026-04-28', owner: '郑主任', class: 'immediate' })).json.id as string
    const late = await mk('农贸市场排水不畅')
    const inTime = await mk('公厕无人保洁')
    const quiet = await mk('路口缺少信号灯')
    const report = (id: string, onDate: string, body: string, status?: string) => office('POST', `/api/tracking/${c}/items/${id}/updates`, { onDate, body, ...(status ? { status } : {}) })
    const LONG = '疏通排水管道三百米，新建雨水井四座，更换破损盖板十二块，经过两次暴雨检验市场内不再积水，群众反映良好。'
    expect((await report(late, '2026-04-30', LONG, 'done')).status).toBe(201)
    expect((await report(inTime, '2026-04-20', '落实专人保洁')).status).toBe(201)
    expect((await report(inTime, '2026-04-27', '每日保洁两次，公示保洁时间', 'done')).status).toBe(201)

    // the office's clock is 1 May in Beijing
    const page = async (lang: string) => (await (await get(organiser, `/console/c/${c}/items?lang=${lang}`)).text()).replace(/\n/g, '')
    const words = (html: string, id: string) => {
      const row = html.slice(html.indexOf('>', html.indexOf(`data-item="${id}"`)) + 1).split('</tr>')[0]!
      return row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
    }
    const zh = await page('zh-CN')
    expect(words(zh, late)).toBe(`农贸市场排水不畅 北关镇 2026-04-28 已完成 逾期 2 天完成 完成日期 2026-04-30 1 条进展，最近 2026-04-30 ${Array.from(LONG).slice(0, 39).join('')}…`)
    expect(words(zh, inTime)).toBe('公厕无人保洁 北关镇 2026-04-28 已完成 完成日期 2026-04-27 2 条进展，最近 2026-04-27 每日保洁两次，公示保洁时间')
    expect(words(zh, quiet)).toBe('路口缺少信号灯 北关镇 2026-04-28 未开始 超期 3 天 尚无进展')
    // each cell says what it is when a phone stacks the row
    expect(zh).toContain(`<td data-label="完成时限" class="date">2026-04-28</td>`)
    // per unit: how many of the done were done late
    expect(zh).toMatch(/<td>2<span class="alert small done-late">逾期完成 1<\/span><\/td>/)
    // the filter selects carry visible labels, and the same names for screen readers (a wrapping label alone would add the chosen option)
    expect(zh).toContain('<label class="filter"><span>责任单位</span><select name="unit" aria-label="责任单位">')
    expect(zh).toContain('<label class="filter"><span>状态</span><select name="status" aria-label="状态">')
    const en = await page('en')
    expect(words(en, late)).toContain('Done 2 days late Done on 2026-04-30 1 report, latest 2026-04-30')
    expect(words(en, inTime)).toContain('2 reports, latest 2026-04-27')
    expect(words(en, quiet)).toContain('None yet')
    expect(en).toContain('<label class="filter"><span>Unit</span><select name="unit" aria-label="Unit">')

    // the item's page: the mark beside its status and the date it was done
    const item = (await (await get(organiser, `/console/c/${c}/items/${late}`)).text()).replace(/\n/g, '')
    expect(item).toContain('<span class="badge s-done">已完成</span><span class="badge late">逾期 2 天完成</span>')
    expect(item).toContain('<dt>完成日期</dt><dd>2026-04-30</dd>')
    const onTimePage = await (await get(organiser, `/console/c/${c}/items/${inTime}`)).text()
    expect(onTimePage).toContain('<dd>2026-04-27</dd>')
    expect(onTimePage).not.toContain('逾期')
  })
})
