import type { Context } from 'hono'
import { normalizeCode } from '../codes/generate'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { deviceOf } from '../ingest/device'
import type { Outcome, Submission } from '../ingest/record'
import type { RoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { BallotBody } from './schemas'
import { checkBallot, unitInRound } from './validity'

type Access = { categoryId: string | null; codeHash: string | null; deviceHash: string | null } | { error: ApiError }

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
 * and one commit for the grid, not one for its first ballot and another for the rest. The
 * group commit's statement also looks their codes up: no query of its own before it.
 * One result per ballot, in order.
 */
export async function submitBallots(c: Context<AppEnv>, roundId: string, raws: unknown[]): Promise<BallotResult[]> {
  const checked = await Promise.allSettled(raws.map((raw) => checkSubmission(c, roundId, raw)))
  const ready = checked.flatMap((r) => (r.status === 'fulfilled' && 'submission' in r.value ? [r.value] : []))
  let outcomes: Outcome[] = []
  try {
    if (ready.length)
      outcomes = await c.get('ingest').submitAll(
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
  } finally {
    // A guess found live gives its attempt back; one refused as unknown keeps it spent; one not
    // answered (the database out of reach: 503, to be retried) was no wrong guess either.
    ready.forEach((r, i) => r.guess?.(outcomes[i] === undefined ? null : !isCodeInvalid(outcomes[i])))
  }
  let next = 0
  return checked.map((r): BallotResult => {
    if (r.status === 'rejected') return { status: 'refused', error: r.reason }
    if (!('submission' in r.value)) return { status: 'counted', valid: r.value.valid }
    const outcome = outcomes[next++]!
    return outcome.status === 'refused' ? outcome : { status: 'counted', valid: outcome.valid }
  })
}

/** Settles a new guess: found live (true), refused as unknown (false), or not answered (null). */
type Guess = (found: boolean | null) => void

const isCodeInvalid = (outcome: Outcome) => outcome.status === 'refused' && outcome.error.code === 'code_invalid'

/**
 * One ballot checked up to the ingest: a submission ready for it, or the answer an accepted
 * copy already got (a retry whose code has since been voided). Throws an ApiError if refused.
 * A ballot whose code is a new guess carries `guess`, to be called with whether the group
 * commit found the code live (null: the commit was not answered).
 */
async function checkSubmission(c: Context<AppEnv>, roundId: string, raw: unknown): Promise<{ roundId: string; submission: Submission; guess?: Guess } | { valid: boolean }> {
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
    // A retry of an accepted public-link submission gets its answer even if the link has since
    // been closed. (A code ballot's retry reaches the group commit, which answers it from its
    // code use even if the code has since been voided.)
    const stored = await db.selectFrom('submission').select('valid').where('key_hash', '=', keyHash).executeTakeFirst()
    if (stored) return { valid: stored.valid }
    throw access.error
  }
  const ballot = checkBallot(ctx, { ...body, categoryId: access.categoryId })
  const guess = access.codeHash ? spendGuess(c, ctx.round.id, device, access.codeHash, nowMs) : undefined
  return {
    roundId: ctx.round.id,
    submission: { keyHash, ...ballot, channel: access.codeHash ? 'mobile' : 'public', codeHash: access.codeHash, deviceHash: access.deviceHash },
    ...(guess ? { guess } : {}),
  }
}

/**
 * Who may cast this ballot: the holder of a well-formed code (the group commit checks that it
 * is live and has the unit in its scope), or anyone on the round's public link.
 */
async function resolveAccess(c: Context<AppEnv>, ctx: RoundContext, device: string, body: BallotBody, publicCategoryId: string | null, nowMs: number): Promise<Access> {
  const roundId = ctx.round.id
  if (body.code === undefined) {
    if (!publicCategoryId) return { error: new ApiError(403, 'code_required', [{ path: 'code' }]) }
    return { categoryId: body.categoryId ?? publicCategoryId, codeHash: null, deviceHash: await c.get('keys').hash('device-use', `${roundId}:${device}`) }
  }
  const plain = normalizeCode(body.code)
  if (!plain) {
    // Not even the shape of a code: a wrong guess all the same.
    c.get('limiter').beforeCode(roundId, device, nowMs)
    return { error: new ApiError(403, 'code_invalid', [{ path: 'code' }]) }
  }
  // No unit outside the round is in any code's scope.
  if (!unitInRound(ctx, body.unitId)) return { error: new ApiError(403, 'code_wrong_unit', [{ path: 'unitId' }]) }
  return { categoryId: body.categoryId ?? null, codeHash: await codeHashOf(c, plain), deviceHash: null }
}

/**
 * Each new guess spends the wrong-code budget until the group commit finds the code live; a
 * code known right, or on its way already (a grid's other rows, the next unit), does not — else
 * 300 delegates sending grids at once would drain the round's budget with right codes. Throws
 * TooManyAttempts when the budget is spent. Returns the settling call for a new guess: a code
 * found live, or not answered at all, gives the attempt back.
 */
function spendGuess(c: Context<AppEnv>, roundId: string, device: string, codeHash: string, nowMs: number): Guess | undefined {
  const rounds = c.get('ingest').rounds
  const limiter = c.get('limiter')
  if (rounds.knowsCode(roundId, codeHash, nowMs)) return undefined
  limiter.beforeCode(roundId, device, nowMs)
  let settle!: (found: boolean) => void
  rounds.expectCode(roundId, codeHash, nowMs, new Promise<boolean>((resolve) => (settle = resolve)))
  return (found) => {
    if (found !== false) limiter.rightCode(roundId, device, nowMs)
    settle(found === true)
  }
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
