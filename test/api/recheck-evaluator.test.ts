import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createBatch } from '../../server/codes/batches'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs } from '../support/auth'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, TEST_CODE_KEY } from '../support/demo'
import { type Call, client, type TestApp } from '../support/setup-api'

// The evaluator's way through a recheck round: the hint on the evaluation form (code holders
// only), the code carried to the recheck form and back, what each item shows, and the console's
// warning when the public link cannot take part.
describeEachDatabase('the recheck form from the evaluator’s side', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let office: Call
  let officeHeaders: Record<string, string>
  const rounds = { mixed: '', codes: '' }
  const items = { a: '', b: '', c: '' }
  const LONG = '已在办事大厅增设两个综合窗口，实行一窗受理、集成服务，群众平均排队时间由四十分钟缩短到十五分钟以内，下一步将推行预约办理和延时服务。'

  const form = (path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams(fields) })
  const hintOf = (html: string) => /<p class="notice" id="recheck-link"[^>]*>/.exec(html)?.[0] ?? null

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db, { now: () => new Date('2026-05-01T02:00:00Z') }))
    officeHeaders = (await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })).headers
    office = client(app, officeHeaders)
    const mk = async (title: string, deadline = '2026-06-01') =>
      (await office('POST', `/api/tracking/${ctx.campaign.id}/items`, { unitId: ctx.units[0]!.id, title, deadline, owner: '责任人', class: 'immediate', commitment: '六月底前群众排队不超过十五分钟', public: true })).json.id as string
    items.a = await mk('办事大厅排队时间长')
    items.b = await mk('停车场收费不透明', '2026-04-20')
    items.c = await mk('干部作风问题')
    // b was done five days after its deadline
    expect((await office('POST', `/api/tracking/${ctx.campaign.id}/items/${items.b}/updates`, { onDate: '2026-04-25', body: '收费标准已公示', status: 'done' })).status).toBe(201)
    expect((await office('POST', `/api/tracking/${ctx.campaign.id}/items/${items.a}/updates`, { onDate: '2026-04-10', body: '已制定整改方案', status: 'in_progress' })).status).toBe(201)
    expect((await office('POST', `/api/tracking/${ctx.campaign.id}/items/${items.a}/updates`, { onDate: '2026-04-28', body: LONG })).status).toBe(201)
    for (const [key, channels, stage] of [['mixed', ['codes', 'public'], 'review'], ['codes', ['codes'], 'rectification']] as const) {
      const round = await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds`, { name: key === 'mixed' ? '回头看群众评议' : '整改落实测评', stage, formId: ctx.form.id, channels })
      expect(round.status).toBe(201)
      rounds[key] = round.json.id
      await office('PUT', `/api/campaigns/${ctx.campaign.id}/rounds/${rounds[key]}/units`, { units: [{ unitId: ctx.units[0]!.id }] })
      expect((await office('PUT', `/api/tracking/${ctx.campaign.id}/rounds/${rounds[key]}/recheck-items`, { itemIds: [items.a, items.b, items.c] })).status).toBe(200)
    }
  })

  it('warns the office that public-link evaluators cannot take part, before and while the round runs', async () => {
    const section = async (round: string) => {
      const html = await (await app.request(`/console/c/${ctx.campaign.id}/recheck`, { headers: { cookie: officeHeaders.cookie! } })).text()
      return html.slice(html.indexOf(`data-round="${round}"`)).split('</section>')[0]!
    }
    const warning = '本次评议开放了公开链接：通过公开链接参加评议的人没有评议码，不能评价整改事项'
    expect(await section(rounds.mixed)).toContain(warning)
    expect(await section(rounds.codes)).not.toContain(warning)
    for (const round of Object.values(rounds)) expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${round}/open`, {})).status).toBe(200)
    expect(await section(rounds.mixed)).toContain(warning)
    expect(await section(rounds.mixed)).toContain('评议已开始，所选事项已锁定。')
    // made private after it was chosen: still asked about (by title), as the office sees
    expect((await office('PATCH', `/api/tracking/${ctx.campaign.id}/items/${items.c}`, { public: false })).status).toBe(200)
  })

  it('shows the hint only to code holders, and its link carries the code in the fragment', async () => {
    const db = database().db
    // Codes only: everyone on the page has a code.
    const codesPage = await (await app.request(`/e/${rounds.codes}`)).text()
    expect(hintOf(codesPage)).toBe('<p class="notice" id="recheck-link">')
    expect(codesPage).toContain(`<a href="/e/${rounds.codes}/recheck">评价整改事项</a>`)
    expect(codesPage).toContain('<script src="/assets/recheck.js" defer=""></script>')
    // Codes and the public link: hidden until a code is known (the page script shows it then).
    const mixedPage = await (await app.request(`/e/${rounds.mixed}`)).text()
    expect(hintOf(mixedPage)).toBe('<p class="notice" id="recheck-link" data-needs-code="" hidden="">')
    expect(mixedPage).toContain('<script src="/assets/recheck.js" defer=""></script>')

    // After a ballot posted without script: with a code the hint shows, its link carrying the code; without one it stays hidden.
    const batch = await createBatch(db, testKeys, { roundId: rounds.mixed, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id], count: 1, label: '' })
    const code = batch.codes[0]!
    const ballot = (extra: [string, string][]) =>
      form(`/e/${rounds.mixed}`, [['submissionId', crypto.randomUUID()], ['unitId', ctx.units[0]!.id], ...ctx.dimensions.map((d): [string, string] => [`d${d.id}`, String(ctx.levels[0]!.id)]), ...extra])
    const withCode = await ballot([['code', code]])
    expect(withCode.status).toBe(200)
    const counted = await withCode.text()
    expect(counted).toContain('您的评议已计入')
    expect(hintOf(counted)).toBe('<p class="notice" id="recheck-link" data-needs-code="">')
    expect(counted).toContain(`<a href="/e/${rounds.mixed}/recheck#c=${code}">评价整改事项</a>`)
    const publicBallot = await ballot([['categoryId', ctx.categories[0]!.id]])
    expect(publicBallot.status).toBe(200)
    expect(hintOf(await publicBallot.text())).toBe('<p class="notice" id="recheck-link" data-needs-code="" hidden="">')
  })

  it('shows each item as the board would, asks for at least one answer, and leads back to the evaluation with the code', async () => {
    const db = database().db
    const round = rounds.codes
    const batch = await createBatch(db, testKeys, { roundId: round, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id], count: 1, label: '' })
    const code = batch.codes[0]!
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`

    // Step 1 takes the code from #c= with its script; the field is there to fill.
    const step1 = await (await app.request(`/e/${round}/recheck`)).text()
    expect(step1).toContain('id="recheck-code"')
    expect(step1).toContain('<script src="/assets/recheck.js" defer=""></script>')

    const step2 = await (await form(`/e/${round}/recheck`, [['code', typed]])).text()
    const fieldset = (id: string) => step2.slice(step2.lastIndexOf('<fieldset', step2.indexOf(`name="a:${id}"`))).split('</fieldset>')[0]!.replace(/<[^>]+>/g, '')
    const a = fieldset(items.a)
    expect(a).toContain('侯口街道：办事大厅排队时间长')
    expect(a).toContain('状态：进行中 · 完成时限：2026-06-01')
    expect(a).toContain('公开承诺：六月底前群众排队不超过十五分钟')
    // the latest report only, cut to 60 characters
    expect(a).toContain(`最新进展：2026-04-28 ${Array.from(LONG).slice(0, 59).join('')}…`)
    expect(a).not.toContain(LONG)
    expect(a).not.toContain('已制定整改方案')
    expect(a).not.toContain('逾期')
    // done after its deadline: said beside its status
    expect(fieldset(items.b)).toContain('状态：已完成 · 逾期 5 天完成 · 完成时限：2026-04-20')
    // made private since it was chosen: its title only
    const c = fieldset(items.c)
    expect(c).toContain('侯口街道：干部作风问题')
    expect(c).not.toContain('状态')
    expect(c).not.toContain('承诺')
    const json = await client(app)('GET', `/api/rounds/${round}/recheck`)
    expect(json.json.items.find((i: { id: string }) => i.id === items.c)).toEqual({ id: items.c, title: '干部作风问题', unitId: ctx.units[0]!.id, unitName: '侯口街道', public: false })
    expect(json.json.items.find((i: { id: string }) => i.id === items.a)).toMatchObject({ public: true, status: 'in_progress', deadline: '2026-06-01', latest: { onDate: '2026-04-28' }, doneOn: null, doneLate: false })
    expect(json.json.items.find((i: { id: string }) => i.id === items.b)).toMatchObject({ status: 'done', deadline: '2026-04-20', doneOn: '2026-04-25', doneLate: true, daysLate: 5 })
    const english = (await (await form(`/e/${round}/recheck?lang=en`, [['code', typed]])).text()).replace(/<[^>]+>/g, '')
    expect(english).toContain('Status: Done · 5 days late · Deadline: 2026-04-20')

    // Nothing chosen: the message says what the rule is (any one item will do).
    const none = await form(`/e/${round}/recheck`, [['code', typed], ['step', 'answers']])
    expect(none.status).toBe(422)
    const noneHtml = await none.text()
    expect(noneHtml).toContain('<p class="alert" role="alert">请至少评价一项。</p>')
    expect(noneHtml).not.toContain('还有评议项目没有选择')

    const done = await form(`/e/${round}/recheck`, [['code', typed], ['step', 'answers'], [`a:${items.a}`, 'satisfied']])
    expect(done.status).toBe(201)
    const doneHtml = await done.text()
    expect(doneHtml).toContain('已收到您的评价，谢谢！')
    expect(doneHtml).toContain(`<a href="/e/${round}#c=${code}" id="recheck-back">返回继续评议</a>`)
    // the other item is left: the way back is offered there too
    const left = await (await form(`/e/${round}/recheck`, [['code', code], ['step', 'answers'], [`a:${items.b}`, 'basic'], [`a:${items.c}`, 'unknown']])).text()
    expect(left).toContain('已收到您的评价')
    const nothing = await (await form(`/e/${round}/recheck`, [['code', code]])).text()
    expect(nothing).toContain('已经全部评价过')
    expect(nothing).toContain(`<a href="/e/${round}#c=${code}" id="recheck-back">返回继续评议</a>`)
  })

  it('says how many days an item not done is past its deadline, counted as the board counts them', async () => {
    const db = database().db
    const round = rounds.codes
    const code = (await createBatch(db, testKeys, { roundId: round, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id], count: 1, label: '' })).codes[0]!
    const at = (iso: string) => createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, now: () => new Date(iso), ingest: { contextTtlMs: 0 } })
    const facts = async (iso: string, lang = 'zh-CN') => {
      const res = await at(iso).request(`/e/${round}/recheck?lang=${lang}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams([['code', code]]) })
      expect(res.status).toBe(200)
      const html = await res.text()
      const of = (id: string) => html.slice(html.lastIndexOf('<fieldset', html.indexOf(`name="a:${id}"`))).split('</fieldset>')[0]!.replace(/<[^>]+>/g, '')
      return { a: of(items.a), b: of(items.b) }
    }
    // a (in progress) is due 2026-06-01: 23:59:59 that day in Shanghai is still in time
    expect((await facts('2026-06-01T15:59:59Z')).a).toContain('状态：进行中 · 完成时限：2026-06-01')
    const dayAfter = await facts('2026-06-01T16:00:00Z')
    expect(dayAfter.a).toContain('状态：进行中 · 超期 1 天 · 完成时限：2026-06-01')
    // b was done (late): done items are never overdue
    expect(dayAfter.b).toContain('状态：已完成 · 逾期 5 天完成 · 完成时限：2026-04-20')
    expect(dayAfter.b).not.toContain('超期')
    expect((await facts('2026-06-01T16:00:00Z', 'en')).a).toContain('Status: In progress · 1 day overdue · Deadline: 2026-06-01')
    expect((await facts('2026-06-04T02:00:00Z', 'en')).a).toContain('Status: In progress · 3 days overdue · Deadline: 2026-06-01')

    // the JSON has the same figures as the board's and the console's items
    const later = client(at('2026-06-04T02:00:00Z'))
    const asked = (await later('GET', `/api/rounds/${round}/recheck`)).json.items as { id: string }[]
    expect(asked.find((i) => i.id === items.a)).toMatchObject({ status: 'in_progress', overdue: true, daysOverdue: 3 })
    expect(asked.find((i) => i.id === items.b)).toMatchObject({ status: 'done', overdue: false, daysOverdue: 0, doneLate: true, daysLate: 5 })
    const board = (await later('GET', `/api/board/${ctx.campaign.id}`)).json.items as { id: string }[]
    expect(board.find((i) => i.id === items.a)).toMatchObject({ overdue: true, daysOverdue: 3 })
  })
})
