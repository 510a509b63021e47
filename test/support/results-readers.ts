import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'
import type { App } from '../../server/app'
import { loginAs, type TestLogin } from './auth'
import { demoBallot, postJson } from './demo'

/** Request headers of one signed-in reader (empty for an anonymous caller). */
export type Headers = Record<string, string>

/**
 * Who the results routes are tested against: the demo campaign's organiser, and every other
 * kind of caller — anonymous, a leader and a liaison (of the first unit's subtree) of the
 * campaign, a clerk of its round, and the organiser of another campaign, which has a closed
 * round of its own (`otherRoundId`).
 */
export async function resultsReaders(app: App, db: Kysely<Database>, ctx: RoundContext): Promise<{ organiser: TestLogin; otherRoundId: string; who: Record<string, Headers> }> {
  const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
  const campaign = await db.insertInto('campaign').values({ name: '另一个活动' }).returning('id').executeTakeFirstOrThrow()
  const form = await db.insertInto('form').values({ campaign_id: campaign.id, name: '表' }).returning('id').executeTakeFirstOrThrow()
  const otherRoundId = (await db.insertInto('round').values({ campaign_id: campaign.id, form_id: form.id, name: '别的评议', stage: 'analysis', status: 'closed' }).returning('id').executeTakeFirstOrThrow()).id
  const who: Record<string, Headers> = {
    anonymous: {},
    leader: (await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })).headers,
    liaison: (await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[0]!.id })).headers,
    clerk: (await loginAs(app, db, 'clerk', { campaignId: ctx.campaign.id, roundIds: [ctx.round.id] })).headers,
    otherOrganiser: (await loginAs(app, db, 'organiser', { campaignId: campaign.id })).headers,
  }
  return { organiser, otherRoundId, who }
}

/**
 * The ballots the results tests share, as (unit, category, level, times), sent through the API:
 * 侯口街道: 6 两代表一委员 all 满意; 8 基层党员群众代表, 6 满意 and 2 比较满意; 2 社会公众 不太满意
 * (under k = 5, so suppressed). 侯口村: 5 满意, 5 不满意. 东湖村: 10 比较满意.
 */
export const SAMPLE_VOTES: [unit: number, category: number, level: number, times: number][] = [
  [0, 2, 0, 6],
  [0, 4, 0, 6],
  [0, 4, 1, 2],
  [0, 6, 2, 2],
  [1, 2, 0, 5],
  [1, 4, 3, 5],
  [2, 2, 1, 5],
  [2, 4, 1, 5],
]

/** Sends `SAMPLE_VOTES` to the demo round; every ballot must be counted (201). */
export async function castSampleVotes(app: App, ctx: RoundContext): Promise<void> {
  for (const [unit, category, level, times] of SAMPLE_VOTES)
    for (let i = 0; i < times; i++) {
      const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { unit, category, level }))
      if (res.status !== 201) throw new Error(`sample ballot answered ${res.status}: ${await res.text()}`)
    }
}
