import { beforeAll, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { client } from '../support/setup-api'

describeEachDatabase('closing a round', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
  })

  it('will not close over paper keyed and not counted unless told to leave it out, in the API and the console', async () => {
    const db = database().db
    const second = await demoApp(db) // a round of its own, so the test below keeps the first
    const round = second.ctx.round.id
    await db.updateTable('round').set({ channels: jsonb(['codes', 'paper', 'meeting']) }).where('id', '=', round).execute()
    const office = await loginAs(second.app, db, 'organiser', { campaignId: second.ctx.campaign.id })
    const as = client(second.app, office.headers)
    const clerk = client(second.app, (await loginAs(second.app, db, 'clerk', { campaignId: second.ctx.campaign.id, roundIds: [round] })).headers)
    const sitting = (await as('POST', `/api/rounds/${round}/sittings`, { name: '第一场评议大会', channel: 'meeting' })).json.sitting.id
    const keyed = (await as('POST', `/api/rounds/${round}/sittings/${sitting}/batches`, { name: '第1批' })).json.batch.id
    await as('POST', `/api/rounds/${round}/sittings/${sitting}/batches`, { name: '空批次' }) // never keyed: not in the way
    const sheet = { categoryId: second.ctx.categories[0]!.id, spoiled: false, cells: {} }
    for (const n of [1, 2]) expect((await clerk('PUT', `/api/rounds/${round}/paper-batches/${keyed}/sheets/${n}`, sheet)).status).toBe(200)

    const base = `/api/campaigns/${second.ctx.campaign.id}/rounds/${round}`
    const refused = await as('POST', `${base}/close`, {})
    expect(refused.status).toBe(409)
    expect(refused.json.error).toMatchObject({ code: 'paper_batches_pending', issues: [{ path: 'paper', message: '第一场评议大会 · 第1批' }] })
    expect(refused.json.error.message).toContain('还有纸质票批次没有提交计票')
    // the console says which, and offers to close anyway
    const page = await (await second.app.request(`/console/campaigns/${second.ctx.campaign.id}/rounds/${round}`, { headers: { cookie: office.cookie } })).text()
    expect(page).toContain('还有 1 个纸质票批次没有提交计票')
    expect(page).toContain('第一场评议大会 · 第1批：已录入 2 张，未提交计票')
    expect(page).not.toContain('空批次')
    const post = (fields: Record<string, string>) =>
      second.app.request(`/console/campaigns/${second.ctx.campaign.id}/rounds/${round}/close`, {
        method: 'POST',
        headers: { cookie: office.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: office.csrf, ...fields }).toString(),
      })
    const plain = await post({})
    expect(plain.status).toBe(409)
    expect(await plain.text()).toContain('请先提交计票，或确认不计入后再结束')
    expect((await db.selectFrom('round').select('status').where('id', '=', round).executeTakeFirstOrThrow()).status).toBe('open')
    expect((await post({ leavePaper: '1' })).status).toBe(303)
    expect((await db.selectFrom('round').select('status').where('id', '=', round).executeTakeFirstOrThrow()).status).toBe('closed')
    // the API's way: reopen, then close with leavePaper
    expect((await as('POST', `${base}/reopen`, {})).status).toBe(200)
    expect((await as('POST', `${base}/close`, { leavePaper: true })).status).toBe(200)
  })

  it('moves every ballot still in staging into the round and its tallies', async () => {
    const db = database().db
    for (const unit of [0, 1, 2]) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit }))).status).toBe(201)
    const staged = await db.selectFrom('staged_head').select('group_id').execute()
    expect(staged).toHaveLength(3)

    const closed = await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)
    expect(closed.status).toBe(200)
    expect(await db.selectFrom('staged_head').select('group_id').execute()).toEqual([])
    const ballots = await db.selectFrom('ballot').select('unit_id').where('round_id', '=', ctx.round.id).execute()
    expect(ballots.map((b) => b.unit_id).sort()).toEqual([ctx.units[0]!.id, ctx.units[1]!.id, ctx.units[2]!.id].sort())
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    const after = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: 3 }))
    expect(after.status).toBe(409)
  })
})
