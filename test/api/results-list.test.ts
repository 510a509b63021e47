import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { castSampleVotes, resultsReaders } from '../support/results-readers'
import { client } from '../support/setup-api'

/** Leaders and liaisons find the results published to them from the console, not by typing an address. */
describeEachDatabase('results list', (database) => {
  it('lists the rounds each reader may open, and the console links to it', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const { organiser, otherRoundId, who } = await resultsReaders(app, db, ctx)
    await castSampleVotes(app, ctx)
    const list = async (headers: Record<string, string>) => {
      const res = await app.request('/results', { headers: { ...headers, accept: 'text/html' } })
      return { status: res.status, location: res.headers.get('location'), html: res.status === 200 ? await res.text() : '' }
    }
    const listed = (html: string) => [...html.matchAll(/<li data-round="([0-9a-f-]{36})">/g)].map((m) => m[1])
    const inProgress = (html: string) => [...html.matchAll(/<li data-open-round="([0-9a-f-]{36})">/g)].map((m) => m[1])

    // Open round: nobody has results yet, but the organiser (and the leader) find it, with its live turnout.
    const open = (await list(organiser.headers)).html
    expect(listed(open)).toEqual([])
    expect(open).toContain('还没有您可以查看的结果。')
    expect(inProgress(open)).toEqual([ctx.round.id])
    expect(open).toContain('<h2>进行中的评议</h2>')
    expect(open).toContain(`<a href="/results/rounds/${ctx.round.id}/turnout">实时回收情况</a>`)
    expect(open).toContain('分析检查 · 进行中</small>')
    expect(await (await app.request('/results?lang=en', { headers: { ...organiser.headers, accept: 'text/html' } })).text()).toContain('<h2>Rounds in progress</h2>')
    expect(inProgress((await list(who.leader!)).html)).toEqual([ctx.round.id])
    for (const name of ['liaison', 'otherOrganiser']) expect(inProgress((await list(who[name]!)).html), name).toEqual([])
    const call = client(app, organiser.headers)
    expect((await call('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const closed = (await list(organiser.headers)).html
    expect(listed(closed)).toEqual([ctx.round.id])
    expect(inProgress(closed)).toEqual([])
    expect(closed).not.toContain('进行中的评议')
    expect(listed((await list(who.leader!)).html)).toEqual([])

    expect((await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true } })).status).toBe(201)
    const leader = await list(who.leader!)
    expect(listed(leader.html)).toEqual([ctx.round.id])
    expect(leader.html).toContain(`<a href="/results/rounds/${ctx.round.id}">分析检查报告群众评议</a>`)
    expect((await app.request(`/results/rounds/${ctx.round.id}`, { headers: who.leader })).status).toBe(200)
    // A liaison is not in a leaders-only audience; another campaign's organiser never sees this round.
    expect(listed((await list(who.liaison!)).html)).toEqual([])
    expect(listed((await list(who.otherOrganiser!)).html)).toEqual([otherRoundId])
    // The clerk has no results; the anonymous visitor is sent to log in.
    expect((await list(who.clerk!)).status).toBe(403)
    expect(await list({})).toMatchObject({ status: 302, location: '/login?next=%2Fresults' })

    const consoleHome = await (await app.request('/console', { headers: { ...who.leader!, accept: 'text/html' } })).text()
    expect(consoleHome).toContain('<a href="/results">评议结果</a>')
  })
})
