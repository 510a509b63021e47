import { type ExpressionBuilder, sql } from 'kysely'
import type { Database, OpinionChannel, OpinionSource } from '../db/schema'
import { ApiError } from '../errors'
import type { Db } from '../tracking/db'
import type { OpinionFilter } from './schemas'
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

/** The where-clause of a filter and a scope, over top-level, visible opinions of a campaign. */
function filtered(eb: ExpressionBuilder<Database, 'opinion'>, campaignId: string, filter: OpinionFilter, scope: string[] | null) {
  const parts = [eb('opinion.campaign_id', '=', campaignId), eb('opinion.merged_into', 'is', null), eb(visible, '=', true)]
  for (const pattern of searchPatterns(filter.q ?? '')) parts.push(eb('opinion.search_text', 'like', pattern))
  if (filter.area === 'none') parts.push(eb('opinion.area_id', 'is', null))
  else if (filter.area) parts.push(eb('opinion.area_id', '=', filter.area))
  if (filter.unit) {
    // a unit and everything under it, as the unit tree reads
    const subtree = sql<string>`(WITH RECURSIVE sub(id) AS (SELECT ${filter.unit}::uuid UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`
    parts.push(eb.or([eb('opinion.unit_id', 'in', subtree), eb('opinion.assigned_unit_id', 'in', subtree)]))
  }
  if (filter.channel) parts.push(eb('opinion.channel', '=', filter.channel))
  if (filter.replied === 'yes') parts.push(eb('opinion.reply', 'is not', null))
  if (filter.replied === 'no') parts.push(eb('opinion.reply', 'is', null))
  if (filter.round) parts.push(eb('opinion.round_id', '=', filter.round))
  if (scope !== null) {
    const responsible = sql<string>`coalesce(opinion.assigned_unit_id, opinion.unit_id)`
    parts.push(scope.length > 0 ? eb(responsible, 'in', scope) : eb.val(false))
  }
  return eb.and(parts)
}

/** A page of top-level opinions (merged ones stand for their originals), newest first, and the total. */
export async function listOpinions(db: Db, campaignId: string, filter: OpinionFilter, scope: string[] | null, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    selectViews(db)
      .where((eb) => filtered(eb, campaignId, filter, scope))
      .orderBy('opinion.created_at', 'desc')
      .orderBy('opinion.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('opinion')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string | null>('opinion.merged_count').as('collected')])
      .where((eb) => filtered(eb, campaignId, filter, scope))
      .executeTakeFirstOrThrow(),
  ])
  return { total: Number(total.n), collected: Number(total.collected ?? 0), opinions: rows }
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

/** One visible opinion of the campaign with its originals (for a merged one) and linked items; 404 otherwise. */
export async function getOpinion(db: Db, campaignId: string, id: string) {
  const opinion = await selectViews(db).where('opinion.id', '=', id).where('opinion.campaign_id', '=', campaignId).where(visible).executeTakeFirst()
  if (!opinion) throw new ApiError(404, 'opinion_not_found')
  const originals = opinion.source === 'merged' ? await selectViews(db).where('opinion.merged_into', '=', id).orderBy('opinion.created_at').orderBy('opinion.id').execute() : []
  const items = await db
    .selectFrom('rectification_opinion')
    .innerJoin('rectification_item', 'rectification_item.id', 'rectification_opinion.item_id')
    .select(['rectification_item.id', 'rectification_item.title', 'rectification_item.status'])
    .where('rectification_opinion.opinion_id', '=', id)
    .execute()
  return { ...opinion, originals, items }
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
