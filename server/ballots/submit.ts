import type { Context } from 'hono'
import { normalizeCode } from '../codes/generate'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { deviceOf } from '../ingest/device'
import type { Submission } from '../ingest/record'
import type { RoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { BallotBody } from './schemas'
import { checkBallot } from './validity'

type Access = { categoryId: string; code: Submission['code']; deviceHash: string | null } | { error: ApiError }

/** What became of one ballot of a request: counted (now or by an earlier copy), or refused. */
export type BallotResult = { status: 'counted'; valid: boolean } | { status: 'refused'; error: unknown }

/**
 * The evaluator's submission, shared by the JSON API and the no-JavaScript form: schema,
 * limits, code or public link, the frozen form's rules, then the exactly-once ingest.
 * Resolves once the ballot is durable; throws an ApiError saying why it was refused.
 */
export async function submitBallot(c: Context<AppEnv>, roundId: string, raw: unknown): Promise<{ valid: boolean }> {
  const [result] = await submitBallots(c, roundId, [raw])
  if (result!.status === 'refused') throw result!.error
  return { valid: result!.valid }
}

/**
 * Several ballots of one request (a delegate's grid, an offline queue), each checked on its
 * own, then handed to the ingest together so that they join one group commit: one statement
 * and one commit for the grid, not one for its first ballot and another for the rest.
 * One result per ballot, in order.
 */
export async function submitBallots(c: Context<AppEnv>, roundId: string, raws: unknown[]): Promise<BallotResult[]> {
  const checked = await Promise.allSettled(raws.map((raw) => checkSubmission(c, roundId, raw)))
  const ready = checked.flatMap((r) => (r.status === 'fulfilled' && 'submission' in r.value ? [r.value] : []))
  const outcomes = ready.length
    ? await c.get('ingest').submitAll(
        ready[0]!.roundId,
        ready.map((r) => r.submission),
        (work) => {
          try {
            c.executionCtx.waitUntil(work)
          } catch {
            // no execution context (Node): the promise runs on by itself
          }
        },
      )
    : []
  let next = 0
  return checked.map((r): BallotResult => {
    if (r.status === 'rejected') return { status: 'refused', error: r.reason }
    if (!('submission' in r.value)) return { status: 'counted', valid: r.value.valid }
    const outcome = outcomes[next++]!
    return outcome.status === 'refused' ? outcome : { status: 'counted', valid: outcome.valid }
  })
}

/**
 * One ballot checked up to the ingest: a submission ready for it, or the answer an accepted
 * copy already got (a retry whose code has since been voided). Throws an ApiError if refused.
 */
async function checkSubmission(c: Context<AppEnv>, roundId: string, raw: unknown): Promise<{ roundId: string; submission: Submission } | { valid: boolean }> {
  const body = parseOrThrow(BallotBody, raw, c.get('lang'))
  const db = c.get('db')
  const ingest = c.get('ingest')
  const nowMs = c.get('now')().getTime()
  const { ctx, publicCategoryId } = await ingest.rounds.get(roundId, nowMs)
  const device = await deviceOf(c)
  const keyHash = await c.get('keys').hash('submission', `${ctx.round.id}:${body.submissionId}`)
  c.get('limiter').post(ctx.round.id, device, body.code === undefined, nowMs)

  const access = await resolveAccess(c, ctx, device, body, publicCategoryId, nowMs)
  if ('error' in access) {
    // A retry of an accepted submission gets its answer even if its code has since been voided.
    const stored = await db.selectFrom('submission').select('valid').where('key_hash', '=', keyHash).executeTakeFirst()
    if (stored) return { valid: stored.valid }
    throw access.error
  }
  const ballot = checkBallot(ctx, { ...body, categoryId: access.categoryId })
  return {
    roundId: ctx.round.id,
    submission: { keyHash, ...ballot, channel: access.code ? 'mobile' : 'public', code: access.code, deviceHash: access.deviceHash },
  }
}

/** Who may cast this ballot: a live code whose scope has the unit, or the round's public link. */
async function resolveAccess(c: Context<AppEnv>, ctx: RoundContext, device: string, body: BallotBody, publicCategoryId: string | null, nowMs: number): Promise<Access> {
  const roundId = ctx.round.id
  const limiter = c.get('limiter')
  if (body.code === undefined) {
    if (!publicCategoryId) return { error: new ApiError(403, 'code_required', [{ path: 'code' }]) }
    return { categoryId: body.categoryId ?? publicCategoryId, code: null, deviceHash: await c.get('keys').hash('device-use', `${roundId}:${device}`) }
  }
  const rounds = c.get('ingest').rounds
  const plain = normalizeCode(body.code)
  const codeHash = plain ? await codeHashOf(c, plain) : null
  // Each new guess spends the wrong-code budget; a code being looked up or known right does not
  // (else 300 delegates sending grids at once would drain the round's budget with right codes).
  const guess = !codeHash || !rounds.knowsCode(roundId, codeHash, nowMs)
  if (guess) limiter.beforeCode(roundId, device, nowMs)
  const scope = codeHash ? await rounds.codeScope(roundId, codeHash, nowMs) : null
  if (!scope || !codeHash) return { error: new ApiError(403, 'code_invalid', [{ path: 'code' }]) }
  if (guess) limiter.rightCode(roundId, device, nowMs)
  const inScope = (scope.allUnits || scope.unitIds.has(body.unitId)) && ctx.units.some((u) => u.id === body.unitId)
  if (!inScope) return { error: new ApiError(403, 'code_wrong_unit', [{ path: 'unitId' }]) }
  if (body.categoryId !== undefined && body.categoryId !== scope.categoryId) return { error: new ApiError(422, 'category_mismatch', [{ path: 'categoryId' }]) }
  return { categoryId: scope.categoryId, code: { hash: codeHash, batchId: scope.batchId }, deviceHash: null }
}

/** The keyed hash of a code, computed once per request: a grid's ballots all carry one code. */
function codeHashOf(c: Context<AppEnv>, plain: string): Promise<string> {
  let known = codeHashes.get(c)
  if (!known) codeHashes.set(c, (known = new Map()))
  let hash = known.get(plain)
  if (!hash) known.set(plain, (hash = c.get('keys').hash('code', plain)))
  return hash
}

const codeHashes = new WeakMap<Context<AppEnv>, Map<string, Promise<string>>>()
