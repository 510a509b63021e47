import { sql } from 'kysely'
import type { RectificationClass, RectificationStatus } from '../db/schema'
import { ApiError } from '../errors'
import type { Db } from '../tracking/db'
import { itemTiming, type ItemTiming } from './status'

/** An item as the API shows it, with what is computed on read. */
export interface ItemView extends ItemTiming {
  id: string
  unitId: string
  unitName: string
  title: string
  target: string
  deadline: string
  measures: string
  owner: string
  commitment: string
  class: RectificationClass
  status: RectificationStatus
  public: boolean
  updates: number
  /** The latest progress report (by its date, then when it was written), null before the first. */
  latest: { onDate: string; body: string } | null
  opinions: number
}

function itemRows(db: Db, campaignId: string) {
  return db
    .selectFrom('rectification_item as i')
    .innerJoin('unit', 'unit.id', 'i.unit_id')
    .select((eb) => [
      'i.id',
      'i.unit_id as unitId',
      'unit.name as unitName',
      'i.title',
      'i.target',
      sql<string>`to_char(i.deadline, 'YYYY-MM-DD')`.as('deadline'),
      'i.measures',
      'i.owner',
      'i.commitment',
      'i.class',
      'i.status',
      'i.public',
      'i.created_at as createdAt',
      sql<string | null>`to_char(i.done_on, 'YYYY-MM-DD')`.as('doneOn'),
      eb.selectFrom('rectification_update as u').select(sql<string | null>`to_char(max(u.on_date), 'YYYY-MM-DD')`.as('d')).whereRef('u.item_id', '=', 'i.id').as('lastUpdate'),
      eb.selectFrom('rectification_update as u').select(eb.fn.countAll<string>().as('n')).whereRef('u.item_id', '=', 'i.id').as('updates'),
      eb.selectFrom('rectification_update as u').select('u.body').whereRef('u.item_id', '=', 'i.id').orderBy('u.on_date', 'desc').orderBy('u.created_at', 'desc').limit(1).as('latestBody'),
      eb.selectFrom('rectification_opinion as l').select(eb.fn.countAll<string>().as('n')).whereRef('l.item_id', '=', 'i.id').as('opinions'),
    ])
    .where('i.campaign_id', '=', campaignId)
}

type Row = Awaited<ReturnType<ReturnType<typeof itemRows>['execute']>>[number]

function toView(row: Row, today: string, stalledDays: number, dateOf: (at: Date) => string): ItemView {
  const { createdAt, doneOn, lastUpdate, latestBody, updates, opinions, ...rest } = row
  const timing = itemTiming({ status: row.status, deadline: row.deadline, createdOn: dateOf(createdAt), lastUpdate: lastUpdate ?? null, doneOn }, today, stalledDays)
  const latest = lastUpdate && latestBody != null ? { onDate: lastUpdate, body: latestBody } : null
  return { ...rest, updates: Number(updates ?? 0), latest, opinions: Number(opinions ?? 0), ...timing }
}

/** Options every read needs: today's Shanghai date, the stalled threshold and the date of a timestamp. */
export interface Clock {
  today: string
  stalledDays: number
  dateOf: (at: Date) => string
}

/** Items of a campaign (in `scope` when given), by unit then deadline. */
export async function listItems(db: Db, campaignId: string, scope: string[] | null, clock: Clock, filter: { unit?: string; status?: RectificationStatus; publicOnly?: boolean } = {}): Promise<ItemView[]> {
  let query = itemRows(db, campaignId)
  if (scope !== null) query = scope.length > 0 ? query.where('i.unit_id', 'in', scope) : query.where(sql<boolean>`false`)
  if (filter.unit) query = query.where('i.unit_id', '=', filter.unit)
  if (filter.status) query = query.where('i.status', '=', filter.status)
  if (filter.publicOnly) query = query.where('i.public', '=', true)
  const rows = await query.orderBy('unit.position').orderBy('unit.name').orderBy('i.deadline').orderBy('i.id').execute()
  return rows.map((row) => toView(row, clock.today, clock.stalledDays, clock.dateOf))
}

/** One item of the campaign, or 404. */
export async function getItem(db: Db, campaignId: string, id: string, clock: Clock): Promise<ItemView> {
  const row = await itemRows(db, campaignId).where('i.id', '=', id).executeTakeFirst()
  if (!row) throw new ApiError(404, 'item_not_found')
  return toView(row, clock.today, clock.stalledDays, clock.dateOf)
}

/** An item's progress updates, newest first. */
export function listUpdates(db: Db, itemIds: string[]) {
  if (itemIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('rectification_update')
    .select(['id', 'item_id as itemId', sql<string>`to_char(on_date, 'YYYY-MM-DD')`.as('onDate'), 'body', 'author_name as author'])
    .where('item_id', 'in', itemIds)
    .orderBy('on_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

/** The opinions an item answers, with channel, date received and the unit that answers for each (assigned, else concerned). */
export function linkedOpinions(db: Db, itemId: string) {
  return db
    .selectFrom('rectification_opinion')
    .innerJoin('opinion', 'opinion.id', 'rectification_opinion.opinion_id')
    .select([
      'opinion.id',
      'opinion.body',
      'opinion.merged_count as mergedCount',
      'opinion.channel',
      sql<string | null>`to_char(opinion.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      sql<string | null>`coalesce(opinion.assigned_unit_id, opinion.unit_id)`.as('unitId'),
    ])
    .where('rectification_opinion.item_id', '=', itemId)
    .orderBy('opinion.created_at')
    .orderBy('opinion.id')
    .execute()
}

/** Per unit: items, done (and of those done late), overdue and stalled counts, for organisers and leaders. */
export function countsByUnit(items: ItemView[]) {
  const units = new Map<string, { unitId: string; unitName: string; items: number; done: number; doneLate: number; overdue: number; stalled: number }>()
  for (const item of items) {
    const unit = units.get(item.unitId) ?? { unitId: item.unitId, unitName: item.unitName, items: 0, done: 0, doneLate: 0, overdue: 0, stalled: 0 }
    unit.items += 1
    if (item.status === 'done') unit.done += 1
    if (item.doneLate) unit.doneLate += 1
    if (item.overdue) unit.overdue += 1
    if (item.stalled) unit.stalled += 1
    units.set(item.unitId, unit)
  }
  return [...units.values()]
}
