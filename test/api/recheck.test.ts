import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { createBatch } from '../../server/codes/batches'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs } from '../support/auth'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { type Call, client, type TestApp } from '../support/setup-api'
import { stagedRecheck } from '../support/staged'

describeEachDatabase('re-check of rectification items (整改是否到位)', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let office: Call
  let officeHeaders: Record<string, string>
  let roundId: string
  const items = { a: '', b: '', private: '' }

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db, { now: () => new Date('2026-05-01T02:00:00Z') }))
    officeHeaders = (await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })).headers
    office = client(app, officeHeaders)
    const mk = async (unit: number, title: string, isPublic: boolean) =>
      (await office('POST', `/api/tracking/${ctx.campaign.id}/items`, { unitId: ctx.units[unit]!.id, title, deadline: '2026-06-01', owner: '责任人', class: 'immediate', public: isPublic })).json.id as string
    items.a = await mk(0, '窗口服务态度差', true)
    items.b = await mk(1, '办事流程繁琐', true)
    items.private = await mk(0, '内部管理', false)
    const round = await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds`, { name: '回头看', stage: 'review', formId: ctx.form.id, channels: ['codes'], formula: { minGroupSize: 3 } })
    expect(round.status).toBe(201)
    roundId = round.json.id
    expect((await office('PUT', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/units`, { units: [{ unitId: ctx.units[0]!.id }, { unitId: ctx.units[1]!.id }] })).status).toBe(200)
  })

  it('asks only about public items of the round’s units, in a 整改落实 or 回头看 round', async () => {
    const path = `/api/tracking/${ctx.campaign.id}/rounds/${roundId}/recheck-items`
    const bad = await office('PUT', path, { itemIds: [items.a, items.private] })
    expect(bad.status).toBe(422)
    expect(bad.json.error).toMatchObject({ code: 'recheck_item_invalid', issues: [{ path: 'itemIds.1' }] })
    const wrongStage = await office('PUT', `/api/tracking/${ctx.campaign.id}/rounds/${ctx.round.id}/recheck-items`, { itemIds: [items.a] })
    expect(wrongStage.json.error.code).toBe('recheck_wrong_stage')
    const leader = client(app, (await loginAs(app, database().db, 'leader', { campaignId: ctx.campaign.id })).headers)
    expect((await leader('PUT', path, { itemIds: [items.a] })).status).toBe(403)
    const set = await office('PUT', path, { itemIds: [items.a, items.b] })
    expect(set.status).toBe(200)
    expect(set.json.items.map((i: { id: string }) => i.id).sort()).toEqual([items.a, items.b].sort())
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/open`, {})).status).toBe(200)
    expect((await office('PUT', path, { itemIds: [items.a] })).json.error.code).toBe('round_locked')
  })

  it('takes one answer per code and item; the office sees the results once the round is closed, the board once it is published to the public', async () => {
    const db = database().db
    const batch = await createBatch(db, testKeys, { roundId, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id], count: 6, label: '' })
    const anonymous = client(app)
    const questions = await anonymous('GET', `/api/rounds/${roundId}/recheck`)
    expect(questions.status).toBe(200)
    expect(questions.json.items.map((i: { title: string }) => i.title).sort()).toEqual(['办事流程繁琐', '窗口服务态度差'])

    const answer = (code: string, itemId: string, a: string) => anonymous('POST', `/api/rounds/${roundId}/recheck`, { code, answers: [{ itemId, answer: a }] })
    expect((await answer(batch.codes[0]!, items.b, 'satisfied')).json.error.code).toBe('code_wrong_unit')
    expect((await answer('ZZZZZZZZZZ', items.a, 'satisfied')).json.error.code).toBe('code_invalid')
    expect((await answer(batch.codes[0]!, items.private, 'satisfied')).json.error.code).toBe('recheck_item_invalid')
    expect(await db.selectFrom('recheck_use').select('item_id').execute()).toEqual([])

    const given = ['satisfied', 'satisfied', 'basic', 'unknown', 'unsatisfied']
    for (const [i, a] of given.entries()) expect((await answer(batch.codes[i]!, items.a, a)).status).toBe(201)
    const again = await answer(batch.codes[0]!, items.a, 'unsatisfied')
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('code_used')

    // nothing shows while the round is open
    expect((await office('GET', `/api/tracking/${ctx.campaign.id}/items/${items.a}`)).json.recheck).toEqual([])
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/close`, {})).status).toBe(200)

    const item = await office('GET', `/api/tracking/${ctx.campaign.id}/items/${items.a}`)
    // 3 of 4 answers (不了解 left out): 75%, Wilson 95% interval 30.06%–95.44%
    expect(item.json.recheck).toEqual([{ roundId, roundName: '回头看', itemId: items.a, hidden: false, counts: { satisfied: 2, basic: 1, unsatisfied: 1, unknown: 1 }, n: 4, satisfiedRate: 75, interval: [30.06, 95.44] }])
    // below k (item b, n = 0): no figures, for the office as for everyone
    const other = await office('GET', `/api/tracking/${ctx.campaign.id}/items/${items.b}`)
    expect(other.json.recheck).toEqual([{ roundId, roundName: '回头看', itemId: items.b, hidden: true }])
    expect(await db.selectFrom('recheck_staging').select('id').execute()).toEqual([])
    // as the results pages write a rate and its interval: 75.00%（30.06%–95.44%）
    const figures = '满意率 75.00%（30.06%–95.44%） · 4 人评价'
    const words = (html: string) => html.replace(/<[^>]+>/g, '')

    // Closed but not published: the board lists the items without figures, like the round's own results.
    const board = async () => {
      const html = await (await app.request(`/board/${ctx.campaign.id}`)).text()
      const json = (await client(app)('GET', `/api/board/${ctx.campaign.id}`)).json as { items: { id: string; recheck: unknown[] }[] }
      return { html, recheck: Object.fromEntries(json.items.map((i) => [i.id, i.recheck])) }
    }
    const closed = await board()
    expect(closed.html).toContain('窗口服务态度差')
    expect(closed.html).not.toContain('满意率')
    expect(closed.html).not.toContain('class="rechecks"')
    expect(closed.recheck).toEqual({ [items.a]: [], [items.b]: [] })

    // The console's recheck page says the round is closed and shows the figures to the office.
    const consolePage = async () => {
      const html = await (await app.request(`/console/c/${ctx.campaign.id}/recheck`, { headers: { cookie: officeHeaders.cookie! } })).text()
      return html.slice(html.indexOf(`data-round="${roundId}"`)).split('</section>')[0]!
    }
    const closedSection = await consolePage()
    expect(closedSection).toContain('评议已结束')
    expect(closedSection).not.toContain('所选事项已锁定')
    expect(words(closedSection)).toContain(figures)
    expect(closedSection).toContain('满意 2 · 基本满意 1 · 不满意 1 · 不了解 1')
    expect(closedSection).toContain('这些结果在本次评议向社会公众公布')

    // The item's own page: figures for the office, none yet for a leader (not published to the public)
    const itemPath = `/api/tracking/${ctx.campaign.id}/items/${items.a}`
    const leader = client(app, (await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })).headers)
    expect((await office('GET', itemPath)).json.recheck).toHaveLength(1)
    expect((await leader('GET', itemPath)).json.recheck).toEqual([])

    // Published to leaders only, or to the public from a later date: still nothing on the board.
    const publish = (body: unknown) => office('POST', `/api/results/rounds/${roundId}/publications`, body)
    expect((await publish({ audience: { leaders: true } })).status).toBe(201)
    expect((await publish({ audience: { public: true }, window: { start: '2026-05-10T00:00:00Z', end: null } })).status).toBe(201)
    expect((await board()).recheck).toEqual({ [items.a]: [], [items.b]: [] })

    // Published to the public now: the figures with n and interval; below k (item b, n = 0) no rate and no counts.
    const live = await publish({ audience: { public: true } })
    expect(live.status).toBe(201)
    const shown = await board()
    expect(words(shown.html)).toContain(figures)
    expect(shown.html).toContain('<small class="ci" title="95%置信区间">（30.06%–95.44%）</small>')
    expect(shown.html).toContain('<p class="muted small">满意率后括号内为95%置信区间。</p>')
    expect(shown.html).toContain('满意 2 · 基本满意 1 · 不满意 1 · 不了解 1')
    expect(shown.recheck[items.a]).toEqual([{ roundId, roundName: '回头看', itemId: items.a, hidden: false, counts: { satisfied: 2, basic: 1, unsatisfied: 1, unknown: 1 }, n: 4, satisfiedRate: 75, interval: [30.06, 95.44] }])
    expect(shown.recheck[items.b]).toEqual([{ roundId, roundName: '回头看', itemId: items.b, hidden: true }])
    const itemB = shown.html.slice(shown.html.indexOf(`id="item-${items.b}"`)).split('</article>')[0]!
    expect(itemB).toContain('评价人数不足，不显示结果')
    expect(itemB).not.toContain('满意 0')
    expect(await consolePage()).toContain('本次评议已向社会公众公布，这些结果显示在公示栏上。')
    expect((await leader('GET', itemPath)).json.recheck).toHaveLength(1)

    // Revoked: gone again.
    expect((await office('POST', `/api/results/publications/${live.json.id}/revoke`, {})).status).toBe(200)
    expect((await board()).recheck).toEqual({ [items.a]: [], [items.b]: [] })

    // closing rewrote the use and tally rows in one transaction: one xmin for all, none of a code's use
    const uses = await sql<{ x: string }>`SELECT xmin::text AS x FROM recheck_use`.execute(db)
    const tally = await sql<{ x: string }>`SELECT xmin::text AS x FROM recheck_tally`.execute(db)
    expect(uses.rows).toHaveLength(5)
    expect(new Set([...uses.rows, ...tally.rows].map((r) => r.x)).size).toBe(1)
  })

  it('works from the console and from the evaluator page without JavaScript', async () => {
    const db = database().db
    const form = (path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
      app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams(fields) })
    const round = (await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds`, { name: '整改落实满意度测评', stage: 'rectification', formId: ctx.form.id, channels: ['codes'] })).json.id as string
    await office('PUT', `/api/campaigns/${ctx.campaign.id}/rounds/${round}/units`, { units: [{ unitId: ctx.units[0]!.id }, { unitId: ctx.units[1]!.id }] })
    const page = await (await app.request(`/console/c/${ctx.campaign.id}/recheck`, { headers: { cookie: officeHeaders.cookie! } })).text()
    expect(page).toContain('整改落实满意度测评')
    expect(page).not.toContain('内部管理')
    const chosen = await form(`/console/c/${ctx.campaign.id}/rounds/${round}/recheck-items`, [['itemIds', items.a], ['itemIds', items.b]], officeHeaders)
    expect(chosen.status).toBe(200)
    expect((await office('GET', `/api/tracking/${ctx.campaign.id}/rounds/${round}/recheck-items`)).json.items).toHaveLength(2)
    const refused = await form(`/console/c/${ctx.campaign.id}/rounds/${round}/recheck-items`, [['itemIds', items.private]], officeHeaders)
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('该整改事项未公开')
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${round}/open`, {})).status).toBe(200)
    // The evaluation page leads to the recheck form; a round without items (the demo's) does not.
    expect(await (await app.request(`/e/${round}`)).text()).toContain(`<a href="/e/${round}/recheck">评价整改事项</a>`)
    expect(await (await app.request(`/e/${ctx.round.id}`)).text()).not.toContain('recheck-link')

    const batch = await createBatch(db, testKeys, { roundId: round, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id], count: 1, label: '' })
    expect(await (await app.request(`/e/${round}/recheck`)).text()).toContain('name="code"')
    const wrong = await form(`/e/${round}/recheck`, [['code', 'ZZZZZZZZZZ']])
    expect(wrong.status).toBe(403)
    expect(await wrong.text()).toContain('评议码不正确')
    const step2 = await (await form(`/e/${round}/recheck`, [['code', batch.codes[0]!]])).text()
    expect(step2).toContain(`name="a:${items.a}"`)
    // Each answer is a tap target as on the evaluation form: the styles hide the radio and draw the <span>.
    expect(step2.match(new RegExp(`<label class="lv"><input type="radio" name="a:${items.a}" value="\\w+"/><span>[^<]+</span></label>`, 'g'))).toHaveLength(4)
    expect(step2).not.toContain(`name="a:${items.b}"`)
    const none = await form(`/e/${round}/recheck`, [['code', batch.codes[0]!], ['step', 'answers']])
    expect(none.status).toBe(422)
    const done = await form(`/e/${round}/recheck`, [['code', batch.codes[0]!], ['step', 'answers'], [`a:${items.a}`, 'basic']])
    expect(done.status).toBe(201)
    expect(await done.text()).toContain('已收到您的评价')
    expect(await (await form(`/e/${round}/recheck`, [['code', batch.codes[0]!]])).text()).toContain('已经全部评价过')
    // staged sealed (sql/053): nothing in clear, 'basic' under the key
    expect(await stagedRecheck(db, round)).toEqual([{ item_id: items.a, answer: 'basic', clear: null }])
  })
})
