import { Hono } from 'hono'
import { ballotFromFormFields } from '../ballots/schemas'
import { submitBallot } from '../ballots/submit'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { roundResults } from '../results/round-results'
import { listRounds, loadRoundContext } from '../rounds/store'
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
      const { valid } = await submitBallot(c, ctx.round.id, raw)
      return c.html(<Counted ctx={ctx} lang={lang} valid={valid} />)
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
