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
    expect(bulk.status).toBe(200)
    expect(await bulk.text()).toContain('已处理 2 条。')
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions?area=${areas[1]!.id}`)).json.total).toBe(2)
    const empty = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk`, { action: 'merge' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('没有选中任何意见。')
    // "every opinion the filter finds", without JavaScript: the filter rides in the form's address
    const third = (await office('POST', `/api/tracking/${ids.campaign}/opinions`, { body: '公交站台太远', channel: 'online', unitId: ids.other, receivedOn: '2026-04-02' })).json.id
    const byFilter = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk?q=${encodeURIComponent('公交')}`, { action: 'assign', unitId: ids.district, allMatching: 'on' })
    expect(await byFilter.text()).toContain('已处理 1 条。')
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions/${third}`)).json.assignedUnitId).toBe(ids.district)
    expect((await office('GET', `/api/tracking/${ids.campaign}/opinions/${second}`)).json.assignedUnitId).toBe(null)
    const merged = await post(organiser, `/console/c/${ids.campaign}/opinions/bulk`, { action: 'merge', body: '集贸市场卫生差', ids: [ids.opinion, second] })
    expect(await merged.text()).toContain('已处理 2 条。')
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
    expect(saved.status).toBe(200)
    const names = (await office('GET', `/api/tracking/${ids.campaign}/areas`)).json.areas.map((a: { name: string }) => a.name)
    expect(names).toHaveLength(14)
    expect(names[0]).toBe('经济建设')
    expect(names.slice(-2)).toEqual(['营商环境', '基层治理'])
    const dup = await post(organiser, `/console/c/${ids.campaign}/areas`, { ...fields, new: '经济建设' })
    expect(dup.status).toBe(422)
    expect(await dup.text()).toContain('意见分类名称不能重复。')
    expect((await post(leader, `/console/c/${ids.campaign}/areas`, { new: 'x' })).status).toBe(403)
  })
})
