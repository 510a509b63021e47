import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { loadRoundContext } from '../rounds/store'
import { organiserRound } from './access'
import { roundResults } from './round-results'

/**
 * `GET /api/rounds/:round/results`: the organiser's working table per unit and dimension, read
 * from the tallies, also while the round is open (the demo chart). Organisers of the round's
 * campaign only: everyone else reads publications through `/api/results/…`.
 */
export const resultRoutes = new Hono<AppEnv>().get('/:round/results', async (c) => {
  const db = c.get('db')
  const round = await organiserRound(c, c.req.param('round'))
  return c.json(await roundResults(db, await loadRoundContext(db, round.id)))
})
