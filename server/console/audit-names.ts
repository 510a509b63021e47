import { type Kysely, sql } from 'kysely'
import type { AuditRecord } from '../audit/store'
import type { Database } from '../db/schema'
import { isUuid } from '../request'

const MAX_IDS = 2000

/** Every id in a record's JSON (its keys' values, lists' items, at any depth). */
function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    // an id, or a paper slip's cell `<unit id>:<dimension id>`
    const id = value.split(':')[0]
    if (isUuid(id)) into.add(id.toLowerCase())
  } else if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into)
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectIds(item, into)
  }
}

/**
 * The names of the things audit records mention by id (their entity, and ids inside `before`
 * and `after`): campaigns, units, categories, forms (with their version), rounds, accounts,
 * code batches (their label), sittings, paper batches, publications (their round's name),
 * opinion areas, opinions (their text's start) and rectification items. One query; an id of
 * nothing is left out, and so is one of something since deleted, unless the record is about it
 * and kept its name (a deleted opinion's text).
 */
export async function auditNames(db: Kysely<Database>, items: AuditRecord[]): Promise<Map<string, string>> {
  const found = new Set<string>()
  for (const item of items) collectIds([item.entityId, item.before, item.after], found)
  const ids = [...found].slice(0, MAX_IDS)
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('campaign')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .unionAll(db.selectFrom('unit').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('evaluator_category').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('form').select(['id', sql<string>`name || ' v' || version`.as('name')]).where('id', 'in', ids))
    .unionAll(db.selectFrom('round').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('code_batch').select(['id', 'label as name']).where('id', 'in', ids).where('label', '<>', ''))
    .unionAll(db.selectFrom('sitting').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('paper_batch').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('publication').innerJoin('round', 'round.id', 'publication.round_id').select(['publication.id', 'round.name']).where('publication.id', 'in', ids))
    .unionAll(db.selectFrom('opinion_area').select(['id', 'name']).where('id', 'in', ids))
    .unionAll(db.selectFrom('opinion').select(['id', sql<string>`case when length(body) > 20 then substr(body, 1, 20) || '…' else body end`.as('name')]).where('id', 'in', ids))
    .unionAll(db.selectFrom('rectification_item').select(['id', 'title as name']).where('id', 'in', ids))
    .execute()
  const names = new Map(rows.map((row) => [String(row.id).toLowerCase(), row.name]))
  // A deleted row (an opinion entered by mistake) is named by what its record kept of it.
  for (const item of items) {
    const id = item.entityId?.toLowerCase()
    if (!id || names.has(id) || !isUuid(id)) continue
    const kept = keptName(item.before)
    if (kept) names.set(id, kept)
  }
  return names
}

/** The name a record's `before` kept of its row: its name, title or the start of its text. */
function keptName(before: unknown): string | undefined {
  if (typeof before !== 'object' || before === null) return undefined
  const row = before as Record<string, unknown>
  const name = [row.name, row.title, row.body].find((value): value is string => typeof value === 'string' && value !== '')
  return name && name.length > 20 ? `${name.slice(0, 20)}…` : name
}
