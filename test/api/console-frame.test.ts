import { beforeAll, expect, it } from 'vitest'
import type { TestLogin } from '../support/auth'
import { loginAs } from '../support/auth'
import { navFor } from '../../server/console/nav'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import type { RoundContext } from '../../server/rounds/store'
import { client, type TestApp } from '../support/setup-api'

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ''

// The console's frame: every page's title names the page, its campaign and the product once;
// a refused form says what is wrong at its top, linked to the fields; the results pages keep
// the console around them for every role that reads results, each with its own sections, and
// stay the public's for everyone else; public pages carry the product's name in their titles too.
describeEachDatabase('console frame: titles, error summaries, results in the console', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let organiser: TestLogin
  let leader: TestLogin
  let liaison: TestLogin
  let slug: string
  const html = { accept: 'text/html' }
  const get = async (who: TestLogin | null, path: string) => {
    const res = await app.request(path, { headers: { ...html, ...(who ? { cookie: who.cookie } : {}) } })
    return { status: res.status, html: await res.text() }
  }
  const post = (who: TestLogin, path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries({ _csrf: who.csrf, ...fields })) for (const v of [value].flat()) body.append(key, v)
    return app.request(path, { method: 'POST', headers: { ...html, cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  }

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id, name: '周主任' })
    leader = await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id, name: '王书记' })
    liaison = await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[0]!.id, name: '李联络' })
  })

  it('titles each page once with the product: page · campaign · 评议', async () => {
    const campaign = ctx.campaign.name
    const base = `/console/campaigns/${ctx.campaign.id}`
    const titles = {
      '/login': '登录 · 评议',
      '/console': '概览 · 评议',
      '/console/audit': '操作日志 · 评议',
      [base]: `概况 · ${campaign} · 评议`,
      [`${base}/rounds`]: `评议轮次 · ${campaign} · 评议`,
      [`${base}/rounds/${ctx.round.id}`]: `${ctx.round.name} · ${campaign} · 评议`,
      '/results': '评议结果 · 评议',
      [`/results/rounds/${ctx.round.id}/turnout`]: `${ctx.round.name} · 实时回收情况 · 评议`,
    }
    for (const [path, title] of Object.entries(titles)) {
      const page = await get(path === '/login' ? null : organiser, path)
      expect(titleOf(page.html), path).toBe(title)
      // the product once in the title and once in the header
      expect(titleOf(page.html).split(' · ').filter((part) => part === '评议'), path).toHaveLength(1)
      if (path !== '/login') expect(page.html.match(/评议 Pingyi|评议管理后台/g), path).toBeNull()
    }
    const english = await get(organiser, `${base}/rounds?lang=en`)
    expect(titleOf(english.html)).toBe(`Rounds · ${campaign} · Pingyi`)
    expect(english.html).toContain('<a class="brand" href="/console">Pingyi · Console</a>')
    expect((await get(organiser, '/console')).html).toContain('<a class="brand" href="/console">评议 · 管理后台</a>')
  })

  it('sums up a refused form at its top, each error linked to its field by its label, and keeps what was typed', async () => {
    const rounds = `/console/campaigns/${ctx.campaign.id}/rounds`
    const res = await post(organiser, rounds, { name: '整改落实测评', stage: 'rectification', 'formula.rankingMeasure': 'satisfaction', 'formula.minGroupSize': '0', 'formula.remedialThreshold': '150' })
    expect(res.status).toBe(422)
    const page = await res.text()
    const summary = /<div class="error-summary"[^>]*>([^]*?)<\/div>/.exec(page)
    expect(summary?.[0]).toMatch(/^<div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus="" aria-labelledby="error-summary-title">/)
    expect(summary?.[1]).toContain('<h2 id="error-summary-title">提交的内容有问题，请修改以下各项：</h2>')
    const links = [...(summary?.[1] ?? '').matchAll(/<a href="#([^"]+)" data-for="[^"]+">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])
    expect(links).toEqual([
      ['channels-error', '评议方式：不能为空'],
      ['formula.minGroupSize-error', '最少票数 k：数值过小'],
      ['formula.remedialThreshold-error', '补课线：数值过大'],
    ])
    // each link's target is the error beside its field, which the field points to
    for (const [target] of links) expect(page).toContain(`id="${target}"`)
    expect(page).toContain('aria-describedby="formula.minGroupSize-error"')
    // the summary comes before the form's fields, and what was typed is kept
    expect(page.indexOf('id="error-summary"')).toBeLessThan(page.indexOf('name="name"'))
    expect(page).toContain('name="name" value="整改落实测评"')
    expect(page).toContain('<option value="rectification" selected="">')

    const english = await (await post(organiser, `${rounds}?lang=en`, { name: 'x', stage: 'analysis', channels: 'codes', 'formula.rankingMeasure': 'satisfaction', 'formula.minGroupSize': '0' })).text()
    expect(english).toContain('<h2 id="error-summary-title">There is a problem. Please correct the following:</h2>')
    expect(english).toMatch(/<a href="#formula\.minGroupSize-error" data-for="formula\.minGroupSize">Minimum group size k: [^<]+<\/a>/)

    // other console forms get it too: the campaign form, named by its labels
    const office = await loginAs(app, database().db, 'organiser')
    const campaign = await (await post(office, '/console/campaigns', { name: '', batch: 'x'.repeat(101) })).text()
    expect(campaign).toMatch(/<a href="#name-error" data-for="name">活动名称：[^<]+<\/a>/)
    expect(campaign).toMatch(/<a href="#batch-error" data-for="batch">批次（如 第一批）：[^<]+<\/a>/)
  })

  it('frames the results pages in the console for organisers, with a way back to the round', async () => {
    const call = client(app, organiser.headers)
    expect((await call('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const published = await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true, units: [ctx.units[0]!.id], public: true } })
    expect(published.status).toBe(201)
    slug = published.json.slug
    const back = `/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}`
    for (const path of ['/results', `/results/rounds/${ctx.round.id}`, `/results/rounds/${ctx.round.id}/report`, `/results/rounds/${ctx.round.id}/turnout`, `/results/units/${ctx.units[0]!.id}`, '/results/compare']) {
      const page = await get(organiser, path)
      expect(page.status, path).toBe(200)
      expect(page.html, path).toContain('<header class="console-bar no-print"><a class="brand" href="/console">评议 · 管理后台</a>')
      expect(page.html, path).toContain('<span class="user" data-role="organiser">周主任 · 活动办公室</span>')
      expect(page.html, path).toContain('<a href="/results" aria-current="page">评议结果</a>')
      expect(page.html, path).toContain('<form method="post" action="/logout" class="logout">')
      expect(page.html, path).not.toContain('class="results-bar')
    }
    const round = (await get(organiser, `/results/rounds/${ctx.round.id}`)).html
    expect(round).toContain(`<a href="/console/campaigns/${ctx.campaign.id}">${ctx.campaign.name}</a> › <a href="${back}">${ctx.round.name}</a>`)
    // the public reads it as its audience: the slim header, no console
    const open = await get(null, `/results/rounds/${ctx.round.id}`)
    expect(open.status).toBe(200)
    expect(open.html).toContain('<header class="results-bar no-print">')
    expect(open.html).not.toContain('console-bar')
  })

  it('frames the results pages in the console for leaders and liaisons too, with only the sections they may open', async () => {
    const round = `/results/rounds/${ctx.round.id}`
    const readers = [
      { who: leader, user: '王书记 · 领导', sections: ['/console', '/results', '/console/tracking/opinions', '/console/tracking/items', '/console/password'], paths: ['/results', round, `${round}/report`, `${round}/turnout`, `/results/units/${ctx.units[0]!.id}`, '/results/compare'] },
      { who: liaison, user: '李联络 · 单位联络员', sections: ['/console', '/results', '/console/tracking/opinions', '/console/tracking/items', '/console/password'], paths: ['/results', round, `${round}/report`, `/results/units/${ctx.units[0]!.id}`, '/results/compare'] },
    ]
    for (const { who, user, sections, paths } of readers) {
      const role = who.user.role
      expect(navFor(role).map((item) => item.href), role).toEqual(sections)
      for (const path of paths) {
        const page = await get(who, path)
        expect(page.status, `${role} ${path}`).toBe(200)
        expect(page.html, path).toContain('<header class="console-bar no-print"><a class="brand" href="/console">评议 · 管理后台</a>')
        expect(page.html, path).toContain(`<span class="user" data-role="${role}">${user}</span>`)
        const nav = /<nav class="console-sections no-print"[^>]*>([^]*?)<\/nav>/.exec(page.html)?.[1] ?? ''
        expect([...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]), `${role} ${path}`).toEqual(sections)
        expect(nav, path).toContain('<a href="/results" aria-current="page">')
        expect(page.html, path).toContain('<form method="post" action="/logout" class="logout">')
        expect(page.html, path).not.toContain('class="results-bar')
        // the campaign's console pages are the organisers': no way back that would be refused
        expect(page.html, path).not.toContain('/console/campaigns')
      }
      // every section shown opens for the role (a section may first send it on to its campaign's page)
      for (const href of sections) {
        const res = await app.request(href, { headers: { ...html, cookie: who.cookie } })
        expect([200, 303], `${role} ${href}`).toContain(res.status)
        const target = res.headers.get('location') ?? href
        expect((await get(who, target)).status, `${role} ${target}`).toBe(200)
      }
    }
    // the hall screen is not the liaison's: refused as before
    expect((await get(liaison, `${round}/turnout`)).status).toBe(403)
  })

  it("keeps the console around a signed-in user's error pages in the console and the results, with the way back to the overview", async () => {
    const errors = [
      { who: organiser, path: '/console/no-such-page', status: 404, code: 'not_found' },
      // another campaign than the one this organiser's scope names
      { who: organiser, path: `/console/campaigns/${crypto.randomUUID()}`, status: 403, code: 'forbidden' },
      { who: organiser, path: '/results/no-such-page', status: 404, code: 'not_found' },
      { who: liaison, path: `/results/rounds/${ctx.round.id}/turnout`, status: 403, code: 'forbidden' },
      { who: liaison, path: '/console/audit', status: 403, code: 'forbidden' },
    ]
    for (const { who, path, status, code } of errors) {
      const page = await get(who, path)
      expect(page.status, path).toBe(status)
      expect(titleOf(page.html), path).toBe('出错了 · 评议')
      expect(page.html, path).toContain('<header class="console-bar"><a class="brand" href="/console">评议 · 管理后台</a>')
      expect(page.html, path).toContain(`<span class="user" data-role="${who.user.role}">`)
      expect(page.html, path).toContain('<form method="post" action="/logout" class="logout">')
      expect(page.html, path).toContain(`<p class="alert" data-code="${code}">`)
      expect(page.html, path).toContain('<a href="/console">返回概览</a></p>')
      // the role's own sections only
      const nav = /<nav class="side"[^>]*>([^]*?)<\/nav>/.exec(page.html)?.[1] ?? ''
      expect([...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]), path).toEqual(navFor(who.user.role).map((item) => item.href))
    }
    // in English as the user chose
    expect((await get(organiser, '/console/no-such-page?lang=en')).html).toContain('<a href="/console">Back to the overview</a></p>')
    // the public's, the evaluator's and the API's errors stay as they were
    for (const path of ['/console/no-such-page', `/e/${crypto.randomUUID()}`]) {
      const page = await get(path.startsWith('/e/') ? organiser : null, path)
      expect(page.status, path).toBe(404)
      expect(page.html, path).not.toContain('console-bar')
      expect(page.html, path).toContain('<a href="/">')
    }
    const api = await app.request(`/api/results/rounds/${crypto.randomUUID()}`, { headers: { ...html, cookie: organiser.cookie } })
    expect(api.status).toBe(403)
    expect((await api.json()).error.code).toBe('forbidden')
  })

  it('titles the public pages with the product as the console does: page · 评议, or · Pingyi in English', async () => {
    const campaign = ctx.campaign.name
    const titles = {
      [`/p/${slug}`]: `${ctx.round.name} · ${campaign} · 评议`,
      [`/board/${ctx.campaign.id}`]: `整改落实公示 · ${campaign} · 评议`,
      [`/e/${ctx.round.id}`]: `${ctx.round.name} · 评议`,
      [`/e/${ctx.round.id}/recheck`]: `整改是否到位 · ${ctx.round.name} · 评议`,
      '/p/no-such-page': '出错了 · 评议',
    }
    for (const [path, title] of Object.entries(titles)) {
      const page = await get(null, path)
      expect(page.status, path).toBe(path === '/p/no-such-page' ? 404 : 200)
      expect(titleOf(page.html), path).toBe(title)
    }
    expect(titleOf((await get(null, `/p/${slug}?lang=en`)).html)).toBe(`${ctx.round.name} · ${campaign} · Pingyi`)
    expect(titleOf((await get(null, `/e/${ctx.round.id}?lang=en`)).html)).toBe(`${ctx.round.name} · Pingyi`)
    expect(titleOf((await get(null, '/p/no-such-page?lang=en')).html)).toBe('Something went wrong · Pingyi')
  })
})
