import { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { ApiError, errorEnvelope } from '../errors'
import { TooManyAttempts } from '../limits/limiter'
import { jsonBody } from '../request'
import { BallotBatchBody } from './schemas'
import { submitBallot, submitBallots } from './submit'

/** The path of ballot batches, which may be larger than other JSON bodies. */
export function isBallotBatchPath(path: string): boolean {
  return /^\/api\/rounds\/[^/]+\/ballots\/batch$/.test(path)
}

/**
 * JSON ballots (contract in docs/anonymity.md and submit.ts):
 * - `POST /api/rounds/:round/ballots`: one ballot; 201 `{ status: 'counted', valid }` or the error envelope.
 * - `POST /api/rounds/:round/ballots/batch`: `{ ballots: [...] }`, up to 100, each with its own
 *   submission id; 200 `{ results: [...] }` in order, each `{ status: 'counted', valid }` or
 *   `{ status: 'refused', error: { code, message, issues? }, retryAfter? }`. One round trip
 *   for a grid on a slow network, and the ballots join one group commit. A failure of the
 *   server itself (5xx) answers the whole request: resending it is safe, each ballot counts once.
 */
export const ballotRoutes = new Hono<AppEnv>()
  .post('/:round/ballots', async (c) => {
    const { valid } = await submitBallot(c, c.req.param('round'), await jsonBody(c, v.unknown()))
    return c.json({ status: 'counted', valid }, 201)
  })
  .post('/:round/ballots/batch', async (c) => {
    const { ballots } = await jsonBody(c, BallotBatchBody)
    const roundId = c.req.param('round')
    // An unknown round refuses the request as a whole, not each ballot in it.
    await c.get('ingest').rounds.get(roundId, c.get('now')().getTime())
    const results = (await submitBallots(c, roundId, ballots)).map((result) => {
      if (result.status === 'counted') return result
      const { error } = result
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      const retryAfter = error instanceof TooManyAttempts ? { retryAfter: error.retryAfter } : {}
      return { status: 'refused' as const, error: errorEnvelope(error, c.get('lang')), ...retryAfter }
    })
    return c.json({ results }, 200)
  })
