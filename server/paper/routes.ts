import { type Context, Hono } from 'hono'
import { assertClerkRound, currentUser, requireUser } from '../auth/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { loadRoundContext, type RoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { commitBatch, decideSitting } from './commit'
import { type Actor, finishPass, myPass, putSheet, removeLastSheet } from './entry'
import { resolveMismatches } from './resolve'
import { DecisionBody, NewBatchBody, NewSittingBody, RegisterBody, ResolutionsBody, SheetBody, SheetNumber } from './schemas'
import { assertSheetFits } from './sheets'
import { createBatch, createSitting, updateRegister } from './sittings'
import { batchOf, batchReconciliation, listSittings, sittingOf } from './store'

/**
 * The round of the URL, for someone who may work on its paper ballots: a clerk given this round,
 * an organiser of its campaign (`organiserOnly`: organisers alone). Everyone else, and any id
 * swapped in the URL, gets 403 before anything about the round is read.
 */
export async function paperRound(c: Context<AppEnv>, organiserOnly = false): Promise<{ ctx: RoundContext; actor: Actor }> {
  const user = currentUser(c)
  const campaignId = await assertClerkRound(c.get('db'), user, c.req.param('round') ?? '')
  if (organiserOnly && user.role !== 'organiser') throw new ApiError(403, 'forbidden')
  const ctx = await loadRoundContext(c.get('db'), c.req.param('round') ?? '')
  return { ctx, actor: { user: { id: user.id, name: user.name }, campaignId, at: c.get('now')() } }
}

function sheetParam(c: Context<AppEnv>): number {
  return parseOrThrow(SheetNumber, c.req.param('sheet'), c.get('lang'))
}

/** The state of a batch for the one asking: the register of its sitting, the keyings, their own slips, and the mismatches once two keyings are done. */
export async function batchState(c: Context<AppEnv>, ctx: RoundContext, batchId: string) {
  const db = c.get('db')
  const { batch } = await batchOf(db, ctx.round.id, batchId)
  const sitting = (await listSittings(db, ctx.round.id)).find((s) => s.id === batch.sitting_id)!
  const { result } = await batchReconciliation(db, batch.id)
  const user = currentUser(c)
  const mine = await myPass(db, batch.id, user.id)
  // A third keyer must key the disputed slips from the paper, not from the first two keyings:
  // until their own keying is finished they see where the keyings disagree, not the values.
  const blind = user.role !== 'organiser' && !(mine && (mine.pass < 3 || mine.done))
  const mismatches = result ? (blind ? result.mismatches.map((m) => ({ ...m, first: null, second: null, third: null, resolved: null })) : result.mismatches) : null
  return {
    sitting: { ...sitting, batches: undefined },
    batch: sitting.batches.find((b) => b.id === batch.id)!,
    mine,
    mismatches,
    reconciled: result ? result.sheets !== null : false,
  }
}

/**
 * Paper ballots and meetings, under `/api/rounds/:round`: sittings with their register,
 * batches keyed twice, mismatches settled, batches committed once. Clerks of the round and
 * organisers of its campaign; deciding on void sittings and settling mismatches: organisers.
 */
export const paperRoutes = new Hono<AppEnv>()
  .use('/:round/sittings', requireUser('clerk', 'organiser'))
  .use('/:round/sittings/*', requireUser('clerk', 'organiser'))
  .use('/:round/paper-batches/*', requireUser('clerk', 'organiser'))
  .get('/:round/sittings', async (c) => {
    const { ctx } = await paperRound(c)
    return c.json({ sittings: await listSittings(c.get('db'), ctx.round.id) })
  })
  .post('/:round/sittings', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const id = await createSitting(c.get('db'), ctx, await jsonBody(c, NewSittingBody), actor)
    return c.json({ sitting: (await listSittings(c.get('db'), ctx.round.id)).find((s) => s.id === id) }, 201)
  })
  .patch('/:round/sittings/:sitting', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const body = await jsonBody(c, RegisterBody)
    const id = await updateRegister(c.get('db'), ctx, c.req.param('sitting'), body, actor)
    return c.json({ sitting: (await listSittings(c.get('db'), ctx.round.id)).find((s) => s.id === id) })
  })
  .post('/:round/sittings/:sitting/decision', async (c) => {
    const { ctx, actor } = await paperRound(c, true)
    const sitting = await sittingOf(c.get('db'), ctx.round.id, c.req.param('sitting'))
    const body = await jsonBody(c, DecisionBody)
    await decideSitting(c.get('db'), c.get('keys'), ctx, sitting.id, body.decision, actor)
    return c.json({ sitting: (await listSittings(c.get('db'), ctx.round.id)).find((s) => s.id === sitting.id) })
  })
  .post('/:round/sittings/:sitting/batches', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const id = await createBatch(c.get('db'), ctx, c.req.param('sitting'), await jsonBody(c, NewBatchBody), actor)
    return c.json(await batchState(c, ctx, id), 201)
  })
  .get('/:round/paper-batches/:batch', async (c) => {
    const { ctx } = await paperRound(c)
    return c.json(await batchState(c, ctx, c.req.param('batch')))
  })
  .put('/:round/paper-batches/:batch/sheets/:sheet', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    const n = sheetParam(c)
    const sheet = await jsonBody(c, SheetBody)
    assertSheetFits(ctx, sheet)
    return c.json(await putSheet(c.get('db'), actor, batch.id, n, sheet))
  })
  .delete('/:round/paper-batches/:batch/sheets/:sheet', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    return c.json(await removeLastSheet(c.get('db'), actor, batch.id, sheetParam(c)))
  })
  .post('/:round/paper-batches/:batch/done', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    await finishPass(c.get('db'), actor, batch.id)
    return c.json(await batchState(c, ctx, batch.id))
  })
  .post('/:round/paper-batches/:batch/resolutions', async (c) => {
    const { ctx, actor } = await paperRound(c, true)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    await resolveMismatches(c.get('db'), ctx, batch.id, await jsonBody(c, ResolutionsBody), actor)
    return c.json(await batchState(c, ctx, batch.id))
  })
  .post('/:round/paper-batches/:batch/commit', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    const outcome = await commitBatch(c.get('db'), c.get('keys'), ctx, batch.id, actor)
    return c.json({ ...outcome, ...(await batchState(c, ctx, batch.id)) })
  })
