import type { Context } from 'hono'
import { unitScope } from '../auth/guard'
import type { Round } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { readableUnits } from '../publications/audience'
import { audienceOf, listPublications } from '../publications/store'
import { isUuid } from '../request'
import { closeUnfinished, finishClose } from '../rounds/closing'
import { organisesCampaign } from './access'
import { fullRoundResults } from './cache'
import type { RoundDocument } from './document'
import { findRound } from './load'
import { subtreeIds } from './store'

/** Which publication a document came from; null for an organiser's live view. */
export interface PublicationRef {
  id: string
  hash: string
  publishedAt: string
}

type Options = { units?: ReadonlySet<string>; categories?: boolean }

/** A published document cut down to some units (and without the per-category blocks if asked). */
export function filterDocument(doc: RoundDocument, allowed: 'all' | readonly string[], options: Options): RoundDocument {
  const keep = (id: string) => (allowed === 'all' || allowed.includes(id)) && (!options.units || options.units.has(id))
  const partial = allowed !== 'all' || options.units !== undefined
  const units = doc.units.filter((u) => keep(u.id)).map((u) => (options.categories === false ? { ...u, byCategory: [] } : u))
  const overall = partial || !doc.overall ? null : options.categories === false ? { ...doc.overall, byCategory: [] } : doc.overall
  // A document published before channels were counted has no such key: it is served as stored.
  return { ...doc, units, overall, ...(doc.channels === undefined ? {} : { channels: partial ? null : doc.channels }) }
}

/**
 * A round's results as the caller may see them. Organisers of its campaign: computed live from
 * the tallies once the round has closed. Everyone else: the newest publication of the round
 * whose audience includes them (a liaison: only its own subtree), or 403 — the same 403 for a
 * round that does not exist, so ids cannot be probed.
 */
export async function readableDocument(c: Context<AppEnv>, roundId: string | undefined, options: Options = {}): Promise<{ document: RoundDocument; publication: PublicationRef | null; answer?: () => Uint8Array<ArrayBuffer> }> {
  const user = c.get('user')
  const db = c.get('db')
  if (user?.role === 'organiser') {
    const round = await organiserOwnRound(c, roundId)
    if (round) {
      // Partial numbers while ballots still come in would sway the rest; the hall screen has turnout.
      if (round.status === 'draft' || round.status === 'open') throw new ApiError(409, 'round_still_open')
      // A close cut short left ballots staged: out of the tallies, joined to their codes on xmin.
      // Finished here on every host (the Workers host has no start-up to do it).
      if (closeUnfinished(round)) await finishClose(db, c.get('keys'), round.id)
      const full = await fullRoundResults(db, round)
      const whole = !options.units && options.categories !== false
      return { document: whole ? full.document : filterDocument(full.document, 'all', options), publication: null, ...(whole ? { answer: full.answer } : {}) }
    }
  }
  if (!isUuid(roundId)) throw new ApiError(403, 'forbidden')
  const now = c.get('now')()
  const liaisonUnits = user?.role === 'liaison' ? ((await unitScope(db, user)) ?? []) : []
  for (const row of await listPublications(db, roundId)) {
    const named = user?.role === 'liaison' && row.unit_ids.length > 0 ? new Set((await Promise.all(row.unit_ids.map((id) => subtreeIds(db, id)))).flat()) : new Set<string>()
    const allowed = readableUnits(audienceOf(row), user, now, liaisonUnits, named)
    if (allowed === null) continue
    const document = filterDocument(row.content as RoundDocument, allowed, options)
    return { document, publication: { id: row.id, hash: row.hash, publishedAt: new Date(row.published_at).toISOString() } }
  }
  throw new ApiError(403, 'forbidden')
}

/** The round when the organiser may work on it; null when it is another campaign's (or none, for a campaign organiser). */
async function organiserOwnRound(c: Context<AppEnv>, roundId: string | undefined): Promise<Round | null> {
  const user = c.get('user')!
  if (user.campaignId !== null && !isUuid(roundId)) return null
  const round = await findRound(c.get('db'), roundId).catch((error: unknown) => {
    if (user.campaignId !== null) return null
    throw error
  })
  return round && organisesCampaign(user, round.campaign_id) ? round : null
}
