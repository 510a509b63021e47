import { Hono } from 'hono'
import { ballotFromFormFields } from '../ballots/schemas'
import { submitBallot } from '../ballots/submit'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { listRounds, loadRoundContext } from '../rounds/store'
import { EvaluateForm } from './evaluate-form'
import { roundAccess, unitsLeft } from './evaluate-access'
import { HomePage } from './home-page'

/** Server-rendered pages: home, the evaluation form (GET and no-JavaScript POST), and the old results address. */
export const pageRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.html(<HomePage lang={c.get('lang')} rounds={await listRounds(c.get('db'), c.get('now')())} organiser={c.get('user')?.role === 'organiser'} />))
  .get('/e/:round', async (c) => {
    const db = c.get('db')
    const ctx = await loadRoundContext(db, c.req.param('round'))
    // no-store: going back to the form fetches a new submission id instead of reusing a sent one
    c.header('Cache-Control', 'no-store')
    return c.html(<EvaluateForm inline={c.get('inlineAssets')} ctx={ctx} lang={c.get('lang')} access={await roundAccess(db, ctx)} submissionId={crypto.randomUUID()} />)
  })
  .post('/e/:round', async (c) => {
    const db = c.get('db')
    const lang = c.get('lang')
    const ctx = await loadRoundContext(db, c.req.param('round'))
    const access = await roundAccess(db, ctx)
    const fields = await c.req.parseBody({ all: true }).catch(() => ({}))
    const raw = ballotFromFormFields(fields) as { submissionId: string; code?: string; unitId: string; categoryId?: string; answers: Record<string, number>; opinion?: string }
    c.header('Cache-Control', 'no-store')
    try {
      const { valid } = await submitBallot(c, ctx.round.id, raw)
      const unitName = ctx.units.find((u) => u.id === raw.unitId)?.name ?? ''
      // The next ballot of the same evaluator: the code (typed by them, in this body only) and
      // the category carried over, the units the code has left, a new submission id.
      const units = raw.code ? await unitsLeft(c.get('keys'), db, ctx.round.id, raw.code) : undefined
      const values = { ...(raw.code ? { code: raw.code } : {}), ...(raw.categoryId ? { categoryId: raw.categoryId } : {}) }
      return c.html(
        <EvaluateForm inline={c.get('inlineAssets')} ctx={ctx} lang={lang} access={access} submissionId={crypto.randomUUID()} counted={{ valid, unitName }} units={units} state={{ values }} />,
      )
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      const state = { values: raw, error: errorMessages[error.code][lang], issues: error.issues ?? [] }
      const fresh = error.code === 'round_not_open' ? await loadRoundContext(db, ctx.round.id) : ctx
      // A refused ballot stored nothing: its submission id may be sent again once corrected.
      const submissionId = /^[0-9a-f-]{36}$/i.test(raw.submissionId) ? raw.submissionId : crypto.randomUUID()
      return c.html(<EvaluateForm inline={c.get('inlineAssets')} ctx={fresh} lang={lang} access={access} submissionId={submissionId} state={state} />, error.status)
    }
  })
  // The old address of the organisers' working results, printed by earlier versions and kept in
  // bookmarks: the round's results page, which holds them back until the close and hides cells
  // under k (test/reliability/anonymity-working-results.test.ts). Nothing is read here.
  .get('/r/:round', (c) => c.redirect(`/results/rounds/${encodeURIComponent(c.req.param('round'))}${new URL(c.req.url).search}`, 303))
