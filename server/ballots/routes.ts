import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { submitBallot } from './submit'

/** JSON ballots: `POST /api/rounds/:round/ballots` (contract in docs/anonymity.md and submit.ts). */
export const ballotRoutes = new Hono<AppEnv>().post('/:round/ballots', async (c) => {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
  const { valid } = await submitBallot(c, c.req.param('round'), raw)
  return c.json({ status: 'counted', valid }, 201)
})
