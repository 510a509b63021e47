import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/record'
import { assertCampaignAccess, type SessionUser } from '../auth/guard'
import { hashPassword } from '../auth/password'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { UserPatchBody } from './schemas'
import { endSessions, findUser, setClerkRounds, type UserView } from './store'

/** Only an office-wide organiser manages office-wide accounts; others only their campaign's. */
export function assertManages(user: SessionUser, target: { campaignId: string | null }): void {
  if (target.campaignId === null) {
    if (user.campaignId !== null) throw new ApiError(403, 'forbidden')
    return
  }
  assertCampaignAccess(user, target.campaignId)
}

/**
 * Changes an account the organiser manages (the API's PATCH and the console's edit form): its
 * name, its role, disabled or enabled, a new password, a liaison's unit, a clerk's rounds (all of
 * the account's own campaign, which never changes). The scope follows the role: a liaison needs a
 * unit, only a clerk keeps rounds, only an organiser may be office-wide; leaving a role drops its
 * scope. Nobody changes their own role (no organiser can lock themself out of the console). A
 * disabled account or a reset password ends its sessions; a new role or unit applies from the
 * account's next request, as sessions read them from the account. Audited with before and after
 * (never a hash).
 */
export async function updateUser(db: Kysely<Database>, actor: SessionUser, id: string, body: UserPatchBody, now: Date): Promise<UserView> {
  const before = isUuid(id) ? await findUser(db, id) : undefined
  if (!before) throw new ApiError(404, 'not_found')
  assertManages(actor, before)
  if (body.disabled === true && before.id === actor.id) throw new ApiError(409, 'cannot_disable_self')
  const role = body.role ?? before.role
  if (role !== before.role && before.id === actor.id) throw new ApiError(409, 'cannot_change_own_role', [{ path: 'role' }])
  if (role !== 'organiser' && before.campaignId === null) throw new ApiError(422, 'invalid_scope', [{ path: 'role' }])
  if (body.roundIds && role !== 'clerk') throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
  if (body.unitId && role !== 'liaison') throw new ApiError(422, 'invalid_scope', [{ path: 'unitId' }])
  const unitId = role !== 'liaison' ? null : body.unitId !== undefined ? body.unitId : before.unitId
  if (role === 'liaison' && !unitId) throw new ApiError(422, 'invalid_scope', [{ path: 'unitId' }])
  const passwordHash = body.password ? await hashPassword(body.password) : undefined
  return db.transaction().execute(async (trx) => {
    if (body.roundIds?.length) {
      const rounds = await trx.selectFrom('round').select('id').where('id', 'in', body.roundIds).where('campaign_id', '=', before.campaignId).execute()
      if (rounds.length !== new Set(body.roundIds).size) throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
    }
    if (unitId && unitId !== before.unitId) {
      const unit = await trx.selectFrom('unit').select('id').where('id', '=', unitId).where('campaign_id', '=', before.campaignId).where('archived_at', 'is', null).executeTakeFirst()
      if (!unit) throw new ApiError(422, 'invalid_scope', [{ path: 'unitId' }])
    }
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(role !== before.role ? { role } : {}),
      ...(unitId !== before.unitId ? { unit_id: unitId } : {}),
      ...(body.disabled !== undefined ? { disabled_at: body.disabled ? now : null } : {}),
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    }
    if (Object.keys(changes).length) await trx.updateTable('app_user').set(changes).where('id', '=', id).execute()
    // a clerk's rounds are its only scope: set with the role, gone when it leaves the role
    if (body.roundIds || (before.role === 'clerk' && role !== 'clerk')) await setClerkRounds(trx, id, body.roundIds ?? [])
    // A disabled account or a reset password must not leave a live session behind.
    if (body.disabled === true || passwordHash) await endSessions(trx, id)
    const updated = (await findUser(trx, id)) as UserView
    await recordAudit(trx, {
      actor,
      campaignId: before.campaignId,
      action: 'update',
      entity: 'user',
      entityId: id,
      before,
      after: { ...updated, ...(passwordHash ? { passwordReset: true } : {}) },
      at: now,
    })
    return updated
  })
}
