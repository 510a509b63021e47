import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { organiserRound } from '../results/access'
import { filterDocument } from '../results/readable'
import { unitScope } from '../auth/guard'
import { subtreeIds } from '../results/store'
import { inWindow, readableUnits } from './audience'
import { PublishBody } from './schemas'
import { type PublishedContent, publishRound, revokeAsOrganiser } from './publish'
import { audienceOf, findBySlug, findPublication, listPublications, metaOf } from './store'

/**
 * Publication, `/api/results/…`: an organiser publishes a closed round as an immutable snapshot
 * to an audience, lists and revokes its publications; readers get a publication if its
 * audience includes them; the public JSON serves public publications inside their 公示 window.
 */
export const publicationRoutes = new Hono<AppEnv>()
  .post('/rounds/:round/publications', async (c) => {
    const round = await organiserRound(c, c.req.param('round'))
    const body = await jsonBody(c, PublishBody)
    return c.json(metaOf(await publishRound(c, round, body)), 201)
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
    return c.json(metaOf(await revokeAsOrganiser(c, c.req.param('publication'))))
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
