import { beforeEach, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

/**
 * Close → read results → reopen → one ballot → close → read again: each view is suppressed
 * under k on its own, yet their difference is the one ballot cast in between (the code batch's
 * live `uses`, or the slip register, says whose). So a round whose results anyone has read
 * does not reopen, nor one whose ballots' opinions were imported; one nobody has read still may
 * (closed too early by mistake).
 */
describeEachDatabase('anonymity: a round whose results were read does not reopen', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeEach(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
  })

  const step = (action: 'close' | 'reopen') => postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/${action}`, {}, organiser.headers)
  const vote = async (level: number) => expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: 0, level }))).status).toBe(201)
  const roundPage = async () => (await app.request(`/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}`, { headers: organiser.headers })).text()

  it('refuses to reopen once the results were read, says why on the round page, and leaves the round closed', async () => {
    for (let i = 0; i < 6; i++) await vote(0)
    expect((await step('close')).status).toBe(200)
    expect((await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })).status).toBe(200)

    const refused = await step('reopen')
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('round_results_read')
    const round = await database().db.selectFrom('round').select('status').where('id', '=', ctx.round.id).executeTakeFirstOrThrow()
    expect(round.status).toBe('closed')
    // no ballot can slip in between two views
    expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: 0, level: 3 }))).status).toBe(409)

    const page = await roundPage()
    expect(page).not.toContain('data-action="reopen"')
    expect(page).toContain('id="no-reopen"')
    expect(page).toContain('本次评议的结果或意见已经有人查看过，不能重新开启')
  })

  it('refuses to reopen once its ballots’ opinions were imported (imported once, they would leave out those cast after)', async () => {
    for (let i = 0; i < 6; i++) await vote(0)
    expect((await step('close')).status).toBe(200)
    const imported = await postJson(app, `/api/tracking/${ctx.campaign.id}/opinion-imports`, { roundId: ctx.round.id }, organiser.headers)
    expect(imported.status).toBe(201)
    const refused = await step('reopen')
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('round_results_read')
    expect(await roundPage()).toContain('id="no-reopen"')
  })

  it('still reopens a round closed by mistake before anyone read its results', async () => {
    for (let i = 0; i < 6; i++) await vote(0)
    expect((await step('close')).status).toBe(200)
    expect(await roundPage()).toContain('data-action="reopen"')
    expect((await step('reopen')).status).toBe(200)
    await vote(3)
    expect((await step('close')).status).toBe(200)
  })
})
