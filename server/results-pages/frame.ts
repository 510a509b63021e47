import type { Context } from 'hono'
import { getCampaign } from '../campaigns/store'
import type { ConsoleRequest } from '../console/layout'
import { navFor } from '../console/nav'
import type { AppEnv } from '../env'
import { pathWithoutLang } from '../request'
import { organisesCampaign } from '../results/access'

/** The console around a results page: the user's request, and (for an organiser) the campaign and round to go back to. */
export interface ResultsFrame extends ConsoleRequest {
  campaign?: { id: string; name: string }
  round?: { id: string; name: string }
}

/**
 * The console frame for a signed-in user whose console lists the results (organisers, leaders,
 * liaisons: they open these pages from the console and should find their way back, with the
 * sections their role has); undefined for everyone else, whose view stays the public's.
 * `campaign` is named by id (its name is then read) or given whole; it and `round` are kept
 * only when an organiser works on that campaign, as the console's campaign pages are theirs alone.
 */
export async function resultsFrame(c: Context<AppEnv>, place: { campaign?: string | { id: string; name: string }; round?: { id: string; name: string } } = {}): Promise<ResultsFrame | undefined> {
  const user = c.get('user')
  const csrfToken = c.get('csrfToken')
  if (!user || !csrfToken || !navFor(user.role).some((item) => item.key === 'results')) return undefined
  const frame: ResultsFrame = { lang: c.get('lang'), user, csrfToken, path: pathWithoutLang(c.req.url) }
  const named = place.campaign
  if (!named || !organisesCampaign(user, typeof named === 'string' ? named : named.id)) return frame
  const campaign = typeof named === 'string' ? await getCampaign(c.get('db'), named) : named
  return { ...frame, campaign: { id: campaign.id, name: campaign.name }, ...(place.round ? { round: { id: place.round.id, name: place.round.name } } : {}) }
}
