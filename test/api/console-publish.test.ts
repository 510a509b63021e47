import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { client } from '../support/setup-api'

/** Publishing from the console round page: plain form posts, as a browser without JavaScript sends them. */
describeEachDatabase('console: publish and revoke a round’s results', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  let leader: TestLogin
  let page: string

  const post = (login: TestLogin, path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    body.set('_csrf', login.csrf)
    return app.request(path, { method: 'POST', headers: { cookie: login.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  }
  const get = (login: TestLogin | null, path: string) => app.request(path, { headers: { accept: 'text/html', ...(login ? { cookie: login.cookie } : {}) } })
  const publications = () => database().db.selectFrom('publication').selectAll().where('round_id', '=', ctx.round.id).orderBy('published_at').execute()

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    leader = await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })
    page = `/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}`
    for (const unit of [0, 1, 2])
      for (let i = 0; i < 6; i++) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit, category: 2, level: i % 3 }))).status).toBe(201)
  })

  it('asks for a closed round first, and offers no bare “mark as published” button', async () => {
    const html = await (await get(organiser, page)).text()
    expect(html).toContain('评议结束后才能公布结果')
    expect(html).not.toContain('data-action="publish"')
    const res = await post(organiser, `${page}/publications`, { leaders: '1' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('评议结束后才能公布')
    expect(await publications()).toEqual([])
  })

  it('shows a bad 公示 window beside its field and keeps what was typed, writing nothing', async () => {
    expect((await client(app, organiser.headers)('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const res = await post(organiser, `${page}/publications`, { public: '1', 'window.start': '2026-12-10T09:00', 'window.end': '2026-12-01T09:00' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/id="window\.end-error">[^<]+</)
    expect(html).toContain('value="2026-12-10T09:00"')
    expect(html).toMatch(/name="public" value="1" checked/)
    expect(await publications()).toEqual([])
  })

  it('publishes to leaders, two units and the public with a window in Beijing time, audited, and lists it with its public page', async () => {
    const units = [ctx.units[0]!.id, ctx.units[2]!.id]
    const res = await post(organiser, `${page}/publications`, { leaders: '1', public: '1', units, 'window.start': '2026-12-01T08:00', 'window.end': '2027-12-31T18:00' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${page}?done=published#publications`)
    const [row] = await publications()
    expect(row).toMatchObject({ to_leaders: true, to_public: true, unit_ids: units, revoked_at: null })
    expect(new Date(row!.window_start!).toISOString()).toBe('2026-12-01T00:00:00.000Z')
    const round = await database().db.selectFrom('round').select('status').where('id', '=', ctx.round.id).executeTakeFirstOrThrow()
    expect(round.status).toBe('published')
    const audit = await database().db.selectFrom('audit_log').select('action').where('entity_id', '=', row!.id).execute()
    expect(audit).toEqual([{ action: 'publish' }])

    const html = await (await get(organiser, `${page}?done=published`)).text()
    expect(html).toContain('结果已公布')
    expect(html).toContain(row!.hash.slice(0, 12))
    expect(html).toContain(`href="/p/${row!.slug}"`)
    expect((await get(null, `/p/${row!.slug}`)).status).toBe(200)
    // the leader now reads it through the API
    expect((await client(app, leader.headers)('GET', `/api/results/rounds/${ctx.round.id}`)).status).toBe(200)
  })

  it('revokes from the page: the public page answers 404; leaders cannot publish or revoke', async () => {
    const [row] = await publications()
    expect((await post(leader, `${page}/publications`, { public: '1' })).status).toBe(403)
    expect((await post(leader, `${page}/publications/${row!.id}/revoke`, {})).status).toBe(403)
    expect((await get(null, `/p/${row!.slug}`)).status).toBe(200)
    const res = await post(organiser, `${page}/publications/${row!.id}/revoke`, {})
    expect(res.status).toBe(303)
    expect((await get(null, `/p/${row!.slug}`)).status).toBe(404)
    const html = await (await get(organiser, `${page}?done=revoked`)).text()
    expect(html).toContain('该次公布已撤销')
    expect(html).toContain('已撤销')
    // an id of no publication of this round
    expect((await post(organiser, `${page}/publications/00000000-0000-4000-8000-000000000000/revoke`, {})).status).toBe(404)
  })
})
