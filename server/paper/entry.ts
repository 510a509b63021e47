import type { Kysely, Transaction } from 'kysely'
import { type AuditActor, recordAudit } from '../audit/record'
import { jsonb } from '../db/jsonb'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import type { Sheet } from './reconcile'
import { batchReconciliation, lockBatch } from './store'

/** Who keys, when, and in which campaign (for the audit log). */
export interface Actor {
  user: AuditActor & { id: string }
  campaignId: string
  at: Date
}

/**
 * The pass the user keys in this batch: theirs if they began one; else the first free of the
 * first two; else a third keying, only once both are done and a mismatch is still open. The same
 * person never keys a batch twice (409 `paper_pass_taken`).
 */
async function passFor(trx: Transaction<Database>, batchId: string, userId: string, create: boolean): Promise<{ pass: number; done: boolean } | null> {
  const passes = await trx.selectFrom('paper_pass').select(['pass', 'user_id', 'done']).where('batch_id', '=', batchId).execute()
  const mine = passes.find((p) => p.user_id === userId)
  if (mine) return { pass: mine.pass, done: mine.done }
  if (!create) return null
  const taken = new Set(passes.map((p) => p.pass))
  let pass = !taken.has(1) ? 1 : !taken.has(2) ? 2 : 0
  if (pass === 0 && !taken.has(3)) {
    const { result } = await batchReconciliation(trx, batchId)
    if (result && !result.sheets) pass = 3
  }
  if (pass === 0) throw new ApiError(409, 'paper_pass_taken')
  await trx.insertInto('paper_pass').values({ batch_id: batchId, pass, user_id: userId }).execute()
  return { pass, done: false }
}

async function openBatch(trx: Transaction<Database>, batchId: string) {
  const batch = await lockBatch(trx, batchId)
  if (batch.status !== 'entering') throw new ApiError(409, 'paper_batch_closed')
  return batch
}

async function sheetCount(trx: Transaction<Database>, batchId: string, pass: number): Promise<number> {
  const row = await trx.selectFrom('paper_entry').select((eb) => eb.fn.countAll<string>().as('n')).where('batch_id', '=', batchId).where('pass', '=', pass).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Stores slip `n` of the user's keying of a batch (the next one, or one already keyed, which is
 * then a correction and audited without its content). Slips are numbered without gaps.
 */
export async function putSheet(db: Kysely<Database>, actor: Actor, batchId: string, n: number, sheet: Sheet): Promise<{ pass: number; sheets: number }> {
  return db.transaction().execute(async (trx) => {
    await openBatch(trx, batchId)
    const mine = (await passFor(trx, batchId, actor.user.id, true))!
    if (mine.done) throw new ApiError(409, 'paper_pass_done')
    const count = await sheetCount(trx, batchId, mine.pass)
    const row = { category_id: sheet.categoryId || null, spoiled: sheet.spoiled, cells: jsonb(sheet.cells) }
    const before = await trx.selectFrom('paper_entry').select(['category_id', 'spoiled', 'cells']).where('batch_id', '=', batchId).where('pass', '=', mine.pass).where('sheet', '=', n).executeTakeFirst()
    if (before) {
      const same = (before.category_id ?? '') === sheet.categoryId && before.spoiled === sheet.spoiled && JSON.stringify(sortCells(before.cells)) === JSON.stringify(sortCells(sheet.cells))
      if (!same) {
        await trx.updateTable('paper_entry').set(row).where('batch_id', '=', batchId).where('pass', '=', mine.pass).where('sheet', '=', n).execute()
        await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: 'correct_sheet', entity: 'paper_batch', entityId: batchId, after: { pass: mine.pass, sheet: n }, at: actor.at })
      }
      return { pass: mine.pass, sheets: count }
    }
    // The first two keyings number slips without gaps; a third keys only the slips in dispute.
    if (mine.pass < 3 && n !== count + 1) throw new ApiError(422, 'paper_sheet_gap', [{ path: 'sheet' }])
    await trx.insertInto('paper_entry').values({ batch_id: batchId, pass: mine.pass, sheet: n, ...row }).execute()
    return { pass: mine.pass, sheets: count + 1 }
  })
}

function sortCells(cells: Sheet['cells']) {
  return Object.keys(cells)
    .sort()
    .map((unit) => [unit, Object.entries(cells[unit]!).sort(([a], [b]) => Number(a) - Number(b))])
}

/** Removes the last slip of the user's keying (an extra slip keyed by mistake; any slip of a third keying); audited. */
export async function removeLastSheet(db: Kysely<Database>, actor: Actor, batchId: string, n: number): Promise<{ pass: number; sheets: number }> {
  return db.transaction().execute(async (trx) => {
    await openBatch(trx, batchId)
    const mine = await passFor(trx, batchId, actor.user.id, false)
    if (!mine) throw new ApiError(404, 'paper_sheet_not_found')
    if (mine.done) throw new ApiError(409, 'paper_pass_done')
    const count = await sheetCount(trx, batchId, mine.pass)
    if (mine.pass < 3 && n !== count) throw new ApiError(409, 'paper_sheet_not_last')
    const removed = await trx.deleteFrom('paper_entry').where('batch_id', '=', batchId).where('pass', '=', mine.pass).where('sheet', '=', n).executeTakeFirst()
    if (removed.numDeletedRows === 0n) throw new ApiError(404, 'paper_sheet_not_found')
    await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: 'remove_sheet', entity: 'paper_batch', entityId: batchId, after: { pass: mine.pass, sheet: n }, at: actor.at })
    return { pass: mine.pass, sheets: count - 1 }
  })
}

/** Marks the user's keying finished: it can no longer change, and the comparison can start. */
export async function finishPass(db: Kysely<Database>, actor: Actor, batchId: string): Promise<{ pass: number; sheets: number }> {
  return db.transaction().execute(async (trx) => {
    await openBatch(trx, batchId)
    const mine = await passFor(trx, batchId, actor.user.id, false)
    const count = mine ? await sheetCount(trx, batchId, mine.pass) : 0
    if (!mine || count === 0) throw new ApiError(409, 'paper_pass_empty')
    if (!mine.done) {
      await trx.updateTable('paper_pass').set({ done: true }).where('batch_id', '=', batchId).where('pass', '=', mine.pass).execute()
      await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: 'finish_pass', entity: 'paper_batch', entityId: batchId, after: { pass: mine.pass, sheets: count }, at: actor.at })
    }
    return { pass: mine.pass, sheets: count }
  })
}

/** The user's own keying of a batch (to resume on another page load), or null. */
export async function myPass(db: Kysely<Database>, batchId: string, userId: string) {
  const pass = await db.selectFrom('paper_pass').select(['pass', 'done']).where('batch_id', '=', batchId).where('user_id', '=', userId).executeTakeFirst()
  if (!pass) return null
  const entries = await db.selectFrom('paper_entry').select(['sheet', 'category_id', 'spoiled', 'cells']).where('batch_id', '=', batchId).where('pass', '=', pass.pass).orderBy('sheet').execute()
  return { pass: pass.pass, done: pass.done, sheets: entries.map((e) => ({ categoryId: e.category_id ?? '', spoiled: e.spoiled, cells: e.cells })) }
}
