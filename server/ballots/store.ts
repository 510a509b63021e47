import { type Kysely, sql } from 'kysely'
import { jsonb } from '../db/jsonb'
import type { Channel, Database } from '../db/schema'
import { ApiError } from '../errors'
import type { CheckedBallot } from './validity'

/**
 * Stores one ballot and brings its tallies up to date in one transaction; refuses with 409
 * when the round is not open at that moment (read under a share lock, so closing waits).
 */
export async function recordBallot(db: Kysely<Database>, roundId: string, channel: Channel, ballot: CheckedBallot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').select('status').where('id', '=', roundId).forShare().executeTakeFirst()
    if (round?.status !== 'open') throw new ApiError(409, 'round_not_open')
    await trx
      .insertInto('ballot')
      .values({
        round_id: roundId,
        unit_id: ballot.unitId,
        category_id: ballot.categoryId,
        channel,
        answers: jsonb(ballot.answers),
        opinion: ballot.opinion,
        valid: ballot.valid,
        invalid_reason: ballot.invalidReason,
      })
      .execute()
    if (ballot.valid) {
      await trx
        .insertInto('tally')
        .values(
          Object.entries(ballot.answers).map(([dimensionId, levelId]) => ({
            round_id: roundId,
            unit_id: ballot.unitId,
            category_id: ballot.categoryId,
            dimension_id: Number(dimensionId),
            level_id: levelId,
            n: 1,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['round_id', 'unit_id', 'category_id', 'dimension_id', 'level_id']).doUpdateSet({ n: sql`tally.n + excluded.n` }),
        )
        .execute()
    }
    await trx
      .insertInto('ballot_count')
      .values({ round_id: roundId, unit_id: ballot.unitId, category_id: ballot.categoryId, valid: ballot.valid ? 1 : 0, invalid: ballot.valid ? 0 : 1 })
      .onConflict((oc) =>
        oc.columns(['round_id', 'unit_id', 'category_id']).doUpdateSet({
          valid: sql`ballot_count.valid + excluded.valid`,
          invalid: sql`ballot_count.invalid + excluded.invalid`,
        }),
      )
      .execute()
  })
}
