import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database, PaperBatchStatus, PaperChannel } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { type PassSheets, reconcile } from './reconcile'

export type Db = Kysely<Database> | Transaction<Database>
export type SittingRow = Selectable<Database['sitting']>
export type BatchRow = Selectable<Database['paper_batch']>

/** The void rule: more slips returned than handed out (收回票数多于发出票数). */
export function isVoid(s: Pick<SittingRow, 'handed_out' | 'returned'>): boolean {
  return s.handed_out !== null && s.returned !== null && s.returned > s.handed_out
}

/** A batch as the console and the API show it. Never the clerks' entries of another pass. */
export interface BatchView {
  id: string
  name: string
  status: PaperBatchStatus
  sheets: number
  valid: number
  invalid: number
  blank: number
  passes: { pass: number; userName: string | null; done: boolean; sheets: number }[]
}

/** A sitting with its register: counted by hand (handed out, returned) and from its committed or held batches. */
export interface SittingView {
  id: string
  name: string
  channel: PaperChannel
  handedOut: number | null
  returned: number | null
  /** Slips of committed batches, and of batches held until a decision on a void sitting. */
  valid: number
  invalid: number
  blank: number
  held: number
  returnRate: number | null
  void: boolean
  decision: 'accepted' | 'rejected' | null
  batches: BatchView[]
}

/** The sittings of a round with their registers and batches, oldest first. */
export async function listSittings(db: Db, roundId: string): Promise<SittingView[]> {
  const sittings = await db.selectFrom('sitting').selectAll().where('round_id', '=', roundId).orderBy('created_at').orderBy('name').execute()
  if (sittings.length === 0) return []
  const batches = await db.selectFrom('paper_batch').selectAll().where('sitting_id', 'in', sittings.map((s) => s.id)).orderBy('created_at').orderBy('name').execute()
  const passes = batches.length
    ? await db
        .selectFrom('paper_pass')
        .leftJoin('app_user', 'app_user.id', 'paper_pass.user_id')
        .select((eb) => [
          'paper_pass.batch_id',
          'paper_pass.pass',
          'paper_pass.done',
          'app_user.name',
          eb.selectFrom('paper_entry').select((e) => e.fn.countAll<string>().as('n')).whereRef('paper_entry.batch_id', '=', 'paper_pass.batch_id').whereRef('paper_entry.pass', '=', 'paper_pass.pass').as('sheets'),
        ])
        .where('paper_pass.batch_id', 'in', batches.map((b) => b.id))
        .orderBy('paper_pass.pass')
        .execute()
    : []
  return sittings.map((s) => {
    const own = batches.filter((b) => b.sitting_id === s.id)
    const counted = own.filter((b) => b.status === 'committed' || b.status === 'held')
    const sum = (key: 'valid' | 'invalid' | 'blank') => counted.reduce((n, b) => n + b[key], 0)
    return {
      id: s.id,
      name: s.name,
      channel: s.channel,
      handedOut: s.handed_out,
      returned: s.returned,
      valid: sum('valid'),
      invalid: sum('invalid'),
      blank: sum('blank'),
      held: own.filter((b) => b.status === 'held').reduce((n, b) => n + b.sheets, 0),
      returnRate: s.handed_out && s.returned !== null ? s.returned / s.handed_out : null,
      void: isVoid(s),
      decision: s.decision,
      batches: own.map((b) => ({
        id: b.id,
        name: b.name,
        status: b.status,
        sheets: b.sheets,
        valid: b.valid,
        invalid: b.invalid,
        blank: b.blank,
        passes: passes.filter((p) => p.batch_id === b.id).map((p) => ({ pass: p.pass, userName: p.name, done: p.done, sheets: Number(p.sheets ?? 0) })),
      })),
    }
  })
}

/** A sitting of this round, or 404 (an id of another round's sitting included). */
export async function sittingOf(db: Db, roundId: string, sittingId: string | undefined, lock = false): Promise<SittingRow> {
  if (!isUuid(sittingId)) throw new ApiError(404, 'sitting_not_found')
  let query = db.selectFrom('sitting').selectAll().where('id', '=', sittingId).where('round_id', '=', roundId)
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row) throw new ApiError(404, 'sitting_not_found')
  return row
}

/** A batch of a sitting of this round, or 404 (another round's batch included). */
export async function batchOf(db: Db, roundId: string, batchId: string | undefined): Promise<{ batch: BatchRow; sitting: SittingRow }> {
  if (!isUuid(batchId)) throw new ApiError(404, 'paper_batch_not_found')
  const batch = await db
    .selectFrom('paper_batch')
    .innerJoin('sitting', 'sitting.id', 'paper_batch.sitting_id')
    .selectAll('paper_batch')
    .where('paper_batch.id', '=', batchId)
    .where('sitting.round_id', '=', roundId)
    .executeTakeFirst()
  if (!batch) throw new ApiError(404, 'paper_batch_not_found')
  const sitting = await db.selectFrom('sitting').selectAll().where('id', '=', batch.sitting_id).executeTakeFirstOrThrow()
  return { batch, sitting }
}

/** Locks a batch row (after its sitting, in that order everywhere) and returns it fresh. */
export function lockBatch(trx: Transaction<Database>, batchId: string): Promise<BatchRow> {
  return trx.selectFrom('paper_batch').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirstOrThrow()
}

/** The keyings of a batch, by pass number, with their slips. */
export async function loadPasses(db: Db, batchId: string) {
  const passes = await db.selectFrom('paper_pass').selectAll().where('batch_id', '=', batchId).orderBy('pass').execute()
  const entries = await db.selectFrom('paper_entry').selectAll().where('batch_id', '=', batchId).orderBy('pass').orderBy('sheet').execute()
  const sheets = new Map<number, PassSheets>()
  for (const p of passes) sheets.set(p.pass, new Map())
  for (const e of entries) sheets.get(e.pass)?.set(e.sheet, { categoryId: e.category_id ?? '', spoiled: e.spoiled, cells: e.cells })
  return { passes, sheets }
}

/** The mismatches of a batch whose first two keyings are done (null before), and its reconciled slips if none is open. */
export async function batchReconciliation(db: Db, batchId: string) {
  const { passes, sheets } = await loadPasses(db, batchId)
  const done = (n: number) => passes.some((p) => p.pass === n && p.done)
  if (!done(1) || !done(2)) return { passes, sheets, result: null }
  const rows = await db.selectFrom('paper_resolution').select(['sheet', 'field', 'value']).where('batch_id', '=', batchId).execute()
  const resolutions = new Map(rows.map((r) => [`${r.sheet}|${r.field}`, r.value]))
  const result = reconcile([sheets.get(1)!, sheets.get(2)!, done(3) ? sheets.get(3) : undefined], resolutions)
  return { passes, sheets, result }
}

/** A batch not yet counted: slips keyed but not committed, or held on a void sitting's decision. */
export interface PendingBatch {
  name: string
  sitting: string
  status: 'entering' | 'held'
  /** Slips keyed so far (the most any pass keyed), or those the batch holds. */
  sheets: number
}

/**
 * The round's paper batches that closing would leave uncounted (paper is committed only while
 * the round is open): keyed and not committed, or held. A batch created and never keyed is not one.
 */
export async function pendingBatches(db: Db, roundId: string): Promise<PendingBatch[]> {
  const rows = await db
    .selectFrom('paper_batch')
    .innerJoin('sitting', 'sitting.id', 'paper_batch.sitting_id')
    .leftJoin('paper_entry', 'paper_entry.batch_id', 'paper_batch.id')
    .select(['paper_batch.name', 'sitting.name as sitting', 'paper_batch.status', 'paper_batch.sheets', (eb) => eb.fn.max('paper_entry.sheet').as('keyed')])
    .where('sitting.round_id', '=', roundId)
    .where('paper_batch.status', 'in', ['entering', 'held'])
    .groupBy(['paper_batch.id', 'paper_batch.name', 'sitting.name', 'paper_batch.status', 'paper_batch.sheets', 'paper_batch.created_at'])
    .orderBy('paper_batch.created_at')
    .execute()
  return rows
    .map((r) => ({ name: r.name, sitting: r.sitting, status: r.status as PendingBatch['status'], sheets: r.status === 'held' ? r.sheets : Number(r.keyed ?? 0) }))
    .filter((b) => b.status === 'held' || b.sheets > 0)
}
