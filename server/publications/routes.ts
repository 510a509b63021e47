import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { audit } from '../campaigns/access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { organiserRound, organisesCampaign } from '../results/access'
import type { RoundDocument } from '../results/document'
import { roundDocument } from '../results/document'
import { loadRound } from '../results/load'
import { filterDocument } from '../results/readable'
import { unitScope } from '../auth/guard'
import { subtreeIds } from '../results/store'
import { inWindow, readableUnits } from './audience'
import { PublishBody } from './schemas'
import { audienceOf, findBySlug, findPublication, insertPublication, listPublications, metaOf, revokePublication } from './store'

/** What a publication freezes and hashes: the round's document, with whom and when it was published. Never an opinion. */
export type PublishedContent = RoundDocument & { publishedAt: string; audience: { leaders: boolean; units: string[]; public: boolean }; window: { start: string | null; end: string | null } }

/**
 * Publication, `/api/results/…`: an organiser publishes a closed round as an immutable snapshot
 * to an audience, lists and revokes its publications; readers get a publication if its
 * audience includes them; the public JSON serves public publications inside their 公示 window.
 */
export const publicationRoutes = new Hono<AppEnv>()
  .post('/rounds/:round/publications', async (c) => {
    const round = await organiserRound(c, c.req.param('round'))
    const body = await jsonBody(c, PublishBody)
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
    const { document } = roundDocument(await loadRound(db, round))
    const content: PublishedContent = { ...document, round: { ...document.round, status: 'published' }, publishedAt: now.toISOString(), audience, window }
    const row = await db.transaction().execute(async (trx) => {
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
    return c.json(metaOf(row), 201)
  })
  .get('/rounds/:round/publications', async (c) => {
    const round = await organiserRound(c, c.req.param('round'))
    return c.json({ publications: (await listPublications(c.get('db'), round.id)).map(metaOf) })
  })
  .get('/publications/:publication', async (c) => {
    const db = c.get('db')
    const user = c.get('user')
    const row = await findPublication(db, c.req.param('publication'))
    if (!row) throw user?.role === 'organiser' && user.campaignId === null ? new ApiError(404, 'publication_not_found') : new ApiError(403, 'forbidden')
    const liaisonUnits = user?.role === 'liaison' ? ((await unitScope(db, user)) ?? []) : []
    const named = user?.role === 'liaison' ? new Set((await Promise.all(row.unit_ids.map((id) => subtreeIds(db, id)))).flat()) : new Set<string>()
    const allowed = readableUnits(audienceOf(row), user, c.get('now')(), liaisonUnits, named)
    if (allowed === null) throw new ApiError(403, 'forbidden')
    return c.json({ ...filterDocument(row.content as PublishedContent, allowed, {}), publication: metaOf(row) })
  })
  .post('/publications/:publication/revoke', async (c) => {
    const db = c.get('db')
    const user = c.get('user')
    if (user?.role !== 'organiser') throw new ApiError(403, 'forbidden')
    const row = await findPublication(db, c.req.param('publication'))
    if (!row) throw user.campaignId === null ? new ApiError(404, 'publication_not_found') : new ApiError(403, 'forbidden')
    if (!organisesCampaign(user, row.campaign_id)) throw new ApiError(403, 'forbidden')
    const revoked = await db.transaction().execute(async (trx) => {
      const after = await revokePublication(trx, row.id, c.get('now')())
      await audit(c, trx, row.campaign_id, { action: 'revoke', entity: 'publication', entityId: row.id, before: { revokedAt: null }, after: { revokedAt: metaOf(after).revokedAt } })
      return after
    })
    return c.json(metaOf(revoked))
  })
  .get('/public/:slug', async (c) => {
    const row = await publicPublication(c.get('db'), c.req.param('slug'), c.get('now')())
    return c.json({ ...(row.content as PublishedContent), publication: metaOf(row) })
  })

/**
 * The publication behind a public slug, for anyone: 404 unless it is published to the public
 * and not revoked; 403 `publication_outside_window` outside its 公示 window.
 */
export async function publicPublication(db: Kysely<Database>, slug: string | undefined, now: Date) {
  const row = await findBySlug(db, slug)
  if (!row || !row.to_public || row.revoked_at !== null) throw new ApiError(404, 'publication_not_found')
  if (!inWindow(audienceOf(row), now)) throw new ApiError(403, 'publication_outside_window')
  return row
}
