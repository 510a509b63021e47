import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { loadRoundContext } from '../rounds/store'
import { roundResults } from './round-results'

/** `GET /api/rounds/:round/results`: per unit and dimension, read from the tallies. */
export const resultRoutes = new Hono<AppEnv>().get('/:round/results', async (c) => {
  const db = c.get('db')
  const ctx = await loadRoundContext(db, c.req.param('round'))
  return c.json(await roundResults(db, ctx))
})
