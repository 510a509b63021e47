import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { Database, OpinionChannel, OpinionSource } from '../db/schema'
import { ApiError } from '../errors'
import type { Db } from '../tracking/db'
import type { OpinionFilter } from './schemas'
import { STAFF_CHANNELS } from './channels'
import { searchPatterns } from './search'

/**
 * The k rule for ballot opinions: one from a ballot is shown only when its unit has at least the
 * round's min_group_size valid ballots in that round. Checked on every read, never stored.
 */
export const visible = sql<boolean>`(opinion.source <> 'ballot' OR coalesce((SELECT sum(bc.valid) FROM ballot_count bc WHERE bc.round_id = opinion.round_id AND bc.unit_id = opinion.unit_id), 0) >= (SELECT r.min_group_size FROM round r WHERE r.id = opinion.round_id))`

/** One opinion as the API shows it. */
export interface OpinionView {
  id: string
  source: OpinionSource
  channel: OpinionChannel | null
  roundId: string | null
  unitId: string | null
  unitName: string | null
  assignedUnitId: string | null
  assignedUnitName: string | null
  areaId: string | null
  areaName: string | null
  body: string
  receivedOn: string | null
  mergedCount: number
  mergedInto: string | null
  reply: string | null
  repliedOn: string | null
  repliedBy: string | null
}

function selectViews(db: Db) {
  return db
    .selectFrom('opinion')
    .leftJoin('unit as u', 'u.id', 'opinion.unit_id')
    .leftJoin('unit as au', 'au.id', 'opinion.assigned_unit_id')
    .leftJoin('opinion_area as a', 'a.id', 'opinion.area_id')
    .select([
      'opinion.id',
      'opinion.source',
      'opinion.channel',
      'opinion.round_id as roundId',
      'opinion.unit_id as unitId',
      'u.name as unitName',
      'opinion.assigned_unit_id as assignedUnitId',
      'au.name as assignedUnitName',
      'opinion.area_id as areaId',
      'a.name as areaName',
      'opinion.body',
      sql<string | null>`to_char(opinion.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      'opinion.merged_count as mergedCount',
      'opinion.merged_into as mergedInto',
      'opinion.reply',
      sql<string | null>`to_char(opinion.replied_on, 'YYYY-MM-DD')`.as('repliedOn'),
      'opinion.replied_by as repliedBy',
    ])
}

/**
 * A merged opinion stands for its originals: it matches a condition on the words, channel, unit or
 * round when one of its originals does (a merged opinion has no channel or round of its own, and
 * a unit only when all its originals share one).
 */
function anyOriginal(eb: ExpressionBuilder<Database, 'opinion'>, where: (original: ExpressionBuilder<Database & { o: Database['opinion'] }, 'opinion' | 'o'>) => Expression<SqlBool>) {
  return eb.and([
    eb('opinion.source', '=', 'merged'),
    eb.exists(
      eb
        .selectFrom('opinion as o')
        .select(eb.lit(1).as('one'))
        .whereRef('o.merged_into', '=', 'opinion.id')
        .where(where),
    ),
  ])
}

/** The where-clause of a filter and a scope, over top-level, visible opinions of a campaign. */
function filtered(eb: ExpressionBuilder<Database, 'opinion'>, campaignId: string, filter: OpinionFilter, scope: string[] | null) {
  const parts = [eb('opinion.campaign_id', '=', campaignId), eb('opinion.merged_into', 'is', null), eb(visible, '=', true)]
  // every term must occur, in the opinion's own words or in one of its originals'
  for (const pattern of searchPatterns(filter.q ?? '')) parts.push(eb.or([eb('opinion.search_text', 'like', pattern), anyOriginal(eb, (o) => o('o.search_text', 'like', pattern))]))
  if (filter.area === 'none') parts.push(eb('opinion.area_id', 'is', null))
  else if (filter.area) parts.push(eb('opinion.area_id', '=', filter.area))
  if (filter.unit) {
    // a unit and everything under it, as the unit tree reads
    const subtree = sql<string>`(WITH RECURSIVE sub(id) AS (SELECT ${filter.unit}::uuid UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`
    parts.push(eb.or([eb('opinion.unit_id', 'in', subtree), eb('opinion.assigned_unit_id', 'in', subtree), anyOriginal(eb, (o) => o('o.unit_id', 'in', subtree))]))
  }
  if (filter.channel) parts.push(eb.or([eb('opinion.channel', '=', filter.channel), anyOriginal(eb, (o) => o('o.channel', '=', filter.channel!))]))
  if (filter.replied === 'yes') parts.push(eb('opinion.reply', 'is not', null))
  if (filter.replied === 'no') parts.push(eb('opinion.reply', 'is', null))
  if (filter.round) parts.push(eb.or([eb('opinion.round_id', '=', filter.round), anyOriginal(eb, (o) => o('o.round_id', '=', filter.round!))]))
  if (scope !== null) {
    const responsible = sql<string>`coalesce(opinion.assigned_unit_id, opinion.unit_id)`
    parts.push(scope.length > 0 ? eb(responsible, 'in', scope) : eb.val(false))
  }
  return eb.and(parts)
}

/**
 * The list's query: the top-level opinions a filter and a scope find (merged ones stand for their
 * originals; ballot ones held back by the k rule left out), newest first. The list page and the
 * export (export.ts) both read through it, so that they cannot disagree.
 */
export function listQuery(db: Db, campaignId: string, filter: OpinionFilter, scope: string[] | null) {
  return selectViews(db)
    .where((eb) => filtered(eb, campaignId, filter, scope))
    .orderBy('opinion.created_at', 'desc')
    .orderBy('opinion.id')
}

/** A page of top-level opinions (merged ones stand for their originals), newest first, and the total. */
export async function listOpinions(db: Db, campaignId: string, filter: OpinionFilter, scope: string[] | null, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    listQuery(db, campaignId, filter, scope)
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('opinion')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string | null>('opinion.merged_count').as('collected')])
      .where((eb) => filtered(eb, campaignId, filter, scope))
      .executeTakeFirstOrThrow(),
  ])
  return { total: Number(total.n), collected: Number(total.collected ?? 0), opinions: await withChannels(db, rows) }
}

/**
 * Each opinion's channels: its own, or for a merged one those of its originals, in the seeds' order.
 * Merged ids are asked for a thousand at a time and grouped once, so an export of 10,000 stays linear.
 */
export async function withChannels<T extends { id: string; source: OpinionSource; channel: OpinionChannel | null }>(db: Db, rows: T[]): Promise<(T & { channels: OpinionChannel[] })[]> {
  const merged = rows.filter((r) => r.source === 'merged').map((r) => r.id)
  const byMerged = new Map<string, OpinionChannel[]>()
  for (let start = 0; start < merged.length; start += 1000) {
    const found = await db.selectFrom('opinion').select(['merged_into', 'channel']).distinct().where('merged_into', 'in', merged.slice(start, start + 1000)).where('channel', 'is not', null).execute()
    for (const f of found) byMerged.set(f.merged_into!, [...(byMerged.get(f.merged_into!) ?? []), f.channel!])
  }
  const order: readonly string[] = [...STAFF_CHANNELS, 'ballot']
  return rows.map((r) => ({
    ...r,
    channels: r.source === 'merged' ? (byMerged.get(r.id) ?? []).sort((a, b) => order.indexOf(a) - order.indexOf(b)) : r.channel ? [r.channel] : [],
  }))
}

/** The ids a filter finds (for bulk actions), up to `max` + 1 so the caller can refuse too many. */
export async function filteredIds(db: Db, campaignId: string, filter: OpinionFilter, scope: string[] | null, max: number): Promise<string[]> {
  const rows = await db
    .selectFrom('opinion')
    .select('opinion.id')
    .where((eb) => filtered(eb, campaignId, filter, scope))
    .orderBy('opinion.created_at')
    .orderBy('opinion.id')
    .limit(max + 1)
    .execute()
  return rows.map((r) => r.id)
}

/** One visible opinion of the campaign with its channels, what it was merged into (an original), its originals (a merged one) and linked items; 404 otherwise. */
export async function getOpinion(db: Db, campaignId: string, id: string) {
  const found = await selectViews(db).where('opinion.id', '=', id).where('opinion.campaign_id', '=', campaignId).where(visible).executeTakeFirst()
  if (!found) throw new ApiError(404, 'opinion_not_found')
  const opinion = (await withChannels(db, [found]))[0]!
  // an original says what it was merged into
  const mergedIntoOpinion = found.mergedInto ? ((await db.selectFrom('opinion').select(['id', 'body']).where('id', '=', found.mergedInto).executeTakeFirst()) ?? null) : null
  const originals = opinion.source === 'merged' ? await selectViews(db).where('opinion.merged_into', '=', id).orderBy('opinion.created_at').orderBy('opinion.id').execute() : []
  const items = await db
    .selectFrom('rectification_opinion')
    .innerJoin('rectification_item', 'rectification_item.id', 'rectification_opinion.item_id')
    .select(['rectification_item.id', 'rectification_item.title', 'rectification_item.status'])
    .where('rectification_opinion.opinion_id', '=', id)
    .execute()
  return { ...opinion, mergedIntoOpinion, originals, items }
}

/** Checks that every id is a top-level, visible opinion of the campaign; returns their rows in the given order. */
export async function loadTopLevel(db: Db, campaignId: string, ids: string[]) {
  const unique = [...new Set(ids)]
  const rows: { id: string; source: OpinionSource; merged_count: number; area_id: string | null; assigned_unit_id: string | null; unit_id: string | null; body: string; reply: string | null; replied_on: string | null; replied_by: string | null }[] = []
  for (let start = 0; start < unique.length; start += 1000) {
    const chunk = unique.slice(start, start + 1000)
    rows.push(
      ...(await db
        .selectFrom('opinion')
        .select(['id', 'source', 'merged_count', 'area_id', 'assigned_unit_id', 'unit_id', 'body', 'reply', 'replied_by', sql<string | null>`to_char(replied_on, 'YYYY-MM-DD')`.as('replied_on')])
        .where('campaign_id', '=', campaignId)
        .where('merged_into', 'is', null)
        .where('id', 'in', chunk)
        .where(visible)
        .execute()),
    )
  }
  if (rows.length !== unique.length) {
    const found = new Set(rows.map((r) => r.id))
    const missing = unique.findIndex((id) => !found.has(id))
    throw new ApiError(404, 'opinion_not_found', [{ path: `ids.${ids.indexOf(unique[missing]!)}` }])
  }
  const byId = new Map(rows.map((r) => [r.id, r]))
  return unique.map((id) => byId.get(id)!)
}

/** 422 unless the area belongs to the campaign. */
export async function assertArea(db: Db, campaignId: string, areaId: string, path = 'areaId'): Promise<void> {
  const area = await db.selectFrom('opinion_area').select('id').where('id', '=', areaId).where('campaign_id', '=', campaignId).executeTakeFirst()
  if (!area) throw new ApiError(422, 'area_not_found', [{ path }])
}

/** 422 unless the unit belongs to the campaign. */
export async function assertCampaignUnit(db: Db, campaignId: string, unitId: string, path: string): Promise<void> {
  const unit = await db.selectFrom('unit').select('id').where('id', '=', unitId).where('campaign_id', '=', campaignId).executeTakeFirst()
  if (!unit) throw new ApiError(422, 'unit_not_found', [{ path }])
}
