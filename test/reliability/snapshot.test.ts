import { beforeAll, expect, it } from 'vitest'
import { contentHash } from '../../server/publications/canonical'
import type { PublishedContent } from '../../server/publications/publish'
import { verifyPublication } from '../../server/publications/store'
import { roundDocument } from '../../server/results/document'
import { loadRound } from '../../server/results/load'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { demoBatch } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { client } from '../support/setup-api'
import { recordFigure } from './summary'

describeEachDatabase('published snapshot hash', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.round.campaign_id })
  })

  it('11. serves a snapshot whose hash matches its content and a recomputation from the ballots', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 60)
    for (const [c, code] of codes.entries()) {
      for (const unit of [0, 1, 2]) {
        const answers = Object.fromEntries(ctx.dimensions.map((d, i) => [String(d.id), ctx.levels[(c * 7 + unit + i) % ctx.levels.length]!.id]))
        const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { submissionId: crypto.randomUUID(), code, unitId: ctx.units[unit]!.id, answers })
        expect(res.status).toBe(201)
      }
    }
    const call = client(app, organiser.headers)
    expect((await call('POST', `/api/campaigns/${ctx.round.campaign_id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const published = await call('POST', `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true, leaders: true } })
    expect(published.status).toBe(201)
    const meta = published.json as { id: string; slug: string; hash: string }

    // 1. What the public is served hashes to the hash it is served with.
    const served = (await client(app)('GET', `/api/results/public/${meta.slug}`)).json as PublishedContent & { publication: { hash: string } }
    const { publication, ...content } = served
    const servedHash = await contentHash(content)
    // 2. The results recomputed now from the tallies, frozen the same way, give the same hash.
    const round = await db.selectFrom('round').selectAll().where('id', '=', ctx.round.id).executeTakeFirstOrThrow()
    const { document } = roundDocument(await loadRound(db, round))
    const recomputedHash = await contentHash({ ...document, round: { ...document.round, status: 'published' }, publishedAt: content.publishedAt, audience: content.audience, window: content.window })
    // 3. And the tallies behind them equal a recount of the ballots.
    const integrity = await tallyMismatches(db)
    // 4. The snapshot cannot be altered in place, and an altered copy would not match.
    const stored = await verifyPublication(db, meta.id)
    const refused = await db
      .updateTable('publication')
      .set({ hash: '0'.repeat(64) })
      .where('id', '=', meta.id)
      .execute()
      .then(() => false, () => true)
    const tampered = { ok: (await contentHash({ ...content, publishedAt: new Date(Date.parse(content.publishedAt) + 1000).toISOString() })) === meta.hash }

    const pass = publication.hash === meta.hash && servedHash === meta.hash && recomputedHash === meta.hash && stored.ok && refused && !tampered.ok && integrity.tally + integrity.counts === 0
    recordFigure(
      `11. published snapshot hash [${database().driver}]`,
      `180 ballots, closed, published: stored ${meta.hash.slice(0, 12)}…, served content → ${servedHash.slice(0, 12)}…, recomputed from tallies → ${recomputedHash.slice(0, 12)}…; tallies vs ballots off by ${integrity.tally + integrity.counts}; update refused by the database: ${refused}; an altered copy detected: ${!tampered.ok}`,
      pass,
    )
    expect(publication.hash).toBe(meta.hash)
    expect(servedHash).toBe(meta.hash)
    expect(recomputedHash).toBe(meta.hash)
    expect(stored.ok).toBe(true)
    expect(refused).toBe(true)
    expect(tampered.ok).toBe(false)
    expect(integrity).toEqual({ tally: 0, counts: 0 })
  }, 120_000)
})
