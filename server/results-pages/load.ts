import type { Context } from 'hono'
import { assertUnitInScope, unitScope } from '../auth/guard'
import type { Round } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { linkOrigin } from '../request'
import { parseOrThrow } from '../validate'
import { compareUnits } from '../results/compare'
import { findRound } from '../results/load'
import { readableDocument } from '../results/readable'
import { CompareQuery } from '../results/schemas'
import { roundsOfUnit, subtreeIds } from '../results/store'
import { buildTree, flattenTree } from '../units/tree'
import type { LivePublication } from './publication-status'

// These mirror the handlers of server/results/api-routes.ts step for step (same guards, same
// readableDocument), so a page or export shows exactly what its JSON route would, to the same people.

/** The round of the turnout screen: organisers and leaders of its campaign, as `/api/results/rounds/:round/turnout`. */
export async function turnoutRound(c: Context<AppEnv>, roundId: string): Promise<Round> {
  const user = c.get('user')
  if (!user || (user.role !== 'organiser' && user.role !== 'leader')) throw new ApiError(403, 'forbidden')
  const officeWide = user.role === 'organiser' && user.campaignId === null
  const round = await findRound(c.get('db'), roundId).catch(() => {
    throw new ApiError(officeWide ? 404 : 403, officeWide ? 'round_not_found' : 'forbidden')
  })
  if (user.campaignId !== null && user.campaignId !== round.campaign_id) throw new ApiError(403, 'forbidden')
  return round
}

/** A unit across the rounds the caller may read, as `/api/results/units/:unit`. */
export async function unitAcrossRounds(c: Context<AppEnv>, unitId: string) {
  const user = c.get('user')
  if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
  const db = c.get('db')
  await assertUnitInScope(db, user, unitId)
  const unit = await db.selectFrom('unit').select(['id', 'name', 'kind', 'parent_id']).where('id', '=', unitId).executeTakeFirstOrThrow()
  const read = await Promise.all((await roundsOfUnit(db, unitId)).map((id) => readableDocument(c, id, { units: new Set([unitId]) }).catch(() => null)))
  const shown = read.filter((r) => r !== null)
  return {
    unit,
    rounds: shown.map(({ document, publication }) => ({ round: document.round, formula: document.formula, dimensions: document.dimensions, row: document.units[0] ?? null, publication })),
    series:
      compareUnits(
        shown.map((r) => r.document),
        [unitId],
      )[0] ?? null,
  }
}

/** The query of a plain GET form (repeated `rounds=…&rounds=…`, or comma lists) as the compare API's query. */
export function compareQueryOf(c: Context<AppEnv>): CompareQuery | null {
  const list = (name: string) =>
    (c.req.queries(name) ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v.length > 0)
  const rounds = list('rounds')
  const units = list('units')
  const subtree = list('subtree')[0]
  if (rounds.length === 0 || (units.length === 0 && !subtree)) return null
  const raw: Record<string, string> = { rounds: rounds.join(',') }
  if (subtree) raw.subtree = subtree
  else raw.units = units.join(',')
  return parseOrThrow(CompareQuery, raw, c.get('lang'))
}

/** Units compared over rounds, as `/api/results/compare`. */
export async function compareData(c: Context<AppEnv>, query: CompareQuery) {
  const user = c.get('user')
  if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
  const db = c.get('db')
  let unitIds: string[]
  if (query.subtree) {
    await assertUnitInScope(db, user, query.subtree)
    unitIds = await subtreeIds(db, query.subtree)
  } else {
    unitIds = query.units!
    for (const id of unitIds) await assertUnitInScope(db, user, id)
  }
  const scope = await unitScope(db, user)
  if (scope) unitIds = unitIds.filter((id) => scope.includes(id))
  const wanted = new Set(unitIds)
  const read = []
  for (const id of query.rounds) read.push(await readableDocument(c, id, { units: wanted, categories: false }))
  return {
    rounds: read.map(({ document: { round, formula }, publication }) => ({ ...round, formula, publication })),
    units: compareUnits(
      read.map((r) => r.document),
      unitIds,
    ),
  }
}

/**
 * The newest closed rounds whose results the user may read (as `readableDocument` decides: an
 * organiser's own, a leader's or liaison's published to them), newest first, with their campaign.
 */
export async function readableRounds(c: Context<AppEnv>, limit: number) {
  const user = c.get('user')
  if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
  let q = c
    .get('db')
    .selectFrom('round')
    .innerJoin('campaign', 'campaign.id', 'round.campaign_id')
    .select(['round.id', 'round.name', 'round.stage', 'round.campaign_id', 'round.status', 'campaign.name as campaignName'])
    .where('round.status', 'in', ['closed', 'published'])
    .where('round.form_id', 'is not', null)
  if (user.campaignId !== null) q = q.where('round.campaign_id', '=', user.campaignId)
  const candidates = await q.orderBy('round.created_at', 'desc').orderBy('round.id').limit(limit).execute()
  const readable = await Promise.all(candidates.map((r) => readableDocument(c, r.id, { units: new Set(), categories: false }).then(() => r, () => null)))
  return readable.filter((r) => r !== null)
}

/**
 * The rounds in progress whose live turnout the user may watch (organisers and leaders of their
 * campaign, as `turnoutRound`), newest first: their results wait for the close, so the list
 * points to the hall screen instead.
 */
export async function openRounds(c: Context<AppEnv>, limit: number) {
  const user = c.get('user')
  if (!user || (user.role !== 'organiser' && user.role !== 'leader')) return []
  let q = c
    .get('db')
    .selectFrom('round')
    .innerJoin('campaign', 'campaign.id', 'round.campaign_id')
    .select(['round.id', 'round.name', 'round.stage', 'round.status', 'campaign.name as campaignName'])
    .where('round.status', '=', 'open')
    .where('round.form_id', 'is not', null)
  if (user.campaignId !== null) q = q.where('round.campaign_id', '=', user.campaignId)
  return q.orderBy('round.created_at', 'desc').orderBy('round.id').limit(limit).execute()
}

/**
 * The round's publications that are not revoked, newest first, with the names of the units they
 * name: what the organiser's live view says of what has gone out. Content is not read.
 */
export async function livePublications(c: Context<AppEnv>, roundId: string): Promise<LivePublication[]> {
  const db = c.get('db')
  const rows = await db
    .selectFrom('publication')
    .select(['slug', 'to_leaders', 'to_public', 'unit_ids', 'published_at'])
    .where('round_id', '=', roundId)
    .where('revoked_at', 'is', null)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute()
  const ids = [...new Set(rows.flatMap((r) => r.unit_ids))]
  const names = new Map(ids.length === 0 ? [] : (await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]))
  const origin = linkOrigin(c)
  return rows.map((r) => ({
    publishedAt: new Date(r.published_at).toISOString(),
    leaders: r.to_leaders,
    public: r.to_public,
    units: r.unit_ids.map((id) => names.get(id) ?? id),
    path: r.to_public ? `/p/${r.slug}` : null,
    url: r.to_public ? `${origin}/p/${r.slug}` : null,
  }))
}

/**
 * What the comparison form offers: the rounds of the caller's campaign(s) it may read (newest
 * first, at most 24), and the units of those campaigns within its scope in tree order (parents
 * before children, siblings by position then name, as the console lists them) with their depth.
 */
export async function compareChoices(c: Context<AppEnv>) {
  const user = c.get('user')
  if (!user || user.role === 'clerk') throw new ApiError(403, 'forbidden')
  const db = c.get('db')
  const rounds = await readableRounds(c, 24)
  const campaigns = [...new Set(rounds.map((r) => r.campaign_id))]
  const scope = await unitScope(db, user)
  const rows =
    campaigns.length === 0
      ? []
      : await db.selectFrom('unit').select(['id', 'name', 'kind', 'code', 'parent_id', 'position']).where('campaign_id', 'in', campaigns).where('archived_at', 'is', null).execute()
  const units = flattenTree(buildTree(rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind, code: r.code, position: r.position, archived: false })))).map(
    ({ node, depth }) => ({ id: node.id, name: node.name, kind: node.kind, parent_id: node.parentId, depth }),
  )
  return { rounds: rounds.reverse(), units: scope ? units.filter((u) => scope.includes(u.id)) : units }
}

/** Compared units in the order of the form's units (tree order); any not among them last, as they came. */
export function inTreeOrder<T extends { id: string }>(units: T[], order: { id: string }[]): T[] {
  const index = new Map(order.map((u, i) => [u.id, i]))
  return units.map((u, i) => ({ u, at: index.get(u.id) ?? order.length + i })).sort((a, b) => a.at - b.at).map(({ u }) => u)
}
