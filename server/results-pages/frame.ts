import type { Context } from 'hono'
import { getCampaign } from '../campaigns/store'
import type { ConsoleRequest } from '../console/layout'
import type { AppEnv } from '../env'
import { pathWithoutLang } from '../request'
import { organisesCampaign } from '../results/access'

/** The console around a results page: the organiser's request, and the campaign and round to go back to. */
export interface ResultsFrame extends ConsoleRequest {
  campaign?: { id: string; name: string }
  round?: { id: string; name: string }
}

/**
 * The console frame for a signed-in organiser (the results pages are theirs to open from the
 * console, and they should find their way back); undefined for everyone else, whose view stays
 * the audience's. `campaign` is named by id (its name is then read) or given whole; it and
 * `round` are kept only when the organiser works on that campaign.
 */
export async function resultsFrame(c: Context<AppEnv>, place: { campaign?: string | { id: string; name: string }; round?: { id: string; name: string } } = {}): Promise<ResultsFrame | undefined> {
  const user = c.get('user')
  const csrfToken = c.get('csrfToken')
  if (user?.role !== 'organiser' || !csrfToken) return undefined
  const frame: ResultsFrame = { lang: c.get('lang'), user, csrfToken, path: pathWithoutLang(c.req.url) }
  const named = place.campaign
  if (!named || !organisesCampaign(user, typeof named === 'string' ? named : named.id)) return frame
  const campaign = typeof named === 'string' ? await getCampaign(c.get('db'), named) : named
  return { ...frame, campaign: { id: campaign.id, name: campaign.name }, ...(place.round ? { round: { id: place.round.id, name: place.round.name } } : {}) }
}
