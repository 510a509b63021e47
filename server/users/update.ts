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
 * name, disabled or enabled, a new password, a clerk's rounds (of its campaign). A disabled
 * account or a reset password ends its sessions. Audited with before and after (never a hash).
 */
export async function updateUser(db: Kysely<Database>, actor: SessionUser, id: string, body: UserPatchBody, now: Date): Promise<UserView> {
  const before = isUuid(id) ? await findUser(db, id) : undefined
  if (!before) throw new ApiError(404, 'not_found')
  assertManages(actor, before)
  if (body.disabled === true && before.id === actor.id) throw new ApiError(409, 'cannot_disable_self')
  if (body.roundIds && before.role !== 'clerk') throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
  const passwordHash = body.password ? await hashPassword(body.password) : undefined
  return db.transaction().execute(async (trx) => {
    if (body.roundIds?.length) {
      const rounds = await trx.selectFrom('round').select('id').where('id', 'in', body.roundIds).where('campaign_id', '=', before.campaignId).execute()
      if (rounds.length !== new Set(body.roundIds).size) throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
    }
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.disabled !== undefined ? { disabled_at: body.disabled ? now : null } : {}),
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    }
    if (Object.keys(changes).length) await trx.updateTable('app_user').set(changes).where('id', '=', id).execute()
    if (body.roundIds) await setClerkRounds(trx, id, body.roundIds)
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
