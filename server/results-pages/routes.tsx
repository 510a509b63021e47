import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readableDocument } from '../results/readable'
import { roundTurnout } from '../results/turnout'
import { ComparePage } from './compare-page'
import { ResultsListPage } from './list-page'
import { compareChoices, compareData, compareQueryOf, inTreeOrder, readableRounds, turnoutRound, unitAcrossRounds } from './load'
import { RoundPage } from './round-page'
import { TurnoutPage } from './turnout-page'
import { UnitPage } from './unit-page'

/** The current path and query without `?lang=`, for the language switch to come back to. */
function pathOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url)
  url.searchParams.delete('lang')
  return url.pathname + url.search
}

/**
 * The results pages (issue 5), each guarded exactly as its JSON route under /api/results: the
 * round's results and its printable report, a unit across rounds, the leaders' comparison and
 * the hall's turnout screen. Refusals are ApiErrors, shown by app.onError as the error page to
 * browsers and as the error envelope otherwise.
 */
export const resultsPageRoutes = new Hono<AppEnv>()
  .get('/results', async (c) => {
    if (!c.get('user')) return c.redirect(`/login?next=${encodeURIComponent('/results')}`)
    const rounds = await readableRounds(c, 100)
    c.header('cache-control', 'private, no-store')
    return c.html(<ResultsListPage lang={c.get('lang')} path={pathOf(c)} rounds={rounds} />)
  })
  .get('/results/rounds/:round', async (c) => {
    const { document, publication } = await readableDocument(c, c.req.param('round'))
    c.header('cache-control', 'private, no-store')
    return c.html(<RoundPage doc={document} publication={publication} lang={c.get('lang')} path={pathOf(c)} />)
  })
  .get('/results/rounds/:round/report', async (c) => {
    const { document, publication } = await readableDocument(c, c.req.param('round'))
    c.header('cache-control', 'private, no-store')
    return c.html(<RoundPage doc={document} publication={publication} lang={c.get('lang')} path={pathOf(c)} report />)
  })
  .get('/results/rounds/:round/turnout', async (c) => {
    const round = await turnoutRound(c, c.req.param('round'))
    c.header('cache-control', 'no-store')
    return c.html(<TurnoutPage turnout={await roundTurnout(c.get('db'), round)} lang={c.get('lang')} path={pathOf(c)} />)
  })
  .get('/results/units/:unit', async (c) => {
    const data = await unitAcrossRounds(c, c.req.param('unit'))
    c.header('cache-control', 'private, no-store')
    return c.html(<UnitPage data={data} lang={c.get('lang')} path={pathOf(c)} />)
  })
  .get('/results/compare', async (c) => {
    const choices = await compareChoices(c)
    const query = compareQueryOf(c)
    const compared = query ? await compareData(c, query) : null
    const result = compared && { ...compared, units: inTreeOrder(compared.units, choices.units) }
    const chosen = { rounds: query?.rounds ?? c.req.queries('rounds') ?? [], units: query?.units ?? [], subtree: query?.subtree ?? null }
    c.header('cache-control', 'private, no-store')
    return c.html(<ComparePage choices={choices} chosen={chosen} result={result} lang={c.get('lang')} path={pathOf(c)} />)
  })
