import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { clearAccountFailures, loginDelay, recordFailedLogin } from './attempts'
import type { SessionUser } from './guard'
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from './password'
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './session'
import { createSession, deleteExpiredSessions, deleteSession, findLogin, setPasswordHash } from './store'

/** Thrown as 429 with the seconds to wait; the routes put them in `Retry-After`. */
export class ThrottledError extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'too_many_attempts')
  }
}

/**
 * Checks a username and password and opens a new session. The old session of the browser (if
 * any) is ended first, so a session id planted before login is worthless after it.
 * An unknown account and a wrong password both answer 401 `bad_credentials` after the same
 * PBKDF2 work; too many recent failures answer ThrottledError before any hashing. A disabled
 * account answers 403 `account_disabled`, but only to the right password: to a guesser it is
 * one more wrong password, so that an account is disabled tells nothing to whoever lacks it.
 * Either refusal counts as a failed attempt.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string | null; now: Date; previousToken?: string },
): Promise<{ user: SessionUser; token: string; csrfToken: string }> {
  const { username, password, address, now } = input
  const wait = await loginDelay(db, username, address, now)
  if (wait > 0) throw new ThrottledError(wait)
  const account = await findLogin(db, username)
  const ok = account ? await verifyPassword(password, account.password_hash) : await verifyDummyPassword(password)
  if (!account || !ok || account.disabled_at !== null) {
    await recordFailedLogin(db, username, address, now)
    throw ok ? new ApiError(403, 'account_disabled') : new ApiError(401, 'bad_credentials')
  }
  await clearAccountFailures(db, username)
  if (needsRehash(account.password_hash)) await setPasswordHash(db, account.id, await hashPassword(password))
  if (input.previousToken) await deleteSession(db, input.previousToken)
  await deleteExpiredSessions(db, account.id, new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS), new Date(now.getTime() - IDLE_TIMEOUT_MS))
  const { token, csrfToken } = await createSession(db, account.id, now)
  return {
    user: { id: account.id, name: account.name, role: account.role, campaignId: account.campaign_id, unitId: account.unit_id },
    token,
    csrfToken,
  }
}
