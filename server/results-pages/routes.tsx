import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { pathWithoutLang } from '../request'
import { findRound } from '../results/load'
import { readableDocument } from '../results/readable'
import { roundTurnout } from '../results/turnout'
import { ComparePage } from './compare-page'
import { ResultsListPage } from './list-page'
import { resultsFrame } from './frame'
import { compareChoices, compareData, compareQueryOf, inTreeOrder, livePublications, openRounds, readableRounds, turnoutRound, unitAcrossRounds } from './load'
import { PendingPage } from './pending-page'
import { RoundPage } from './round-page'
import { TurnoutPage } from './turnout-page'
import { UnitPage } from './unit-page'

/**
 * A round's results page or its printable report. Before the close a browser gets, with the
 * API's 409, a page that says when results show and links the live turnout (not the error
 * page); other clients get the error envelope as from the API. The organiser's live view also
 * says what of the round has been published, and to whom.
 */
async function roundPage(c: Context<AppEnv>, roundId: string, report: boolean) {
  const wantsHtml = (c.req.header('accept') ?? '').includes('text/html')
  const read = await readableDocument(c, roundId).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'round_still_open' && wantsHtml) return null
    throw error
  })
  c.header('cache-control', 'private, no-store')
  if (!read) {
    const round = await findRound(c.get('db'), roundId)
    const frame = await resultsFrame(c, { campaign: round.campaign_id, round })
    return c.html(<PendingPage round={round} lang={c.get('lang')} path={pathWithoutLang(c.req.url)} frame={frame} />, 409)
  }
  const { document, publication } = read
  const live = publication ? [] : await livePublications(c, document.round.id)
  const frame = await resultsFrame(c, { campaign: document.round.campaign, round: document.round })
  return c.html(<RoundPage doc={document} publication={publication} live={live} lang={c.get('lang')} path={pathWithoutLang(c.req.url)} report={report} frame={frame} />)
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
    const open = await openRounds(c, 100)
    c.header('cache-control', 'private, no-store')
    return c.html(<ResultsListPage lang={c.get('lang')} path={pathWithoutLang(c.req.url)} rounds={rounds} open={open} frame={await resultsFrame(c)} />)
  })
  .get('/results/rounds/:round', (c) => roundPage(c, c.req.param('round'), false))
  .get('/results/rounds/:round/report', (c) => roundPage(c, c.req.param('round'), true))
  .get('/results/rounds/:round/turnout', async (c) => {
    const round = await turnoutRound(c, c.req.param('round'))
    const turnout = await roundTurnout(c.get('db'), round)
    c.header('cache-control', 'no-store')
    const frame = await resultsFrame(c, { campaign: round.campaign_id, round })
    return c.html(<TurnoutPage turnout={turnout} at={c.get('now')()} lang={c.get('lang')} path={pathWithoutLang(c.req.url)} frame={frame} />)
  })
  .get('/results/units/:unit', async (c) => {
    const data = await unitAcrossRounds(c, c.req.param('unit'))
    c.header('cache-control', 'private, no-store')
    const frame = await resultsFrame(c, { campaign: data.rounds[0]?.round.campaign })
    return c.html(<UnitPage data={data} lang={c.get('lang')} path={pathWithoutLang(c.req.url)} frame={frame} />)
  })
  .get('/results/compare', async (c) => {
    const choices = await compareChoices(c)
    const query = compareQueryOf(c)
    const compared = query ? await compareData(c, query) : null
    const result = compared && { ...compared, units: inTreeOrder(compared.units, choices.units) }
    const chosen = { rounds: query?.rounds ?? c.req.queries('rounds') ?? [], units: query?.units ?? [], subtree: query?.subtree ?? null }
    c.header('cache-control', 'private, no-store')
    return c.html(<ComparePage choices={choices} chosen={chosen} result={result} lang={c.get('lang')} path={pathWithoutLang(c.req.url)} frame={await resultsFrame(c)} />)
  })
