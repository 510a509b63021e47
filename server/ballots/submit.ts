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

/**
 * The evaluator's submission, shared by the JSON API and the no-JavaScript form: schema,
 * limits, code or public link, the frozen form's rules, then the exactly-once ingest.
 * Resolves once the ballot is durable; throws an ApiError saying why it was refused.
 */
export async function submitBallot(c: Context<AppEnv>, roundId: string, raw: unknown): Promise<{ valid: boolean }> {
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
  const outcome = await ingest.submit(
    ctx.round.id,
    { keyHash, ...ballot, channel: access.code ? 'mobile' : 'public', code: access.code, deviceHash: access.deviceHash },
    (work) => {
      try {
        c.executionCtx.waitUntil(work)
      } catch {
        // no execution context (Node): the promise runs on by itself
      }
    },
  )
  if (outcome.status === 'refused') throw outcome.error
  return { valid: outcome.valid }
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
