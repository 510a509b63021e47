import type { KyselyPlugin } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { voidBatch } from '../../server/codes/batches'
import { seedDemo } from '../../server/demo/seed'
import { recordSubmissions, type Submission } from '../../server/ingest/record'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { demoBatch, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoBallot } from '../support/demo'

/** Counts the queries a Kysely instance sends. */
function counting() {
  const state = { queries: 0 }
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      state.queries++
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return { state, plugin }
}

describeEachDatabase('codes checked inside the group commit', (database) => {
  let ctx: RoundContext
  let other: RoundContext
  beforeAll(async () => {
    ctx = await loadRoundContext(database().db, await seedDemo(database().db))
    other = await loadRoundContext(database().db, await seedDemo(database().db))
  })

  const ballot = async (code: string, unit: number, categoryId: string | null = null): Promise<Submission> => ({
    keyHash: await testKeys.hash('submission', crypto.randomUUID()),
    unitId: ctx.units[unit]!.id,
    categoryId,
    channel: 'mobile',
    answers: demoBallot(ctx).answers as Submission['answers'],
    opinion: null,
    valid: true,
    invalidReason: null,
    codeHash: await testKeys.hash('code', code),
    deviceHash: null,
  })

  it('answers live, listed, voided, unknown and foreign codes and named categories in one statement, storing only the accepted', async () => {
    const db = database().db
    const all = await demoBatch(db, ctx, 3)
    const listed = await demoBatch(db, ctx, 2, { units: [1, 2], category: 2 })
    const voided = await demoBatch(db, ctx, 1)
    await voidBatch(db, ctx.round.id, voided.id, new Date())
    const foreign = await demoBatch(db, other, 1)
    const items = [
      await ballot(all.codes[0]!, 0),
      await ballot(all.codes[0]!, 1),
      await ballot(listed.codes[0]!, 2),
      await ballot(listed.codes[0]!, 3),
      await ballot(voided.codes[0]!, 0),
      await ballot('ABCDE-FGHJK', 0),
      await ballot(foreign.codes[0]!, 0),
      await ballot(all.codes[1]!, 0, ctx.categories[1]!.id),
      await ballot(all.codes[2]!, 0, ctx.categories[2]!.id),
    ]
    const before = await stored(db)
    const { state, plugin } = counting()
    const { outcomes, staged } = await recordSubmissions(db.withPlugin(plugin), ctx.round.id, items, { keys: testKeys })
    expect(state.queries).toBe(1)
    expect(outcomes.map((o) => (o.status === 'counted' ? 'counted' : `${o.error.status} ${o.error.code}`))).toEqual([
      'counted',
      'counted',
      'counted',
      '403 code_wrong_unit',
      '403 code_invalid',
      '403 code_invalid',
      '403 code_invalid',
      'counted',
      '422 category_mismatch',
    ])
    expect(staged).toBe(4)
    const after = await stored(db)
    expect([after.ballots - before.ballots, after.codeUses - before.codeUses, after.submissions - before.submissions]).toEqual([4, 4, 4])
    // Each staged ballot carries its code's category, taken from the batch.
    const categories = await db
      .selectFrom('staged_head')
      .select(['unit_id', 'category_id'])
      .where('round_id', '=', ctx.round.id)
      .where('unit_id', '=', ctx.units[2]!.id)
      .execute()
    expect(categories).toEqual([{ unit_id: ctx.units[2]!.id, category_id: ctx.categories[2]!.id }])
  })
})
