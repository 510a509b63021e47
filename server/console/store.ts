import type { Kysely } from 'kysely'
import type { SessionUser } from '../auth/guard'
import type { Database } from '../db/schema'

/** The names behind a user's scope, for the console's landing page. */
export interface ScopeSummary {
  campaign: string | null
  unit: string | null
  rounds: { id: string; name: string }[]
}

/** Looks up the campaign, unit and (for clerks) round names a user works on. */
export async function scopeSummary(db: Kysely<Database>, user: SessionUser): Promise<ScopeSummary> {
  const campaign = user.campaignId
    ? await db.selectFrom('campaign').select('name').where('id', '=', user.campaignId).executeTakeFirst()
    : undefined
  const unit = user.unitId ? await db.selectFrom('unit').select('name').where('id', '=', user.unitId).executeTakeFirst() : undefined
  const rounds =
    user.role === 'clerk'
      ? await db
          .selectFrom('clerk_round')
          .innerJoin('round', 'round.id', 'clerk_round.round_id')
          .select(['round.id', 'round.name'])
          .where('clerk_round.user_id', '=', user.id)
          .orderBy('round.created_at')
          .execute()
      : []
  return { campaign: campaign?.name ?? null, unit: unit?.name ?? null, rounds }
}
