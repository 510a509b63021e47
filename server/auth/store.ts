import type { Kysely, Transaction } from 'kysely'
import { type AuditActor, recordAudit } from '../audit/record'
import type { Database, UserRole } from '../db/schema'
import { ApiError } from '../errors'
import { randomToken, sha256Hex } from './crypto'
import type { SessionUser } from './guard'
import { hashPassword } from './password'

type Db = Kysely<Database> | Transaction<Database>

/** What it takes to create an account; scope rules are checked here and by the table's CHECKs. */
export interface NewUser {
  username: string
  name: string
  role: UserRole
  password: string
  campaignId?: string | null
  unitId?: string | null
  roundIds?: string[]
}

/**
 * Creates an account with a hashed password, in one transaction with its clerk rounds.
 * The unit of a liaison and the rounds of a clerk must belong to the account's campaign.
 * Throws 409 `username_taken` or 422 `invalid_scope`. With `audit`, the creation is recorded
 * in the audit log in the same transaction (never the password or its hash).
 */
export async function createUser(db: Kysely<Database>, input: NewUser, audit?: { actor: AuditActor; at: Date }): Promise<SessionUser> {
  const campaignId = input.campaignId ?? null
  const unitId = input.role === 'liaison' ? (input.unitId ?? null) : null
  const roundIds = input.role === 'clerk' ? (input.roundIds ?? []) : []
  if (input.role !== 'organiser' && !campaignId) throw new ApiError(422, 'invalid_scope', [{ path: 'campaignId' }])
  if (input.role === 'liaison' && !unitId) throw new ApiError(422, 'invalid_scope', [{ path: 'unitId' }])
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    if (campaignId) {
      const campaign = await trx.selectFrom('campaign').select('id').where('id', '=', campaignId).executeTakeFirst()
      if (!campaign) throw new ApiError(422, 'invalid_scope', [{ path: 'campaignId' }])
    }
    if (unitId) {
      const unit = await trx.selectFrom('unit').select('id').where('id', '=', unitId).where('campaign_id', '=', campaignId).executeTakeFirst()
      if (!unit) throw new ApiError(422, 'invalid_scope', [{ path: 'unitId' }])
    }
    if (roundIds.length > 0) {
      const rounds = await trx.selectFrom('round').select('id').where('id', 'in', roundIds).where('campaign_id', '=', campaignId).execute()
      if (rounds.length !== new Set(roundIds).size) throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
    }
    const taken = await trx.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst()
    if (taken) throw new ApiError(409, 'username_taken', [{ path: 'username' }])
    const row = await trx
      .insertInto('app_user')
      .values({ username: input.username, name: input.name, role: input.role, campaign_id: campaignId, unit_id: unitId, password_hash: passwordHash })
      .returning(['id', 'name', 'role', 'campaign_id', 'unit_id'])
      .executeTakeFirstOrThrow()
    if (roundIds.length > 0) {
      await trx
        .insertInto('clerk_round')
        .values([...new Set(roundIds)].map((round_id) => ({ user_id: row.id, round_id })))
        .execute()
    }
    const user: SessionUser = { id: row.id, name: row.name, role: row.role, campaignId: row.campaign_id, unitId: row.unit_id }
    if (audit) {
      await recordAudit(trx, {
        ...audit,
        campaignId,
        action: 'create',
        entity: 'user',
        entityId: row.id,
        after: { username: input.username, ...user, roundIds },
      })
    }
    return user
  })
}

/** The account a login names, enabled or not; undefined when there is none. */
export function findLogin(db: Db, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'name', 'role', 'campaign_id', 'unit_id', 'password_hash', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst()
}

/** Replaces a password hash (after a login found it weaker than today's default). */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
}

/** True when at least one organiser account exists (first start creates one from the environment). */
export async function hasOrganiser(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_user').select('id').where('role', '=', 'organiser').limit(1).executeTakeFirst()
  return row !== undefined
}

/** A new session: the random token for the cookie; only its hash is stored. */
export async function createSession(db: Db, userId: string, now: Date): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken(32)
  const csrfToken = randomToken(32)
  await db
    .insertInto('user_session')
    .values({ token_hash: await sha256Hex(token), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now })
    .execute()
  return { token, csrfToken }
}

/** The session behind a cookie token with its (enabled) user, or undefined. */
export async function findSession(db: Db, token: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.token_hash',
      'user_session.csrf_token',
      'user_session.created_at',
      'user_session.last_seen_at',
      'app_user.id',
      'app_user.name',
      'app_user.role',
      'app_user.campaign_id',
      'app_user.unit_id',
    ])
    .where('user_session.token_hash', '=', await sha256Hex(token))
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst()
}

/** Records activity on a session, for the idle timeout. */
export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute()
}

/** Ends a session on the server (logout, expiry, rotation at login). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', await sha256Hex(token)).execute()
}

/** Deletes a user's sessions that started before `createdBefore` or were idle since `idleBefore`. */
export async function deleteExpiredSessions(db: Db, userId: string, createdBefore: Date, idleBefore: Date): Promise<void> {
  await db
    .deleteFrom('user_session')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('created_at', '<=', createdBefore), eb('last_seen_at', '<=', idleBefore)]))
    .execute()
}
