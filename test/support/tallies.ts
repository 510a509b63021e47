import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'

/**
 * What the tables hold for one unit of a round: its ballots (counted valid and invalid, and
 * those still staged) and its tallies, a count per dimension and level in the order of
 * `ctx.dimensions` and `ctx.levels`. Read straight from the database, as only a test may: the
 * app shows these numbers only through the results, after the close and with small cells hidden.
 * @example (await unitTally(db, ctx, 0)).dimensions[0] // [3, 1, 0, 0]: 满意 3, 比较满意 1
 */
export async function unitTally(db: Kysely<Database>, ctx: RoundContext, unitIndex: number) {
  const unitId = ctx.units[unitIndex]!.id
  const [tally, counted, staged] = await Promise.all([
    db
      .selectFrom('tally')
      .select(['dimension_id', 'level_id', (eb) => eb.fn.sum<string>('n').as('n')])
      .where('round_id', '=', ctx.round.id)
      .where('unit_id', '=', unitId)
      .groupBy(['dimension_id', 'level_id'])
      .execute(),
    db
      .selectFrom('ballot_count')
      .select([(eb) => eb.fn.coalesce(eb.fn.sum<string>('valid'), eb.val('0')).as('valid'), (eb) => eb.fn.coalesce(eb.fn.sum<string>('invalid'), eb.val('0')).as('invalid')])
      .where('round_id', '=', ctx.round.id)
      .where('unit_id', '=', unitId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('staged_head').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', ctx.round.id).where('unit_id', '=', unitId).executeTakeFirstOrThrow(),
  ])
  const count = (dimensionId: number, levelId: number) => Number(tally.find((r) => r.dimension_id === dimensionId && r.level_id === levelId)?.n ?? 0)
  return {
    ballots: { valid: Number(counted.valid), invalid: Number(counted.invalid), pending: Number(staged.n) },
    dimensions: ctx.dimensions.map((d) => ctx.levels.map((l) => count(d.id, l.id))),
  }
}
