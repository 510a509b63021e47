import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, retryAfterSeconds, THROTTLE_WINDOW_MS } from './throttle'

type Db = Kysely<Database> | Transaction<Database>

/** Seconds the next login for this account or address must wait (0: go ahead). */
export async function loginDelay(db: Db, username: string, address: string | null, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const byAccount = await db.selectFrom('login_attempt').select('at').where('username', '=', username).where('at', '>', since).execute()
  const byAddress = address
    ? await db.selectFrom('login_attempt').select('at').where('address', '=', address).where('at', '>', since).execute()
    : []
  return Math.max(
    retryAfterSeconds(byAccount.map((row) => new Date(row.at)), ACCOUNT_LIMIT, THROTTLE_WINDOW_MS, now),
    retryAfterSeconds(byAddress.map((row) => new Date(row.at)), ADDRESS_LIMIT, THROTTLE_WINDOW_MS, now),
  )
}

/** Records a failed login and prunes failures too old to count any more. */
export async function recordFailedLogin(db: Db, username: string, address: string | null, now: Date): Promise<void> {
  await db.insertInto('login_attempt').values({ username, address, at: now }).execute()
  await db.deleteFrom('login_attempt').where('at', '<=', new Date(now.getTime() - THROTTLE_WINDOW_MS)).execute()
}

/**
 * Forgets an account's failures once its owner logs in. Failures against other accounts from
 * the same address still count, so logging into one's own account cannot reset a guessing run.
 */
export async function clearAccountFailures(db: Db, username: string): Promise<void> {
  await db.deleteFrom('login_attempt').where('username', '=', username).execute()
}
