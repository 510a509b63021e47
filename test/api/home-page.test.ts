import { expect, it } from 'vitest'
import { loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { client } from '../support/setup-api'

/** The home page leads a visitor to what they may open: the form of an open round, public results. */
describeEachDatabase('home page', (database) => {
  it('links an open round to its form, a closed one to its public results only, and hides drafts', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const call = client(app, organiser.headers)
    const home = async (headers: Record<string, string> = {}) => (await app.request('/', { headers })).text()
    const round = `/api/campaigns/${ctx.campaign.id}/rounds`
    const draft = await call('POST', round, { name: '整改落实评议（草稿）', stage: 'rectification' })
    expect(draft.status).toBe(201)

    let page = await home()
    expect(page).toContain(`<a href="/e/${ctx.round.id}">参加评议</a>`)
    expect(page).toContain('正在评议')
    expect(page).not.toContain(`/results/rounds/${ctx.round.id}`)
    expect(page).not.toContain('整改落实评议（草稿）')
    expect(page).toContain('<a href="/login">工作人员登录</a>')
    // the other language one tap away, and it sticks (a cookie)
    expect(page).toContain('<a href="/lang/en?next=%2F" lang="en" hreflang="en">English</a>')
    const switched = await app.request('/lang/en?next=%2F')
    expect(switched.headers.get('location')).toBe('/')
    expect(await home({ cookie: 'lang=en' })).toContain('<a href="/lang/zh-CN?next=%2F" lang="zh-CN" hreflang="zh-CN">中文</a>')
    // An organiser watches an open round's turnout; its results wait for the close.
    expect(await home({ cookie: organiser.cookie })).toContain(`<a href="/results/rounds/${ctx.round.id}/turnout">实时回收情况（组织者）</a>`)
    expect(await home({ cookie: organiser.cookie })).not.toContain(`<a href="/results/rounds/${ctx.round.id}">`)

    // Closed and not yet public: nothing to open but the staff's own pages.
    expect((await call('POST', `${round}/${ctx.round.id}/close`, {})).status).toBe(200)
    page = await home()
    expect(page).toContain('评议已结束')
    expect(page).not.toContain(`/e/${ctx.round.id}`)
    expect(page).not.toMatch(/href="\/p\//)
    expect(await home({ cookie: organiser.cookie })).toContain(`<a href="/results/rounds/${ctx.round.id}">评议结果（组织者）</a>`)

    // Published to leaders only: still nothing public. Published to the public: its page.
    expect((await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { leaders: true } })).status).toBe(201)
    expect(await home()).not.toMatch(/href="\/p\//)
    const published = await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true } })
    expect(published.status).toBe(201)
    page = await home()
    expect(page).toContain(`<a href="/p/${published.json.slug}">评议结果</a>`)
    const publicPage = await app.request(`/p/${published.json.slug}?lang=zh-CN`)
    expect(publicPage.status).toBe(200)
    // its switch comes back to the page, not to the language the query forced
    expect(await publicPage.text()).toContain(`<a href="/lang/en?next=${encodeURIComponent(`/p/${published.json.slug}`)}" lang="en" hreflang="en">English</a>`)

    // Revoked: the link goes with it.
    await db.updateTable('publication').set({ revoked_at: new Date() }).where('slug', '=', published.json.slug).execute()
    expect(await home()).not.toContain(`/p/${published.json.slug}`)
  })
})
