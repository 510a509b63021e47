import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import { ApiError } from '../errors'
import type { CategoriesBody } from './schemas'

/** A category as the API shows it; weight in percent. */
export interface CategoryView {
  id: string
  name: string
  weight: number
  position: number
}

/** The campaign's categories in order. */
export async function listCategories(db: Db, campaignId: string): Promise<CategoryView[]> {
  const rows = await db.selectFrom('evaluator_category').select(['id', 'name', 'weight', 'position']).where('campaign_id', '=', campaignId).orderBy('position').execute()
  return rows.map((r) => ({ ...r, weight: Number(r.weight) }))
}

const isForeignKeyViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: string }).code === '23503'

/**
 * Replaces the campaign's categories with `body` (keeping rows by id); a category left out
 * that ballots or codes use is a 409 `category_in_use`. Call inside a transaction.
 */
export async function replaceCategories(db: Db, campaignId: string, body: CategoriesBody): Promise<CategoryView[]> {
  const current = await listCategories(db, campaignId)
  const currentIds = new Set(current.map((c) => c.id))
  for (const item of body.categories) if (item.id && !currentIds.has(item.id)) throw new ApiError(404, 'category_not_found')
  const keep = new Set(body.categories.map((c) => c.id).filter(Boolean))
  const drop = current.filter((c) => !keep.has(c.id)).map((c) => c.id)
  if (drop.length > 0) {
    const used = await db.selectFrom('ballot_count').select('category_id').where('category_id', 'in', drop).limit(1).executeTakeFirst()
    if (used) throw new ApiError(409, 'category_in_use')
    try {
      await db.deleteFrom('evaluator_category').where('id', 'in', drop).execute()
      // After the delete, which waited for any group commit staging these categories: staged
      // ballots have no foreign key (043), so look for them; the caller's transaction rolls back.
      const staged = await db.selectFrom('staged_group').select('id').where(sql<boolean>`category_ids && cast(ARRAY[${sql.join(drop)}] AS uuid[])`).limit(1).executeTakeFirst()
      if (staged) throw new ApiError(409, 'category_in_use')
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new ApiError(409, 'category_in_use')
      throw error
    }
  }
  // Names are unique per campaign: park kept rows under temporary names before renaming.
  const kept = body.categories.filter((c) => c.id)
  for (const item of kept) await db.updateTable('evaluator_category').set({ name: `~${item.id}` }).where('id', '=', item.id as string).execute()
  for (const [position, item] of body.categories.entries()) {
    if (item.id) await db.updateTable('evaluator_category').set({ name: item.name, weight: item.weight, position }).where('id', '=', item.id).execute()
    else await db.insertInto('evaluator_category').values({ campaign_id: campaignId, name: item.name, weight: item.weight, position }).execute()
  }
  return listCategories(db, campaignId)
}
