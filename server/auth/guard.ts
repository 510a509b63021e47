import type { MiddlewareHandler } from 'hono'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { subtreeQuery } from '../units/store'

type Db = Kysely<Database> | Transaction<Database>

/** What an account may do: see DESIGN.md "Users". */
export type Role = 'organiser' | 'leader' | 'liaison' | 'clerk'

/** The logged-in user of a request: `c.get('user')`, set by the session middleware. */
export interface SessionUser {
  id: string
  name: string
  role: Role
  /** The campaign the account belongs to; null only for an office-wide organiser. */
  campaignId: string | null
  /** The root of a liaison's unit subtree; null for every other role. */
  unitId: string | null
}

/**
 * Lets a request through only with a session whose role is listed (any role when none is):
 * 401 `unauthenticated` without a session, 403 `forbidden` for another role.
 * @example routes.post('/', requireUser('organiser'), async (c) => { const user = c.get('user')! … })
 */
export function requireUser(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user')
    if (!user) throw new ApiError(401, 'unauthenticated')
    if (roles.length > 0 && !roles.includes(user.role)) throw new ApiError(403, 'forbidden')
    await next()
  }
}

/** The user of a request behind `requireUser`; 401 if a route forgot the middleware. */
export function currentUser(c: { get(key: 'user'): SessionUser | undefined }): SessionUser {
  const user = c.get('user')
  if (!user) throw new ApiError(401, 'unauthenticated')
  return user
}

/** Throws 403 `forbidden` unless the user belongs to the campaign or is an office-wide organiser. */
export function assertCampaignAccess(user: SessionUser, campaignId: string): void {
  if (user.role === 'organiser' && user.campaignId === null) return
  if (user.campaignId !== campaignId) throw new ApiError(403, 'forbidden')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Checks that a unit is within the user's scope, whatever id the URL or body names:
 * liaisons only in the subtree rooted at their unit; organisers, leaders and clerks in their
 * campaign. A unit outside the scope, of another campaign, or that does not exist answers 403
 * alike, so ids cannot be probed. Returns the unit's campaign id.
 */
export async function assertUnitInScope(db: Db, user: SessionUser, unitId: string): Promise<string> {
  if (!UUID.test(unitId)) throw new ApiError(403, 'forbidden')
  const unit = await db.selectFrom('unit').select('campaign_id').where('id', '=', unitId).executeTakeFirst()
  if (!unit) throw new ApiError(403, 'forbidden')
  assertCampaignAccess(user, unit.campaign_id)
  if (user.role !== 'liaison') return unit.campaign_id
  if (!user.unitId) throw new ApiError(403, 'forbidden')
  const inside = await subtreeQuery(db, user.unitId).where('scope.id', '=', unitId).executeTakeFirst()
  if (!inside) throw new ApiError(403, 'forbidden')
  return unit.campaign_id
}

/**
 * `assertUnitInScope` for many units in two queries at most (the units, and a liaison's
 * subtree): one 403 if any of them is outside the scope.
 */
export async function assertUnitsInScope(db: Db, user: SessionUser, unitIds: readonly string[]): Promise<void> {
  const ids = [...new Set(unitIds)]
  if (ids.length === 0) return
  if (!ids.every((id) => UUID.test(id))) throw new ApiError(403, 'forbidden')
  const units = await db.selectFrom('unit').select('campaign_id').where('id', 'in', ids).execute()
  if (units.length !== ids.length) throw new ApiError(403, 'forbidden')
  for (const unit of units) assertCampaignAccess(user, unit.campaign_id)
  const scope = await unitScope(db, user)
  if (scope && !ids.every((id) => scope.includes(id))) throw new ApiError(403, 'forbidden')
}

/**
 * The unit ids a user may see, for list queries: a liaison's subtree, or null meaning
 * "every unit of the campaign" for the other roles.
 */
export async function unitScope(db: Db, user: SessionUser): Promise<string[] | null> {
  if (user.role !== 'liaison') return null
  if (!user.unitId) return []
  const rows = await subtreeQuery(db, user.unitId).execute()
  return rows.map((row) => row.id)
}

/**
 * Checks that the user may enter paper ballots for a round: clerks only for rounds they were
 * given (`clerk_round`), organisers for rounds of their campaign; everyone else 403.
 * Unknown rounds answer 403 too. Returns the round's campaign id.
 */
export async function assertClerkRound(db: Db, user: SessionUser, roundId: string): Promise<string> {
  if (user.role !== 'clerk' && user.role !== 'organiser') throw new ApiError(403, 'forbidden')
  if (!UUID.test(roundId)) throw new ApiError(403, 'forbidden')
  const round = await db.selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirst()
  if (!round) throw new ApiError(403, 'forbidden')
  assertCampaignAccess(user, round.campaign_id)
  if (user.role === 'clerk') {
    const given = await db.selectFrom('clerk_round').select('round_id').where('user_id', '=', user.id).where('round_id', '=', roundId).executeTakeFirst()
    if (!given) throw new ApiError(403, 'forbidden')
  }
  return round.campaign_id
}
