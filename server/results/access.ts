import type { Context } from 'hono'
import type { SessionUser } from '../auth/guard'
import type { Round } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { findRound } from './load'

/** True for an organiser who may work on the campaign (office-wide or of that campaign). */
export function organisesCampaign(user: SessionUser | undefined, campaignId: string): boolean {
  return user?.role === 'organiser' && (user.campaignId === null || user.campaignId === campaignId)
}

/**
 * The round named in the URL for one of its campaign's organisers; everyone else gets 403
 * before anything is read, whatever the id, so ids cannot be probed. Only an office-wide
 * organiser learns that a round does not exist (404).
 */
export async function organiserRound(c: Context<AppEnv>, roundId: string | undefined): Promise<Round> {
  const user = c.get('user')
  if (user?.role !== 'organiser') throw new ApiError(403, 'forbidden')
  if (user.campaignId !== null && !isUuid(roundId)) throw new ApiError(403, 'forbidden')
  const round = await findRound(c.get('db'), roundId).catch((error: unknown) => {
    if (user.campaignId !== null) throw new ApiError(403, 'forbidden')
    throw error
  })
  if (!organisesCampaign(user, round.campaign_id)) throw new ApiError(403, 'forbidden')
  return round
}
