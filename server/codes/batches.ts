import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { generateCodes } from './generate'
import type { KeyedHasher } from './keyed-hash'
import { hashCodes } from './store'

export interface NewBatch {
  roundId: string
  categoryId: string
  /** 'all' for every unit of the round, else the units this batch may rate. */
  units: 'all' | string[]
  count: number
  label?: string
  reissueOf?: string | null
}

/** A batch with its counts: how many codes were issued and how many have rated at least one unit. */
export interface BatchSummary {
  id: string
  label: string
  categoryId: string
  allUnits: boolean
  unitIds: string[]
  issued: number
  used: number
  /** Ballots cast with the batch's codes (one per code and unit). */
  uses: number
  voided: boolean
  reissueOf: string | null
  createdAt: Date
}

/** Called inside the transaction that makes a change, with the batch id: the audit record. */
export type BatchAudit = (trx: Transaction<Database>, batchId: string) => Promise<void>

/**
 * Makes a batch of new codes and stores only their keyed hashes, in one transaction (with its
 * audit record). Returns the plain codes: the only moment they exist outside a printed slip.
 * The hashes are inserted in hash order, so row order says nothing about print order.
 */
export async function createBatch(db: Kysely<Database>, keys: KeyedHasher, batch: NewBatch, audit?: BatchAudit): Promise<{ id: string; codes: string[] }> {
  const codes = generateCodes(batch.count)
  const hashes = (await hashCodes(keys, codes)).sort()
  return db.transaction().execute(async (trx) => {
    const id = await insertBatch(trx, batch, hashes)
    await audit?.(trx, id)
    return { id, codes }
  })
}

async function insertBatch(trx: Transaction<Database>, batch: NewBatch, hashes: string[]): Promise<string> {
  const round = await trx.selectFrom('round').select(['campaign_id', 'status']).where('id', '=', batch.roundId).forShare().executeTakeFirst()
  if (!round) throw new ApiError(404, 'round_not_found')
  if (round.status === 'closed' || round.status === 'published') throw new ApiError(409, 'round_not_open')
  const category = await trx.selectFrom('evaluator_category').select('id').where('id', '=', batch.categoryId).where('campaign_id', '=', round.campaign_id).executeTakeFirst()
  if (!category) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
  if (batch.units !== 'all') {
    const inRound = await trx.selectFrom('round_unit').select('unit_id').where('round_id', '=', batch.roundId).where('unit_id', 'in', batch.units).execute()
    if (inRound.length !== new Set(batch.units).size) throw new ApiError(422, 'unit_not_in_round', [{ path: 'units' }])
  }
  const row = await trx
    .insertInto('code_batch')
    .values({
      round_id: batch.roundId,
      category_id: batch.categoryId,
      label: batch.label ?? '',
      all_units: batch.units === 'all',
      issued: hashes.length,
      reissue_of: batch.reissueOf ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (batch.units !== 'all') await trx.insertInto('code_batch_unit').values([...new Set(batch.units)].map((unit_id) => ({ batch_id: row.id, unit_id }))).execute()
  for (let start = 0; start < hashes.length; start += 5000) {
    await trx
      .insertInto('access_code')
      .values(hashes.slice(start, start + 5000).map((code_hash) => ({ code_hash, batch_id: row.id })))
      .execute()
  }
  return row.id
}

/** The round's batches, oldest first, with issued / used counts (never which code made which ballot). */
export async function listBatches(db: Kysely<Database>, roundId: string): Promise<BatchSummary[]> {
  const rows = await db
    .selectFrom('code_batch as b')
    .select([
      'b.id',
      'b.label',
      'b.category_id',
      'b.all_units',
      'b.issued',
      'b.voided_at',
      'b.reissue_of',
      'b.created_at',
      sql<string>`(SELECT count(DISTINCT u.code_hash) FROM code_use u JOIN access_code a ON a.code_hash = u.code_hash WHERE a.batch_id = b.id)`.as('used'),
      sql<string>`(SELECT count(*) FROM code_use u JOIN access_code a ON a.code_hash = u.code_hash WHERE a.batch_id = b.id)`.as('uses'),
      sql<string[]>`coalesce((SELECT array_agg(bu.unit_id::text ORDER BY bu.unit_id) FROM code_batch_unit bu WHERE bu.batch_id = b.id), '{}')`.as('unit_ids'),
    ])
    .where('b.round_id', '=', roundId)
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    categoryId: r.category_id,
    allUnits: r.all_units,
    unitIds: r.unit_ids,
    issued: r.issued,
    used: Number(r.used),
    uses: Number(r.uses),
    voided: r.voided_at !== null,
    reissueOf: r.reissue_of,
    createdAt: r.created_at,
  }))
}

/**
 * Voids a batch: its codes stop working at once (a ballot in flight either committed before,
 * or is refused: submissions read the batch under a share lock). Ballots already cast stay.
 */
export async function voidBatch(db: Kysely<Database>, roundId: string, batchId: string, at: Date, audit?: BatchAudit): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await voidIn(trx, roundId, batchId, at)
    await audit?.(trx, batchId)
  })
}

async function voidIn(trx: Transaction<Database>, roundId: string, batchId: string, at: Date): Promise<void> {
  const row = await trx.updateTable('code_batch').set({ voided_at: at }).where('id', '=', batchId).where('round_id', '=', roundId).where('voided_at', 'is', null).returning('id').executeTakeFirst()
  if (row) return
  const exists = await trx.selectFrom('code_batch').select('id').where('id', '=', batchId).where('round_id', '=', roundId).executeTakeFirst()
  if (!exists) throw new ApiError(404, 'batch_not_found')
}

/**
 * Reissues a batch (lost or leaked slips) in one transaction: voids it and makes a new batch
 * of the same scope, category and size. Used codes of the old batch keep their ballots; the
 * new codes cannot know which units the old ones rated, so reissue to people who had not voted.
 */
export async function reissueBatch(db: Kysely<Database>, keys: KeyedHasher, roundId: string, batchId: string, at: Date, audit?: BatchAudit): Promise<{ id: string; codes: string[] }> {
  const old = (await listBatches(db, roundId)).find((b) => b.id === batchId)
  if (!old) throw new ApiError(404, 'batch_not_found')
  const codes = generateCodes(old.issued)
  const hashes = (await hashCodes(keys, codes)).sort()
  return db.transaction().execute(async (trx) => {
    await voidIn(trx, roundId, batchId, at)
    const id = await insertBatch(trx, { roundId, categoryId: old.categoryId, units: old.allUnits ? 'all' : old.unitIds, label: old.label, reissueOf: old.id, count: old.issued }, hashes)
    await audit?.(trx, id)
    return { id, codes }
  })
}
