import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import type { AuditQuery } from './schemas'

type Db = Kysely<Database> | Transaction<Database>

/** One audit record as the API shows it. */
export interface AuditRecord {
  id: string
  actor: { id: string | null; name: string }
  campaignId: string | null
  action: string
  entity: string
  entityId: string | null
  before: unknown
  after: unknown
  at: string
}

/**
 * Audit records newest first, filtered; `campaignId` null lists every campaign (office-wide
 * organisers only). Returns one page and the cursor of the next, if any.
 */
export async function listAudit(db: Db, query: AuditQuery & { campaignId?: string }): Promise<{ items: AuditRecord[]; nextBefore: string | null }> {
  let select = db.selectFrom('audit_log').selectAll()
  if (query.campaignId) select = select.where('campaign_id', '=', query.campaignId)
  if (query.entity) select = select.where('entity', '=', query.entity)
  if (query.entityId) select = select.where('entity_id', '=', query.entityId)
  if (query.before) select = select.where('id', '<', query.before)
  const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute()
  const page = rows.slice(0, query.limit)
  return {
    items: page.map((row) => ({
      id: String(row.id),
      actor: { id: row.actor_id, name: row.actor_name },
      campaignId: row.campaign_id,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      before: row.before,
      after: row.after,
      at: new Date(row.at).toISOString(),
    })),
    nextBefore: rows.length > query.limit ? String(page[page.length - 1]?.id) : null,
  }
}
