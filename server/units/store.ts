import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { UnitBody, UnitPatch } from './schemas'
import { subtreeIds, type UnitRow, wouldCycle } from './tree'

/** The ids of a unit and all its descendants, as a query (`scope.id`) to narrow or run. */
export function subtreeQuery(db: Db, rootId: string) {
  return db
    .withRecursive('scope(id)', (qb) =>
      qb
        .selectFrom('unit')
        .select('unit.id')
        .where('unit.id', '=', rootId)
        .unionAll((sub) => sub.selectFrom('unit').innerJoin('scope', 'scope.id', 'unit.parent_id').select('unit.id')),
    )
    .selectFrom('scope')
    .select('scope.id')
}

/** Every unit of a campaign (archived ones only when asked), as tree rows. */
export async function listUnitRows(db: Db, campaignId: string, options: { archived?: boolean } = {}): Promise<UnitRow[]> {
  let query = db
    .selectFrom('unit')
    .select(['id', 'parent_id', 'name', 'kind', 'code', 'position', 'archived_at'])
    .where('campaign_id', '=', campaignId)
  if (!options.archived) query = query.where('archived_at', 'is', null)
  const rows = await query.execute()
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind, code: r.code, position: r.position, archived: r.archived_at !== null }))
}

/** One unit of the campaign; 404 when the id is unknown or belongs to another campaign. */
export async function getUnit(db: Db, campaignId: string, unitId: string | undefined): Promise<UnitRow> {
  if (!isUuid(unitId)) throw new ApiError(404, 'unit_not_found')
  const r = await db
    .selectFrom('unit')
    .select(['id', 'parent_id', 'name', 'kind', 'code', 'position', 'archived_at'])
    .where('campaign_id', '=', campaignId)
    .where('id', '=', unitId)
    .executeTakeFirst()
  if (!r) throw new ApiError(404, 'unit_not_found')
  return { id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind, code: r.code, position: r.position, archived: r.archived_at !== null }
}

async function assertCodeFree(db: Db, campaignId: string, code: string | null | undefined, exceptId?: string) {
  if (!code) return
  let query = db.selectFrom('unit').select('id').where('campaign_id', '=', campaignId).where('code', '=', code)
  if (exceptId) query = query.where('id', '!=', exceptId)
  if (await query.executeTakeFirst()) throw new ApiError(409, 'unit_code_taken')
}

async function assertParent(db: Db, campaignId: string, parentId: string | null | undefined) {
  if (!parentId) return
  const parent = await getUnit(db, campaignId, parentId)
  if (parent.archived) throw new ApiError(409, 'unit_parent_archived')
}

async function nextPosition(db: Db, campaignId: string, parentId: string | null): Promise<number> {
  const row = await db
    .selectFrom('unit')
    .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
    .where('campaign_id', '=', campaignId)
    .where(parentId ? sql<boolean>`parent_id = ${parentId}` : sql<boolean>`parent_id is null`)
    .executeTakeFirstOrThrow()
  return Number(row.next)
}

/** Adds a unit at the end of its parent's children. */
export async function createUnit(db: Db, campaignId: string, body: UnitBody): Promise<UnitRow> {
  await assertParent(db, campaignId, body.parentId)
  await assertCodeFree(db, campaignId, body.code)
  const parentId = body.parentId ?? null
  const row = await db
    .insertInto('unit')
    .values({ campaign_id: campaignId, parent_id: parentId, name: body.name, kind: body.kind, code: body.code ?? null, position: await nextPosition(db, campaignId, parentId) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return getUnit(db, campaignId, row.id)
}

/** Renames, re-kinds, re-codes or moves a unit; a move under itself or a descendant is a 409. */
export async function updateUnit(db: Db, campaignId: string, unitId: string, patch: UnitPatch): Promise<{ before: UnitRow; after: UnitRow }> {
  const before = await getUnit(db, campaignId, unitId)
  const moving = patch.parentId !== undefined && patch.parentId !== before.parentId
  if (moving) {
    const rows = await listUnitRows(db, campaignId, { archived: true })
    if (wouldCycle(new Map(rows.map((r) => [r.id, r.parentId])), unitId, patch.parentId ?? null)) throw new ApiError(409, 'unit_cycle')
    await assertParent(db, campaignId, patch.parentId)
  }
  if (patch.code !== undefined) await assertCodeFree(db, campaignId, patch.code, unitId)
  const position = patch.position ?? (moving ? await nextPosition(db, campaignId, patch.parentId ?? null) : undefined)
  await db
    .updateTable('unit')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(moving ? { parent_id: patch.parentId ?? null } : {}),
      ...(position !== undefined ? { position } : {}),
    })
    .where('id', '=', unitId)
    .execute()
  return { before, after: await getUnit(db, campaignId, unitId) }
}

/** Archives a unit with its whole subtree (archived units leave the tree and new rounds); returns the ids archived. */
export async function archiveUnit(db: Db, campaignId: string, unitId: string, now: Date): Promise<string[]> {
  await getUnit(db, campaignId, unitId)
  const rows = await listUnitRows(db, campaignId)
  const ids = [...subtreeIds(rows, [unitId])]
  if (ids.length > 0) await db.updateTable('unit').set({ archived_at: now }).where('id', 'in', ids).execute()
  return ids
}

/** Brings an archived unit back (not its archived children); its parent must be active. */
export async function restoreUnit(db: Db, campaignId: string, unitId: string): Promise<UnitRow> {
  const unit = await getUnit(db, campaignId, unitId)
  await assertParent(db, campaignId, unit.parentId)
  await db.updateTable('unit').set({ archived_at: null }).where('id', '=', unitId).execute()
  return getUnit(db, campaignId, unitId)
}
