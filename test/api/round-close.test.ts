import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { tallyMismatches } from '../support/integrity'

describeEachDatabase('closing a round', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
  })

  it('moves every ballot still in staging into the round and its tallies', async () => {
    const db = database().db
    for (const unit of [0, 1, 2]) expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit }))).status).toBe(201)
    const staged = await db.selectFrom('staged_ballot').select('group_id').execute()
    expect(staged).toHaveLength(3)

    const closed = await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)
    expect(closed.status).toBe(200)
    expect(await db.selectFrom('staged_ballot').select('group_id').execute()).toEqual([])
    const ballots = await db.selectFrom('ballot').select('unit_id').where('round_id', '=', ctx.round.id).execute()
    expect(ballots.map((b) => b.unit_id).sort()).toEqual([ctx.units[0]!.id, ctx.units[1]!.id, ctx.units[2]!.id].sort())
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    const after = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit: 3 }))
    expect(after.status).toBe(409)
  })
})
