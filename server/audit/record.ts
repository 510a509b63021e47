import type { Kysely, Transaction } from 'kysely'
import { jsonb } from '../db/jsonb'
import type { Database } from '../db/schema'
import type { AuditEntity } from './entities'

type Db = Kysely<Database> | Transaction<Database>

/** Who made a change: a SessionUser fits; scripts pass `{ id: null, name: 'user:create' }`. */
export interface AuditActor {
  id: string | null
  name: string
}

/** One change, as features describe it. `before`/`after` are plain JSON (rows, or the fields that changed). */
export interface AuditEntry {
  actor: AuditActor
  /** The campaign the change belongs to; null for office-wide changes. */
  campaignId: string | null
  /** A verb: `create`, `update`, `open`, `close`, `reopen`, `publish`, `enter_paper_ballot` … */
  action: string
  /** The kind of thing changed: `round`, `form`, `access_code_batch`, `publication`, `user` … (server/audit/entities.ts) */
  entity: AuditEntity
  entityId?: string | null
  before?: unknown
  after?: unknown
  /** When: the app clock (`c.get('now')()`), so tests can fix it. */
  at: Date
}

/**
 * Writes one audit record. Call it with the transaction that makes the change, so the change
 * and its record commit or roll back together. Never pass access codes, password hashes or
 * anything that ties a ballot to a person or code.
 * @example await db.transaction().execute(async (trx) => { …; await recordAudit(trx, { actor: user, campaignId, action: 'open', entity: 'round', entityId: id, before: { status: 'draft' }, after: { status: 'open' }, at: c.get('now')() }) })
 */
export async function recordAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor_id: entry.actor.id,
      actor_name: entry.actor.name,
      campaign_id: entry.campaignId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : jsonb(entry.before),
      after: entry.after === undefined ? null : jsonb(entry.after),
      at: entry.at,
    })
    .execute()
}
