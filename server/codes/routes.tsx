import { type Context, Hono } from 'hono'
import { assertCampaignAccess, currentUser, requireUser } from '../auth/guard'
import { recordAudit } from '../audit/record'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { linkOrigin } from '../request'
import { loadRoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { type BatchAudit, createBatch, listBatches, reissueBatch, voidBatch } from './batches'
import { codesCsv } from './csv'
import { formatCode } from './generate'
import { NewBatchBody, ReissueBody } from './schemas'
import { SlipsPage } from './slips-page'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function organiserRound(c: Context<AppEnv>) {
  const ctx = await loadRoundContext(c.get('db'), c.req.param('round') ?? '')
  assertCampaignAccess(currentUser(c), ctx.round.campaign_id)
  return ctx
}

function batchParam(c: Context<AppEnv>): string {
  const id = c.req.param('batch') ?? ''
  if (!UUID.test(id)) throw new ApiError(404, 'batch_not_found')
  return id
}

/** The audit record of a batch change, written in the transaction that makes it (never with codes). */
export function audit(c: Context<AppEnv>, campaignId: string, action: string, after: unknown): BatchAudit {
  return (trx, batchId) => recordAudit(trx, { actor: currentUser(c), campaignId, action, entity: 'access_code_batch', entityId: batchId, after, at: c.get('now')() })
}

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
}

/** Hands back freshly made codes once, as JSON, a CSV download or the printable slips. Never cached. */
export function codesResponse(
  c: Context<AppEnv>,
  format: 'json' | 'csv' | 'slips',
  batch: { id: string; codes: string[] },
  roundName: string,
  categoryName: string,
  roundId: string,
  /** The console's round page, for the slips page's way back. */
  back?: string,
) {
  c.header('Cache-Control', 'no-store')
  const origin = linkOrigin(c)
  if (format === 'csv') {
    // ASCII for old clients; the round and category in the name browsers show (RFC 6266).
    c.header('Content-Disposition', `attachment; filename="codes-${batch.id}.csv"; filename*=UTF-8''${encodeURIComponent(`${roundName}-${categoryName}-评议码.csv`)}`)
    return c.body(codesCsv(origin, roundId, batch.codes), 201, { 'content-type': 'text/csv; charset=utf-8' })
  }
  if (format === 'slips') return c.html(<SlipsPage lang={c.get('lang')} origin={origin} roundId={roundId} roundName={roundName} categoryName={categoryName} codes={batch.codes} back={back} />, 201)
  return c.json({ batch: { id: batch.id }, codes: batch.codes.map(formatCode) }, 201)
}

/**
 * Organisers' access code batches of a round (all audited; codes never in the audit log):
 * `POST /:round/code-batches` make a batch (codes returned once: json, csv or slips),
 * `GET /:round/code-batches` batches with issued / used counts,
 * `POST /:round/code-batches/:batch/void`, `POST /:round/code-batches/:batch/reissue`.
 */
export const codeBatchRoutes = new Hono<AppEnv>()
  .post('/:round/code-batches', requireUser('organiser'), async (c) => {
    const ctx = await organiserRound(c)
    const body = parseOrThrow(NewBatchBody, await jsonBody(c), c.get('lang'))
    const category = ctx.categories.find((k) => k.id === body.categoryId)
    if (!category) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
    const after = { categoryId: body.categoryId, units: body.units, count: body.count, label: body.label }
    const batch = await createBatch(c.get('db'), c.get('keys'), { roundId: ctx.round.id, ...body }, audit(c, ctx.round.campaign_id, 'create', after))
    return codesResponse(c, body.format, batch, ctx.round.name, category.name, ctx.round.id)
  })
  .get('/:round/code-batches', requireUser('organiser'), async (c) => {
    const ctx = await organiserRound(c)
    return c.json({ batches: await listBatches(c.get('db'), ctx.round.id) })
  })
  .post('/:round/code-batches/:batch/void', requireUser('organiser'), async (c) => {
    const ctx = await organiserRound(c)
    const batchId = batchParam(c)
    await voidBatch(c.get('db'), ctx.round.id, batchId, c.get('now')(), audit(c, ctx.round.campaign_id, 'void', { voided: true }))
    return c.json({ batch: (await listBatches(c.get('db'), ctx.round.id)).find((b) => b.id === batchId) })
  })
  .post('/:round/code-batches/:batch/reissue', requireUser('organiser'), async (c) => {
    const ctx = await organiserRound(c)
    const batchId = batchParam(c)
    const body = parseOrThrow(ReissueBody, await jsonBody(c), c.get('lang'))
    const batch = await reissueBatch(c.get('db'), c.get('keys'), ctx.round.id, batchId, c.get('now')(), audit(c, ctx.round.campaign_id, 'reissue', { reissueOf: batchId }))
    const made = (await listBatches(c.get('db'), ctx.round.id)).find((b) => b.id === batch.id)
    const categoryName = ctx.categories.find((k) => k.id === made?.categoryId)?.name ?? ''
    return codesResponse(c, body.format, batch, ctx.round.name, categoryName, ctx.round.id)
  })
