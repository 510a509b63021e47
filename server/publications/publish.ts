import type { Context } from 'hono'
import { audit } from '../campaigns/access'
import type { Round } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { organisesCampaign } from '../results/access'
import { type RoundDocument, roundDocument } from '../results/document'
import { loadRound } from '../results/load'
import { closeUnfinished, finishClose } from '../rounds/closing'
import type { PublishBody } from './schemas'
import { findPublication, insertPublication, metaOf, revokePublication } from './store'

/** What a publication freezes and hashes: the round's document, with whom and when it was published. Never an opinion. */
export type PublishedContent = RoundDocument & { publishedAt: string; audience: { leaders: boolean; units: string[]; public: boolean }; window: { start: string | null; end: string | null } }

/**
 * Publishes a closed round (the caller has checked that the user organises it) as an immutable
 * snapshot to `body`'s audience, marks the round published and audits it — one transaction.
 * Shared by the JSON API and the console's form. 409 unless closed or published; 422 for a
 * named unit of another campaign.
 */
export async function publishRound(c: Context<AppEnv>, round: Round, body: PublishBody) {
  if (round.status !== 'closed' && round.status !== 'published') throw new ApiError(409, 'publish_needs_closed')
  const db = c.get('db')
  const units = [...new Set(body.audience.units)]
  if (units.length > 0) {
    const found = await db.selectFrom('unit').select('id').where('id', 'in', units).where('campaign_id', '=', round.campaign_id).execute()
    const known = new Set(found.map((u) => u.id))
    const issues = units.flatMap((id, i) => (known.has(id) ? [] : [{ path: `audience.units.${i}` }]))
    if (issues.length > 0) throw new ApiError(422, 'invalid_input', issues)
  }
  const now = c.get('now')()
  const audience = { leaders: body.audience.leaders, units, public: body.audience.public }
  const window = { start: body.window.start ? new Date(body.window.start).toISOString() : null, end: body.window.end ? new Date(body.window.end).toISOString() : null }
  // A close cut short: its staged ballots join the tallies before they are frozen.
  if (closeUnfinished(round)) await finishClose(db, c.get('keys'), round.id)
  const { document } = roundDocument(await loadRound(db, round))
  const content: PublishedContent = { ...document, round: { ...document.round, status: 'published' }, publishedAt: now.toISOString(), audience, window }
  return db.transaction().execute(async (trx) => {
    const inserted = await insertPublication(trx, {
      roundId: round.id,
      campaignId: round.campaign_id,
      audience,
      window: { start: window.start ? new Date(window.start) : null, end: window.end ? new Date(window.end) : null },
      content,
      by: c.get('user')!.id,
      at: now,
    })
    if (round.status === 'closed') await trx.updateTable('round').set({ status: 'published' }).where('id', '=', round.id).where('status', '=', 'closed').execute()
    await audit(c, trx, round.campaign_id, { action: 'publish', entity: 'publication', entityId: inserted.id, before: { status: round.status }, after: metaOf(inserted) })
    return inserted
  })
}

/**
 * Revokes a publication for an organiser of its campaign (403 otherwise, 404 only for an
 * office-wide organiser), audited. With `roundId` (the console's round page, whose round the
 * caller is known to organise), a publication of another round is not found (404).
 */
export async function revokeAsOrganiser(c: Context<AppEnv>, publicationId: string | undefined, roundId?: string) {
  const db = c.get('db')
  const user = c.get('user')
  if (user?.role !== 'organiser') throw new ApiError(403, 'forbidden')
  const found = await findPublication(db, publicationId)
  const row = roundId === undefined || found?.round_id === roundId ? found : null
  // A round the caller organises (checked by the page) may say "not found"; a bare id only to an office-wide organiser.
  if (!row) throw user.campaignId === null || roundId !== undefined ? new ApiError(404, 'publication_not_found') : new ApiError(403, 'forbidden')
  if (!organisesCampaign(user, row.campaign_id)) throw new ApiError(403, 'forbidden')
  return db.transaction().execute(async (trx) => {
    const after = await revokePublication(trx, row.id, c.get('now')())
    await audit(c, trx, row.campaign_id, { action: 'revoke', entity: 'publication', entityId: row.id, before: { revokedAt: null }, after: { revokedAt: metaOf(after).revokedAt } })
    return after
  })
}
