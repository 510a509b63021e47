import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/record'
import type { Database } from '../db/schema'
import { ApiError, type Issue } from '../errors'
import type { RoundContext } from '../rounds/store'
import type { Actor } from './entry'
import type { ResolutionsBody } from './schemas'
import { batchReconciliation, lockBatch } from './store'

/** Whether `value` may stand in `field` of a slip of this round. */
function fits(ctx: RoundContext, field: string, value: string): boolean {
  if (field === 'present' || field === 'spoiled') return value === '' || value === '1'
  if (field === 'category') return value === '' || ctx.categories.some((k) => k.id === value)
  return value === '' || ctx.levels.some((l) => String(l.id) === value)
}

/**
 * An organiser settles mismatched fields of a batch (looking at the paper): each item must name
 * a field on which the first two keyings disagree, with a value the slip can hold. All or
 * nothing; each settled field is audited with both keyed values and the one chosen.
 */
export async function resolveMismatches(db: Kysely<Database>, ctx: RoundContext, batchId: string, body: ResolutionsBody, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = await lockBatch(trx, batchId)
    if (batch.status !== 'entering') throw new ApiError(409, 'paper_batch_closed')
    const { result } = await batchReconciliation(trx, batchId)
    if (!result) throw new ApiError(409, 'paper_batch_not_double_keyed')
    const byKey = new Map(result.mismatches.map((m) => [`${m.sheet}|${m.field}`, m]))
    const issues: Issue[] = []
    body.items.forEach((item, i) => {
      if (!byKey.has(`${item.sheet}|${item.field}`)) issues.push({ path: `items.${i}.field` })
      else if (!fits(ctx, item.field, item.value)) issues.push({ path: `items.${i}.value` })
    })
    if (issues.length > 0) throw new ApiError(422, 'paper_resolution_invalid', issues)
    for (const item of body.items) {
      const m = byKey.get(`${item.sheet}|${item.field}`)!
      await trx
        .insertInto('paper_resolution')
        .values({ batch_id: batchId, sheet: item.sheet, field: item.field, value: item.value })
        .onConflict((oc) => oc.columns(['batch_id', 'sheet', 'field']).doUpdateSet({ value: item.value }))
        .execute()
      await recordAudit(trx, {
        actor: actor.user,
        campaignId: actor.campaignId,
        action: 'resolve',
        entity: 'paper_batch',
        entityId: batchId,
        before: { sheet: item.sheet, field: item.field, first: m.first, second: m.second, third: m.third, resolved: m.resolved },
        after: { value: item.value },
        at: actor.at,
      })
    }
  })
}
