import type { KeyedHasher } from '../codes/keyed-hash'
import type { Kysely, Transaction } from 'kysely'
import { recordAudit } from '../audit/record'
import type { CheckedBallot } from '../ballots/validity'
import { jsonb } from '../db/jsonb'
import type { Database, PaperBatchStatus, StagedBallotJson } from '../db/schema'
import { ApiError } from '../errors'
import { flushRound } from '../ingest/flush'
import { shuffle } from '../ingest/shuffle'
import type { RoundContext } from '../rounds/store'
import type { Actor } from './entry'
import { sheetsToBallots } from './sheets'
import { type BatchRow, batchReconciliation, isVoid, lockBatch, type SittingRow } from './store'

/**
 * Commits a reconciled batch, exactly once: its slips become ballots (same validity rule and
 * tallies as every channel) staged in random order and flushed with new random ids, and its
 * entries are deleted. A batch of a void sitting without a decision is held instead; a second
 * commit changes nothing. Returns the batch's status and whether this call changed it.
 */
export async function commitBatch(db: Kysely<Database>, keys: KeyedHasher, ctx: RoundContext, batchId: string, actor: Actor): Promise<{ status: PaperBatchStatus; changed: boolean }> {
  const outcome = await db.transaction().execute(async (trx) => {
    const sittingId = (await trx.selectFrom('paper_batch').select('sitting_id').where('id', '=', batchId).executeTakeFirstOrThrow()).sitting_id
    const sitting = await trx.selectFrom('sitting').selectAll().where('id', '=', sittingId).forUpdate().executeTakeFirstOrThrow()
    const batch = await lockBatch(trx, batchId)
    if (batch.status !== 'entering') return { status: batch.status, changed: false }
    const { result } = await batchReconciliation(trx, batchId)
    if (!result) throw new ApiError(409, 'paper_batch_not_double_keyed')
    if (!result.sheets) throw new ApiError(409, 'paper_batch_has_mismatches')
    if (sitting.handed_out === null || sitting.returned === null) throw new ApiError(409, 'register_incomplete')
    if (sitting.decision === 'rejected') throw new ApiError(409, 'sitting_rejected')
    const earlier = await trx.selectFrom('paper_batch').select('sheets').where('sitting_id', '=', sitting.id).where('status', 'in', ['held', 'committed']).execute()
    if (earlier.reduce((n, b) => n + b.sheets, 0) + result.sheets.length > sitting.returned) throw new ApiError(409, 'sheets_exceed_returned')
    const { ballots, totals } = sheetsToBallots(ctx, result.sheets)
    const hold = isVoid(sitting) && sitting.decision !== 'accepted'
    if (!hold) await stageBallots(trx, ctx.round.id, sitting, ballots)
    const status = hold ? 'held' : 'committed'
    await trx.updateTable('paper_batch').set({ status, ...totals }).where('id', '=', batchId).execute()
    if (!hold) await dropEntries(trx, batchId)
    await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: hold ? 'hold' : 'commit', entity: 'paper_batch', entityId: batchId, after: { sitting: sitting.id, ...totals, mismatches: result.mismatches.length }, at: actor.at })
    return { status, changed: true } as const
  })
  if (outcome.status === 'committed' && outcome.changed) await flushRound(db, ctx.round.id, { keys, max: 5000 })
  return outcome
}

/**
 * An organiser's decision on a void sitting (returned > handed out): accepting commits its held
 * batches now and lets later ones count; rejecting discards its held batches and refuses later
 * commits. Taken once, audited.
 */
export async function decideSitting(db: Kysely<Database>, keys: KeyedHasher, ctx: RoundContext, sittingId: string, decision: 'accept' | 'reject', actor: Actor): Promise<void> {
  const committed = await db.transaction().execute(async (trx) => {
    const sitting = await trx.selectFrom('sitting').selectAll().where('id', '=', sittingId).forUpdate().executeTakeFirstOrThrow()
    if (!isVoid(sitting)) throw new ApiError(409, 'sitting_not_void')
    if (sitting.decision !== null) throw new ApiError(409, 'sitting_decided')
    const held = await trx.selectFrom('paper_batch').selectAll().where('sitting_id', '=', sittingId).where('status', '=', 'held').orderBy('id').forUpdate().execute()
    let sheets = 0
    for (const batch of held) {
      sheets += batch.sheets
      if (decision === 'accept') await commitHeld(trx, ctx, sitting, batch)
      else await trx.updateTable('paper_batch').set({ status: 'rejected' }).where('id', '=', batch.id).execute()
      await dropEntries(trx, batch.id)
    }
    await trx.updateTable('sitting').set({ decision: decision === 'accept' ? 'accepted' : 'rejected' }).where('id', '=', sittingId).execute()
    await recordAudit(trx, {
      actor: actor.user,
      campaignId: actor.campaignId,
      action: decision,
      entity: 'sitting',
      entityId: sittingId,
      before: { handedOut: sitting.handed_out, returned: sitting.returned, decision: null },
      after: { decision: decision === 'accept' ? 'accepted' : 'rejected', batches: held.length, sheets },
      at: actor.at,
    })
    return decision === 'accept' && held.length > 0
  })
  if (committed) await flushRound(db, ctx.round.id, { keys, max: 5000 })
}

async function commitHeld(trx: Transaction<Database>, ctx: RoundContext, sitting: SittingRow, batch: BatchRow) {
  const { result } = await batchReconciliation(trx, batch.id)
  if (!result?.sheets) throw new ApiError(409, 'paper_batch_has_mismatches')
  await stageBallots(trx, ctx.round.id, sitting, sheetsToBallots(ctx, result.sheets).ballots)
  await trx.updateTable('paper_batch').set({ status: 'committed' }).where('id', '=', batch.id).execute()
}

/**
 * Puts ballots into the round's staging in random order (refused unless the round is open,
 * read under a share lock like every ballot); `flushRound` mixes them into `ballot`.
 */
async function stageBallots(trx: Transaction<Database>, roundId: string, sitting: SittingRow, ballots: CheckedBallot[]) {
  const round = await trx.selectFrom('round').select('status').where('id', '=', roundId).forShare().executeTakeFirst()
  if (round?.status !== 'open') throw new ApiError(409, 'round_not_open')
  const rows = shuffle(ballots).map(
    (b): StagedBallotJson => ({
      unit_id: b.unitId,
      category_id: b.categoryId,
      channel: sitting.channel,
      answers: b.answers,
      opinion: null,
      valid: b.valid,
      invalid_reason: b.invalidReason,
    }),
  )
  // What a foreign key did per ballot, once per category: deleting one waits for this transaction.
  const categories = [...new Set(rows.map((b) => b.category_id))]
  const live = categories.length ? await trx.selectFrom('evaluator_category').select('id').where('id', 'in', categories).forKeyShare().execute() : []
  if (live.length < categories.length) throw new ApiError(422, 'category_not_in_campaign')
  for (let start = 0; start < rows.length; start += 1000) {
    const group = rows.slice(start, start + 1000)
    const category_ids = [...new Set(group.map((b) => b.category_id))]
    await trx.insertInto('staged_group').values({ round_id: roundId, size: group.length, category_ids, ballots: jsonb(group) }).execute()
  }
}

/** The paper is the record: once a batch is settled its keyed slips and resolutions go. */
async function dropEntries(trx: Transaction<Database>, batchId: string) {
  await trx.deleteFrom('paper_entry').where('batch_id', '=', batchId).execute()
  await trx.deleteFrom('paper_resolution').where('batch_id', '=', batchId).execute()
}
