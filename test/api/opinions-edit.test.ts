import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { type Call, client, type TestApp } from '../support/setup-api'

/**
 * Editing and deleting opinions (API and console), merged opinions found by their originals, the
 * import's report of what the k rule held back, and the opinion pages' Post/Redirect/Get.
 */
describeEachDatabase('opinions: edit, delete, merged search, import report, console posts', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let office: Call
  let organiser: TestLogin
  let liaison: Call
  let leader: Call
  let api: string
  let con: string
  let areas: { id: string; name: string }[]

  const post = (login: TestLogin, path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: login.csrf })
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v)
    return app.request(path, { method: 'POST', headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body })
  }
  const page = async (path: string) => {
    const res = await app.request(path, { headers: { cookie: organiser.cookie, accept: 'text/html' } })
    return { status: res.status, html: await res.text() }
  }
  const enter = async (body: string, channel: string, unit: number, receivedOn = '2026-04-02') => {
    const res = await office('POST', `${api}/opinions`, { body, channel, unitId: ctx.units[unit]!.id, receivedOn })
    expect(res.status).toBe(201)
    return res.json.id as string
  }
  const audits = (id: string, action: string) => database().db.selectFrom('audit_log').select(['before', 'after']).where('entity_id', '=', id).where('action', '=', action).execute()
  const count = async () => (await database().db.selectFrom('opinion').select('id').execute()).length

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db, { now: () => new Date('2026-05-01T02:00:00Z') }))
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    office = client(app, organiser.headers)
    liaison = client(app, (await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[2]!.id })).headers)
    leader = client(app, (await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })).headers)
    api = `/api/tracking/${ctx.campaign.id}`
    con = `/console/c/${ctx.campaign.id}`
    // the preset from the console: a redirect, so a reload cannot post it again
    const preset = await post(organiser, `${con}/areas/preset`, {})
    expect(preset.status).toBe(303)
    expect(preset.headers.get('location')).toBe(`${con}/areas?done=preset`)
    expect((await page(preset.headers.get('location')!)).html).toContain('已套用预设的 13 个方面。')
    expect((await page(`${con}/areas`)).html).not.toContain('已套用预设')
    const again = await post(organiser, `${con}/areas/preset`, {})
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('本活动已有意见分类，不能再套用预设。')
    areas = (await office('GET', `${api}/areas`)).json.areas
    expect(areas).toHaveLength(13)
  })

  it('edits what entry set on a staff opinion, with the old and new values in the audit log', async () => {
    const id = await enter('小区门口路灯坏了', 'meeting', 2)
    const bad = await office('PATCH', `${api}/opinions/${id}`, { body: ' ', channel: 'wechat', receivedOn: '2026-02-30' })
    expect(bad.status).toBe(422)
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body', 'channel', 'receivedOn'])
    const foreign = await office('PATCH', `${api}/opinions/${id}`, { unitId: crypto.randomUUID() })
    expect(foreign.status).toBe(422)
    expect(foreign.json.error).toMatchObject({ code: 'unit_not_found', issues: [{ path: 'unitId' }] })
    expect((await office('GET', `${api}/opinions/${id}`)).json).toMatchObject({ body: '小区门口路灯坏了', channel: 'meeting', unitId: ctx.units[2]!.id })

    const edited = await office('PATCH', `${api}/opinions/${id}`, { body: '小区北门路灯坏了', channel: 'petition', unitId: ctx.units[3]!.id, receivedOn: '2026-04-05', areaId: areas[7]!.id })
    expect(edited.status).toBe(200)
    expect(edited.json).toMatchObject({ body: '小区北门路灯坏了', channel: 'petition', unitId: ctx.units[3]!.id, unitName: ctx.units[3]!.name, receivedOn: '2026-04-05', areaId: areas[7]!.id })
    // found by its new words only
    expect((await office('GET', `${api}/opinions?q=${encodeURIComponent('北门路灯')}`)).json.opinions.map((o: { id: string }) => o.id)).toEqual([id])
    expect((await office('GET', `${api}/opinions?q=${encodeURIComponent('门口路灯')}`)).json.total).toBe(0)
    expect(await audits(id, 'update')).toEqual([
      {
        before: { body: '小区门口路灯坏了', channel: 'meeting', unitId: ctx.units[2]!.id, receivedOn: '2026-04-02', areaId: null },
        after: { body: '小区北门路灯坏了', channel: 'petition', unitId: ctx.units[3]!.id, receivedOn: '2026-04-05', areaId: areas[7]!.id },
      },
    ])
    // the same values again change nothing and record nothing
    expect((await office('PATCH', `${api}/opinions/${id}`, { body: '小区北门路灯坏了', channel: 'petition' })).status).toBe(200)
    expect(await audits(id, 'update')).toHaveLength(1)
    // who may enter may edit: organisers only
    expect((await liaison('PATCH', `${api}/opinions/${id}`, { body: 'x' })).status).toBe(403)
    expect((await leader('PATCH', `${api}/opinions/${id}`, { body: 'x' })).status).toBe(403)
  })

  it('deletes a staff opinion entered by mistake, and refuses where deletion would break something', async () => {
    const wrong = await enter('重复录入的意见', 'talk', 2)
    for (const who of [liaison, leader]) expect((await who('DELETE', `${api}/opinions/${wrong}`)).status).toBe(403)
    const gone = await office('DELETE', `${api}/opinions/${wrong}`)
    expect(gone.status).toBe(200)
    expect(gone.json).toEqual({ deleted: wrong })
    expect((await office('GET', `${api}/opinions/${wrong}`)).status).toBe(404)
    expect((await office('DELETE', `${api}/opinions/${wrong}`)).status).toBe(404)
    expect(await audits(wrong, 'delete')).toEqual([
      { before: { source: 'staff', body: '重复录入的意见', channel: 'talk', unitId: ctx.units[2]!.id, receivedOn: '2026-04-02', areaId: null, assignedUnitId: null, reply: null, repliedOn: null, repliedBy: null }, after: null },
    ])

    // merged: un-merge first; an original: act on the merged one
    const [a, b] = [await enter('菜市场污水横流', 'home_visit', 4), await enter('菜场卫生差', 'online', 4)]
    const merged = (await office('POST', `${api}/opinions/merge`, { ids: [a, b] })).json.id as string
    // linked to a rectification item: unlink first
    const linked = await enter('公厕太少', 'mailbox', 4)
    expect((await office('POST', `${api}/items`, { unitId: ctx.units[4]!.id, title: '新建公厕', deadline: '2026-07-01', owner: '钱七', class: 'effort', opinionIds: [linked] })).status).toBe(201)
    const before = await count()
    for (const [id, code] of [
      [merged, 'opinion_delete_merged'],
      [a, 'opinion_is_merged'],
      [linked, 'opinion_delete_linked'],
    ] as const) {
      const refused = await office('DELETE', `${api}/opinions/${id}`)
      expect(refused.status, code).toBe(409)
      expect(refused.json.error.code).toBe(code)
    }
    expect((await office('DELETE', `${api}/opinions/${linked}`, undefined, { 'accept-language': 'en' })).json.error.message).toBe('This opinion is linked to a rectification item; deleting it would break the link. Unlink it on the item first.')
    expect(await count()).toBe(before)

    // a merged opinion's wording and area can change, not what its originals gave it
    const wording = await office('PATCH', `${api}/opinions/${merged}`, { body: '农贸市场环境卫生差', areaId: areas[6]!.id })
    expect(wording.json).toMatchObject({ body: '农贸市场环境卫生差', areaId: areas[6]!.id, mergedCount: 2 })
    const channel = await office('PATCH', `${api}/opinions/${merged}`, { channel: 'talk', receivedOn: '2026-04-01' })
    expect(channel.status).toBe(409)
    expect(channel.json.error).toMatchObject({ code: 'opinion_merged_fields', issues: [{ path: 'channel' }, { path: 'receivedOn' }] })
    expect((await office('PATCH', `${api}/opinions/${a}`, { body: '改' })).json.error.code).toBe('opinion_is_merged')
  })

  it('finds a merged opinion by its originals’ words, channel and unit, and an original says where it went', async () => {
    const a = await enter('夜里路灯不亮，出门摸黑', 'meeting', 5)
    const b = await enter('照明设施差', 'questionnaire', 4)
    const merged = (await office('POST', `${api}/opinions/merge`, { ids: [a, b], body: '照明问题' })).json.id as string
    const ids = async (query: string) => (await office('GET', `${api}/opinions?${query}`)).json.opinions.map((o: { id: string }) => o.id)
    expect(await ids(`q=${encodeURIComponent('摸黑')}`)).toEqual([merged])
    expect(await ids(`q=${encodeURIComponent('照明 摸黑')}`)).toEqual([merged])
    expect(await ids(`q=${encodeURIComponent('照明 摸黑 停车')}`)).toEqual([])
    expect(await ids('channel=meeting')).toContain(merged)
    expect(await ids('channel=questionnaire')).toEqual([merged])
    expect(await ids('channel=petition')).not.toContain(merged)
    // the originals' units differ, so the merged opinion has none of its own
    expect((await office('GET', `${api}/opinions/${merged}`)).json.unitId).toBe(null)
    expect(await ids(`unit=${ctx.units[5]!.id}`)).toContain(merged)
    const row = (await office('GET', `${api}/opinions?channel=questionnaire`)).json.opinions[0]
    expect(row).toMatchObject({ channel: null, channels: ['meeting', 'questionnaire'] })
    // a bulk action "on everything the filter finds" takes the merged one
    expect((await office('POST', `${api}/opinions/bulk`, { action: 'classify', filter: { channel: 'questionnaire' }, areaId: areas[3]!.id })).json).toEqual({ action: 'classify', changed: 1 })

    expect((await office('GET', `${api}/opinions/${a}`)).json).toMatchObject({ mergedInto: merged, mergedIntoOpinion: { id: merged, body: '照明问题' } })
    const original = await page(`${con}/opinions/${a}`)
    expect(original.html).toContain(`已合并到：<a href="${con}/opinions/${merged}">照明问题</a>`)
    expect(original.html).not.toContain(`${con}/opinions/${a}/edit`)
    const mergedPage = await page(`${con}/opinions/${merged}`)
    expect(mergedPage.html).toContain(`<a href="${con}/opinions/${a}">夜里路灯不亮，出门摸黑</a>`)
    expect(mergedPage.html).not.toContain('已合并到')
    expect(mergedPage.html).toContain('会议座谈、问卷调查')
  })

  it('edits and deletes from the console: the form keeps what was typed, deletion asks first', async () => {
    const id = await enter('学校门口堵车', 'online', 2)
    const detail = (await page(`${con}/opinions/${id}`)).html
    expect(detail).toContain(`<a href="${con}/opinions/${id}/edit">修改</a>`)
    expect(detail).toContain(`<a href="${con}/opinions/${id}/delete">删除</a>`)
    const form = (await page(`${con}/opinions/${id}/edit`)).html
    expect(form).toContain('<h1>修改意见</h1>')
    expect(form).toContain(`action="${con}/opinions/${id}/edit"`)
    expect(form).toMatch(/<textarea name="body"[^>]*>学校门口堵车<\/textarea>/)
    expect(form).toMatch(new RegExp(`<option value="${ctx.units[2]!.id}" selected="">`))

    const bad = await post(organiser, `${con}/opinions/${id}/edit`, { body: '学校门口早晚高峰堵车', channel: 'online', receivedOn: '2026-04-02', unitId: '', areaId: '' })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('学校门口早晚高峰堵车')
    expect(badHtml).toMatch(/data-field="unitId"[^]*?<small class="alert field-error" id="unitId-error">请选择<\/small>/)
    expect((await office('GET', `${api}/opinions/${id}`)).json.body).toBe('学校门口堵车')
    const ok = await post(organiser, `${con}/opinions/${id}/edit`, { body: '学校门口早晚高峰堵车', channel: 'online', receivedOn: '2026-04-02', unitId: ctx.units[3]!.id, areaId: areas[7]!.id })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`${con}/opinions/${id}?saved=1`)
    expect((await office('GET', `${api}/opinions/${id}`)).json).toMatchObject({ body: '学校门口早晚高峰堵车', unitId: ctx.units[3]!.id, areaId: areas[7]!.id })

    const confirm = await page(`${con}/opinions/${id}/delete`)
    expect(confirm.status).toBe(200)
    expect(confirm.html).toContain('<h1>删除意见</h1>')
    expect(confirm.html).toContain('确认删除')
    expect(await database().db.selectFrom('opinion').select('id').where('id', '=', id).execute()).toHaveLength(1)
    const deleted = await post(organiser, `${con}/opinions/${id}/delete`, {})
    expect(deleted.status).toBe(303)
    expect(deleted.headers.get('location')).toBe(`${con}/opinions?done=deleted`)
    expect((await page(deleted.headers.get('location')!)).html).toContain('已删除 1 条意见。')
    expect(await database().db.selectFrom('opinion').select('id').where('id', '=', id).execute()).toEqual([])

    // a linked one: the page says why and offers no button; a post anyway is refused
    const linked = await enter('校车不够', 'online', 2)
    expect((await office('POST', `${api}/items`, { unitId: ctx.units[2]!.id, title: '增开校车', deadline: '2026-07-01', owner: '孙八', class: 'effort', opinionIds: [linked] })).status).toBe(201)
    const refused = await page(`${con}/opinions/${linked}/delete`)
    expect(refused.status).toBe(409)
    expect(refused.html).toContain('这条意见已与整改事项对应，删除会断开对应关系。请先在整改事项中取消对应，再删除。')
    expect(refused.html).not.toContain('确认删除')
    const posted = await post(organiser, `${con}/opinions/${linked}/delete`, {})
    expect(posted.status).toBe(409)
    expect(await posted.text()).toContain('请先在整改事项中取消对应')
    expect((await office('GET', `${api}/opinions/${linked}`)).status).toBe(200)
    const liaisonLogin = await loginAs(app, database().db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[2]!.id })
    expect((await post(liaisonLogin, `${con}/opinions/${linked}/edit`, { body: 'x' })).status).toBe(403)
    expect((await post(liaisonLogin, `${con}/opinions/${linked}/delete`, {})).status).toBe(403)
  })

  it('marks every required field of the entry form, 涉及单位 included, for eyes and for assistive technology', async () => {
    const html = (await page(`${con}/opinions/new`)).html
    expect(html).toContain('带 * 的为必填项。')
    const mark = '<abbr class="required-mark" title="必填" aria-hidden="true"> *</abbr>'
    for (const [name, label, tag] of [
      ['body', '意见内容', 'textarea'],
      ['channel', '渠道', 'select'],
      ['receivedOn', '收到日期', 'input'],
      ['unitId', '涉及单位', 'select'],
    ] as const) {
      expect(html, name).toMatch(new RegExp(`data-field="${name}"><span>${label}${mark.replace('*', '\\*')}</span><${tag}[^>]* name="${name}"[^>]* required="" aria-required="true"`))
    }
    expect(html).toMatch(/data-field="areaId"><span>分类<\/span><select name="areaId">/)
  })

  it('reports the ballot opinions held back by k, in words and figures that add up, after a redirect', async () => {
    for (const opinion of ['停车难', '办事慢', '窗口少', '服务好', '']) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 0 }), ...(opinion ? { opinion } : {}) })).status).toBe(201)
    for (const opinion of ['食堂贵', '班车少', '宿舍旧']) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 1 }), opinion })).status).toBe(201)
    expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 2 }), opinion: '路太窄' })).status).toBe(201)
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const imported = await post(organiser, `${con}/opinion-imports`, { roundId: ctx.round.id })
    expect(imported.status).toBe(303)
    expect(imported.headers.get('location')).toBe(`${con}/opinions?imported=${ctx.round.id}`)
    const shown = (await page(imported.headers.get('location')!)).html
    expect(shown).toContain('已导入 4 条意见；另有 4 条暂不显示（共 8 条）：这些意见所在的 2 个单位有效票少于 5 张（本次评议的最小分组数），为保护评议人匿名，不予显示，也不能处理。')
    expect((await office('GET', `${api}/opinions?channel=ballot`)).json.total).toBe(4)
    const en = await app.request(imported.headers.get('location')!, { headers: { cookie: organiser.cookie, accept: 'text/html', 'accept-language': 'en' } })
    expect(await en.text()).toContain('4 opinions imported; 4 more are held back (8 in all): their 2 units had fewer than 5 valid ballots')
    // posting again is refused, not counted twice
    const twice = await post(organiser, `${con}/opinion-imports`, { roundId: ctx.round.id })
    expect(twice.status).toBe(422)
    expect(await twice.text()).toContain('这次评议的意见已经导入过了。')
    // a ballot's opinion keeps the evaluator's words: classified, never reworded or deleted
    const ballot = (await office('GET', `${api}/opinions?channel=ballot`)).json.opinions[0].id as string
    expect((await office('PATCH', `${api}/opinions/${ballot}`, { areaId: areas[0]!.id })).status).toBe(200)
    const reword = await office('PATCH', `${api}/opinions/${ballot}`, { body: '改写' })
    expect(reword.status).toBe(409)
    expect(reword.json.error).toMatchObject({ code: 'opinion_from_ballot', issues: [{ path: 'body' }] })
    expect((await office('DELETE', `${api}/opinions/${ballot}`)).json.error.code).toBe('opinion_from_ballot')
    expect((await page(`${con}/opinions/${ballot}`)).html).not.toContain(`${con}/opinions/${ballot}/edit`)
  })

  it('answers a bulk post with a redirect and a notice, and keeps the choices when it is refused', async () => {
    const [x, y] = [await enter('垃圾分类不到位甲', 'online', 5), await enter('垃圾分类不到位乙', 'online', 5)]
    const query = `q=${encodeURIComponent('垃圾分类')}`
    const done = await post(organiser, `${con}/opinions/bulk?${query}`, { action: 'merge', ids: [x, y], body: '垃圾分类不到位' })
    expect(done.status).toBe(303)
    const location = done.headers.get('location')!
    const merged = (await office('GET', `${api}/opinions?${query}`)).json.opinions[0].id
    expect(location).toBe(`${con}/opinions?${query}&done=merge&n=2&merged=${merged}`)
    const shown = (await page(location)).html
    expect(shown).toContain(`已将 2 条意见合并为一条。 <a href="${con}/opinions/${merged}">查看合并后的意见</a>`)
    expect((await page(`${con}/opinions?${query}`)).html).not.toContain('已将 2 条意见合并为一条。')

    const z = await enter('垃圾分类不到位丙', 'online', 5)
    const refused = await post(organiser, `${con}/opinions/bulk?${query}`, { action: 'merge', ids: [z], body: '合并后的说法' })
    expect(refused.status).toBe(422)
    const html = await refused.text()
    expect(html).toContain('合并至少需要选择两条意见。')
    expect(html).toContain(`<input type="checkbox" name="ids" value="${z}" checked=""`)
    expect(html).toMatch(/<input type="radio" name="action" value="merge" checked=""/)
    expect(html).toContain('value="合并后的说法"')
  })
})
