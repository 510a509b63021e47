import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { type CampaignView, getCampaign } from './store'

/**
 * The campaign named in the URL, after checking that the caller may work on it: every
 * campaign-setup route starts here, so an id swapped in the URL is refused in one place.
 */
export async function campaignFromUrl(c: Context<AppEnv>): Promise<CampaignView> {
  return getCampaign(c.get('db'), c.req.param('campaign'))
}
