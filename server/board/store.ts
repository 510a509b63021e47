import type { KeyedHasher } from '../codes/keyed-hash'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { recheckResults, type RecheckResult } from '../recheck/store'
import { type Clock, type ItemView, listItems, listUpdates } from '../rectification/store'

/** What the public board shows: public items only, each with its last updates and publicly published re-check results. */
export interface Board {
  campaign: { id: string; name: string; slug: string | null }
  today: string
  items: (Omit<ItemView, 'opinions' | 'stalled' | 'lastActivity' | 'latest'> & { progress: { onDate: string; body: string }[]; recheck: RecheckResult[] })[]
}

/**
 * The board of a campaign found by slug or id; 404 for anything else. Anyone may read it. A
 * round's re-check results show only while that round is published to the public at `now`, and
 * below its minimum group size without figures (as everywhere).
 */
export async function loadBoard(db: Kysely<Database>, keys: KeyedHasher, slugOrId: string, clock: Clock, now: Date): Promise<Board> {
  const campaign = await db
    .selectFrom('campaign')
    .select(['id', 'name', 'slug'])
    .where((eb) => (isUuid(slugOrId) ? eb.or([eb('id', '=', slugOrId), eb('slug', '=', slugOrId)]) : eb('slug', '=', slugOrId)))
    .executeTakeFirst()
  if (!campaign) throw new ApiError(404, 'board_not_found')
  const items = await listItems(db, campaign.id, null, clock, { publicOnly: true })
  const ids = items.map((i) => i.id)
  const updates = await listUpdates(db, ids)
  const recheck = await recheckResults(db, ids, { keys, publicAt: now })
  return {
    campaign,
    today: clock.today,
    items: items.map(({ opinions: _o, stalled: _s, lastActivity: _l, latest: _p, ...item }) => ({
      ...item,
      progress: updates.filter((u) => u.itemId === item.id).slice(0, 3).map((u) => ({ onDate: u.onDate, body: u.body })),
      recheck: recheck.filter((r) => r.itemId === item.id),
    })),
  }
}
