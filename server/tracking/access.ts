import type { Context } from 'hono'
import { assertCampaignAccess, assertUnitInScope, currentUser, type SessionUser, unitScope } from '../auth/guard'
import type { AuditEntity } from '../audit/entities'
import { recordAudit } from '../audit/record'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { Db } from './db'

/** Who does what with opinions and rectification items: organisers everything, leaders read, liaisons their subtree. */
export interface Tracking {
  campaignId: string
  user: SessionUser
  /** The unit ids a liaison may touch; null for the other roles (the whole campaign). */
  scope: string[] | null
}

/**
 * The campaign named in the URL (`:campaign`), after checking the caller belongs to it.
 * Clerks are refused: they enter paper ballots, nothing else. Unknown or foreign ids answer 403 alike.
 */
export async function trackingFromUrl(c: Context<AppEnv>): Promise<Tracking> {
  const user = currentUser(c)
  if (user.role === 'clerk') throw new ApiError(403, 'forbidden')
  const campaignId = c.req.param('campaign')
  if (!isUuid(campaignId)) throw new ApiError(404, 'campaign_not_found')
  assertCampaignAccess(user, campaignId)
  const exists = await c.get('db').selectFrom('campaign').select('id').where('id', '=', campaignId).executeTakeFirst()
  if (!exists) throw new ApiError(404, 'campaign_not_found')
  return { campaignId, user, scope: await unitScope(c.get('db'), user) }
}

/** 403 unless the user is an organiser. */
export function assertOrganiser(t: Tracking): void {
  if (t.user.role !== 'organiser') throw new ApiError(403, 'forbidden')
}

/** 403 unless the user may act on `unitId`: organisers on any unit of the campaign, liaisons in their subtree. */
export async function assertMayActOnUnit(db: Db, t: Tracking, unitId: string): Promise<void> {
  if (t.user.role === 'leader' || t.user.role === 'clerk') throw new ApiError(403, 'forbidden')
  const campaignId = await assertUnitInScope(db, t.user, unitId)
  if (campaignId !== t.campaignId) throw new ApiError(403, 'forbidden')
}

/** True when the unit is inside the caller's scope (always for organisers and leaders). */
export function inScope(t: Tracking, unitId: string | null): boolean {
  return t.scope === null || (unitId !== null && t.scope.includes(unitId))
}

/** Records a change in the audit log, in the transaction that makes it. */
export function auditTracking(c: Context<AppEnv>, trx: Db, t: Tracking, action: string, entity: AuditEntity, entityId: string | null, after?: unknown, before?: unknown) {
  return recordAudit(trx, { actor: { id: t.user.id, name: t.user.name }, campaignId: t.campaignId, action, entity, entityId, before, after, at: c.get('now')() })
}
