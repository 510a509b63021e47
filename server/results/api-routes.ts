import { Hono } from 'hono'
import { assertUnitInScope, assertUnitsInScope, unitScope } from '../auth/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { compareUnits } from './compare'
import { findRound } from './load'
import { readableDocument } from './readable'
import { CompareQuery, RoundResultsQuery, UnitResultsQuery } from './schemas'
import { roundsOfUnit, subtreeIds } from './store'
import { roundTurnout } from './turnout'

/**
 * The results API, `/api/results/…`: a round's numbers, a unit across rounds, units compared
 * over rounds, and live turnout. Every route checks the caller against the round (and unit)
 * it names before reading anything else.
 */
export const resultsApiRoutes = new Hono<AppEnv>()
  .get('/rounds/:round', async (c) => {
    const query = parseOrThrow(RoundResultsQuery, c.req.query(), c.get('lang'))
    const { document, publication, answer } = await readableDocument(c, c.req.param('round'), { categories: query.categories !== '0' })
    // A closed round's whole answer is kept as UTF-8 bytes: sent as they are, not serialised again.
    if (answer !== undefined && publication === null) return c.body(answer(), 200, { 'content-type': 'application/json' })
    return c.json({ ...document, publication })
  })
  .get('/rounds/:round/turnout', async (c) => {
    // Counts only, never a level: organisers and leaders of the campaign, also while the round is open.
    const user = c.get('user')
    if (!user || (user.role !== 'organiser' && user.role !== 'leader')) throw new ApiError(403, 'forbidden')
    const round = await findRound(c.get('db'), c.req.param('round')).catch(() => {
      throw new ApiError(user.role === 'organiser' && user.campaignId === null ? 404 : 403, user.role === 'organiser' && user.campaignId === null ? 'round_not_found' : 'forbidden')
    })
    if (user.campaignId !== null && user.campaignId !== round.campaign_id) throw new ApiError(403, 'forbidden')
    c.header('cache-control', 'no-store')
    return c.json(await roundTurnout(c.get('db'), round))
  })
  .get('/units/:unit', async (c) => {
    const user = c.get('user')
    if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
    const query = parseOrThrow(UnitResultsQuery, c.req.query(), c.get('lang'))
    const unitId = c.req.param('unit')
    const db = c.get('db')
    await assertUnitInScope(db, user, unitId)
    const unit = await db.selectFrom('unit').select(['id', 'name', 'kind', 'parent_id']).where('id', '=', unitId).executeTakeFirstOrThrow()
    const only = new Set([unitId])
    const roundIds = query.rounds ?? (await roundsOfUnit(db, unitId))
    const read = await Promise.all(roundIds.map((id) => readableDocument(c, id, { units: only }).catch((error: unknown) => (query.rounds ? Promise.reject(error) : null))))
    const shown = read.filter((r) => r !== null)
    return c.json({
      unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parent_id },
      rounds: shown.map(({ document: { round, formula, levels, dimensions, categories, units }, publication }) => ({
        round,
        formula,
        levels,
        dimensions,
        categories,
        row: units[0] ?? null,
        publication,
      })),
      series: compareUnits(
        shown.map((r) => r.document),
        [unitId],
      )[0] ?? null,
    })
  })
  .get('/compare', async (c) => {
    const user = c.get('user')
    if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
    const query = parseOrThrow(CompareQuery, c.req.query(), c.get('lang'))
    const db = c.get('db')
    let unitIds: string[]
    if (query.subtree) {
      await assertUnitInScope(db, user, query.subtree)
      unitIds = await subtreeIds(db, query.subtree)
    } else {
      unitIds = query.units!
      await assertUnitsInScope(db, user, unitIds)
    }
    const scope = await unitScope(db, user)
    if (scope) unitIds = unitIds.filter((id) => scope.includes(id))
    const wanted = new Set(unitIds)
    const read = await Promise.all(query.rounds.map((id) => readableDocument(c, id, { units: wanted, categories: false })))
    return c.json({
      rounds: read.map(({ document: { round }, publication }) => ({ ...round, publication })),
      units: compareUnits(
        read.map((r) => r.document),
        unitIds,
      ),
    })
  })
