import type { Kysely, Transaction } from 'kysely'
import type { Database, UserRole } from '../db/schema'

type Db = Kysely<Database> | Transaction<Database>

/** An account as organisers see it: never the password hash. */
export interface UserView {
  id: string
  username: string
  name: string
  role: UserRole
  campaignId: string | null
  unitId: string | null
  roundIds: string[]
  disabled: boolean
}

/** Accounts, by role then username; `campaignId` undefined lists every account. */
export async function listUsers(db: Db, filter: { campaignId?: string; id?: string }): Promise<UserView[]> {
  let query = db.selectFrom('app_user').select(['id', 'username', 'name', 'role', 'campaign_id', 'unit_id', 'disabled_at'])
  if (filter.campaignId) query = query.where('campaign_id', '=', filter.campaignId)
  if (filter.id) query = query.where('id', '=', filter.id)
  const users = await query.orderBy('role').orderBy('username').execute()
  const ids = users.map((u) => u.id)
  const rounds = ids.length ? await db.selectFrom('clerk_round').select(['user_id', 'round_id']).where('user_id', 'in', ids).orderBy('round_id').execute() : []
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    campaignId: u.campaign_id,
    unitId: u.unit_id,
    roundIds: rounds.filter((r) => r.user_id === u.id).map((r) => r.round_id),
    disabled: u.disabled_at !== null,
  }))
}

/** One account, or undefined. */
export async function findUser(db: Db, id: string): Promise<UserView | undefined> {
  return (await listUsers(db, { id }))[0]
}

/** Replaces a clerk's rounds. */
export async function setClerkRounds(db: Db, userId: string, roundIds: string[]): Promise<void> {
  await db.deleteFrom('clerk_round').where('user_id', '=', userId).execute()
  const unique = [...new Set(roundIds)]
  if (unique.length) await db.insertInto('clerk_round').values(unique.map((round_id) => ({ user_id: userId, round_id }))).execute()
}

/** Ends every session of an account (after disabling it or resetting its password). */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute()
}
