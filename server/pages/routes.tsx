import { Hono } from 'hono'
import { checkBallot } from '../ballots/validity'
import { ballotFromFormFields, BallotBody } from '../ballots/schemas'
import { recordBallot } from '../ballots/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { roundResults } from '../results/round-results'
import { listRounds, loadRoundContext } from '../rounds/store'
import { parseOrThrow } from '../validate'
import { Counted, EvaluateForm } from './evaluate-form'
import { HomePage } from './home-page'
import { ResultsPage } from './results-page'

/** Server-rendered pages: home, the evaluation form (GET and no-JavaScript POST), results. */
export const pageRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.html(<HomePage lang={c.get('lang')} rounds={await listRounds(c.get('db'))} />))
  .get('/e/:round', async (c) => {
    const ctx = await loadRoundContext(c.get('db'), c.req.param('round'))
    return c.html(<EvaluateForm ctx={ctx} lang={c.get('lang')} />)
  })
  .post('/e/:round', async (c) => {
    const db = c.get('db')
    const lang = c.get('lang')
    const ctx = await loadRoundContext(db, c.req.param('round'))
    const fields = await c.req.parseBody({ all: true }).catch(() => ({}))
    const raw = ballotFromFormFields(fields)
    try {
      const body = parseOrThrow(BallotBody, raw, lang)
      const ballot = checkBallot(ctx, body)
      await recordBallot(db, ctx.round.id, 'mobile', ballot)
      return c.html(<Counted ctx={ctx} lang={lang} valid={ballot.valid} />)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      const values = raw as { unitId?: string; categoryId?: string; answers?: Record<string, number>; opinion?: string }
      const state = { values, error: errorMessages[error.code][lang], issues: error.issues ?? [] }
      const fresh = error.code === 'round_not_open' ? await loadRoundContext(db, ctx.round.id) : ctx
      return c.html(<EvaluateForm ctx={fresh} lang={lang} state={state} />, error.status)
    }
  })
  .get('/r/:round', async (c) => {
    const db = c.get('db')
    const ctx = await loadRoundContext(db, c.req.param('round'))
    return c.html(<ResultsPage results={await roundResults(db, ctx)} lang={c.get('lang')} />)
  })
