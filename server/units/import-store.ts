import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import { ApiError } from '../errors'
import type { Lang } from '../i18n'
import { type ImportPlan, type PlannedUnit, planImport } from './import-plan'
import { readSheet } from './spreadsheet'
import { listUnitRows } from './store'

const BATCH = 1000

/** Reads uploaded bytes (XLSX or CSV) and plans their import; an unreadable file is a 422 `import_unreadable`. */
export async function planUpload(db: Db, campaignId: string, bytes: Uint8Array, lang: Lang): Promise<ImportPlan> {
  const sheet = await readSheet(bytes).catch(() => {
    throw new ApiError(422, 'import_unreadable')
  })
  const existing = await listUnitRows(db, campaignId, { archived: true })
  return planImport(sheet, existing, lang, () => crypto.randomUUID())
}

/**
 * Writes planned units (parents before children) in multi-row batches: one INSERT per
 * thousand units, so a city's 2,371 units cost three statements. Call inside a transaction.
 * `progress` hears how many are written after each batch (the console's progress bar).
 */
export async function insertPlannedUnits(db: Db, campaignId: string, units: PlannedUnit[], progress?: (done: number, total: number) => Promise<void>): Promise<number> {
  const existingParents = [...new Set(units.map((u) => u.parentId).filter((id): id is string => id !== null))]
  const next = new Map<string | null, number>()
  if (existingParents.length > 0) {
    const rows = await db
      .selectFrom('unit')
      .select(['parent_id', sql<number>`max(position) + 1`.as('next')])
      .where('campaign_id', '=', campaignId)
      .where('parent_id', 'in', existingParents)
      .groupBy('parent_id')
      .execute()
    for (const r of rows) next.set(r.parent_id, Number(r.next))
  }
  const roots = await db
    .selectFrom('unit')
    .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
    .where('campaign_id', '=', campaignId)
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow()
  next.set(null, Number(roots.next))
  const values = units.map((u) => {
    const position = next.get(u.parentId) ?? 0
    next.set(u.parentId, position + 1)
    return { id: u.id, campaign_id: campaignId, parent_id: u.parentId, name: u.name, kind: u.kind, code: u.code, position }
  })
  for (let i = 0; i < values.length; i += BATCH) {
    await db.insertInto('unit').values(values.slice(i, i + BATCH)).execute()
    await progress?.(Math.min(i + BATCH, values.length), values.length)
  }
  return values.length
}
