import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/record'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { loginDelay, recordFailedLogin } from './attempts'
import { sha256Hex } from './crypto'
import type { SessionUser } from './guard'
import { ThrottledError } from './login'
import { hashPassword, verifyPassword } from './password'
import { deleteOtherSessions, findCredentials, setPasswordHash } from './store'

/**
 * Changes the user's own password after checking the current one. A wrong current password
 * counts as a failed login (so a stolen session cannot be used to guess it freely). Every other
 * session of the account ends; the one making the change stays.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  input: { user: SessionUser; sessionToken: string; currentPassword: string; newPassword: string; address: string | null; now: Date },
): Promise<void> {
  const { user, now } = input
  const account = await findCredentials(db, user.id)
  const wait = await loginDelay(db, account.username, input.address, now)
  if (wait > 0) throw new ThrottledError(wait)
  if (!(await verifyPassword(input.currentPassword, account.password_hash))) {
    await recordFailedLogin(db, account.username, input.address, now)
    throw new ApiError(403, 'bad_credentials', [{ path: 'currentPassword' }])
  }
  const passwordHash = await hashPassword(input.newPassword)
  const keep = await sha256Hex(input.sessionToken)
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash)
    await deleteOtherSessions(trx, user.id, keep)
    await recordAudit(trx, { actor: user, campaignId: user.campaignId, action: 'change_password', entity: 'user', entityId: user.id, at: now })
  })
}
