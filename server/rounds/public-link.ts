import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import type { RoundChannel } from '../db/schema'
import { ApiError } from '../errors'

/**
 * The category a round's public-link ballots count under when the voter names none: the one
 * named 社会公众 (the seeds' public) where the campaign has it, else its last category; null
 * when it has none yet. The same rule as migration 046.
 */
export async function defaultPublicCategory(db: Db, campaignId: string): Promise<string | null> {
  const row = await db
    .selectFrom('evaluator_category')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .orderBy(sql`name = '社会公众'`, 'desc')
    .orderBy('position', 'desc')
    .orderBy('name', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.id ?? null
}

/** The round's public-link category, or null when it has no public link. */
export async function publicLinkCategory(db: Db, roundId: string): Promise<string | null> {
  const row = await db.selectFrom('public_link').select('category_id').where('round_id', '=', roundId).executeTakeFirst()
  return row?.category_id ?? null
}

/**
 * Keeps a round's public link with its channels: none without the 'public' channel; with it, a
 * link counted under `requested` (a category of the campaign, else 422), or under the link's
 * current category, or the default (none yet when the campaign has no category: opening the
 * round calls this again and makes it then). `requested` null asks for the default again.
 * Call inside a transaction.
 */
export async function syncPublicLink(db: Db, campaignId: string, roundId: string, channels: readonly RoundChannel[], requested?: string | null): Promise<void> {
  if (!channels.includes('public')) {
    await db.deleteFrom('public_link').where('round_id', '=', roundId).execute()
    return
  }
  let categoryId: string | null
  if (requested) {
    const found = await db.selectFrom('evaluator_category').select('id').where('campaign_id', '=', campaignId).where('id', '=', requested).executeTakeFirst()
    if (!found) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'publicCategoryId' }])
    categoryId = found.id
  } else {
    categoryId = (requested === undefined ? await publicLinkCategory(db, roundId) : null) ?? (await defaultPublicCategory(db, campaignId))
  }
  if (!categoryId) return
  await db
    .insertInto('public_link')
    .values({ round_id: roundId, category_id: categoryId })
    .onConflict((oc) => oc.column('round_id').doUpdateSet({ category_id: categoryId }))
    .execute()
}
