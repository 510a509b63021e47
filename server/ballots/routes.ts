import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { loadRoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { BallotBody } from './schemas'
import { recordBallot } from './store'
import { checkBallot } from './validity'

/** JSON ballots: `POST /api/rounds/:round/ballots`. */
export const ballotRoutes = new Hono<AppEnv>().post('/:round/ballots', async (c) => {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
  const lang = c.get('lang')
  const body = parseOrThrow(BallotBody, raw, lang)
  const db = c.get('db')
  const ctx = await loadRoundContext(db, c.req.param('round'))
  if (ctx.round.status !== 'open') throw new ApiError(409, 'round_not_open')
  const ballot = checkBallot(ctx, body)
  await recordBallot(db, ctx.round.id, 'mobile', ballot)
  return c.json({ status: 'counted', valid: ballot.valid }, 201)
})
