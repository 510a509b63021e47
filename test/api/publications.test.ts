import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { contentHash } from '../../server/publications/canonical'
import { verifyPublication } from '../../server/publications/store'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { type Headers, resultsReaders } from '../support/results-readers'
import { client } from '../support/setup-api'

const FORBIDDEN = { error: { code: 'forbidden', message: '您没有权限进行此操作。' } }

describeEachDatabase('publication: snapshots, audiences, 公示 window, revocation, hash', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  let who: Record<string, Headers>
  let otherRoundId: string
  const bogus = '00000000-0000-4000-8000-000000000000'
  const OPINION = '食堂饭菜太咸了，希望改进'

  const publish = (body: unknown, headers: Record<string, string> = organiser.headers) => client(app, headers)('POST', `/api/results/rounds/${ctx.round.id}/publications`, body)
  const count = async () => Number((await database().db.selectFrom('publication').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    ;({ organiser, otherRoundId, who } = await resultsReaders(app, db, ctx))
    // 侯口街道's liaison: the street and its villages; the school's liaison: the school only.
    who.schoolLiaison = (await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[4]!.id })).headers
    // Ballots with an opinion through the public link: 6 per unit for the street, 侯口村, 东湖村 and the school.
    for (const unit of [0, 1, 2, 4])
      for (let i = 0; i < 6; i++) {
        const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit, category: 2, level: i % 3 }), opinion: OPINION })
        expect(res.status).toBe(201)
      }
  })

  it('refuses to publish an open round, and refuses every role but the organiser, writing nothing', async () => {
    expect((await publish({ audience: { leaders: true } })).json.error.code).toBe('publish_needs_closed')
    expect((await client(app, organiser.headers)('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    for (const [name, headers] of Object.entries(who)) {
      const res = await publish({ audience: { public: true } }, headers)
      expect(res.status, name).toBe(403)
    }
    // No CSRF header: refused by the CSRF check.
    expect((await publish({ audience: { public: true } }, { cookie: organiser.cookie })).status).toBe(403)
    expect((await publish({ audience: { public: 'yes' } })).status).toBe(422)
    expect((await publish({ audience: {}, extra: 1 })).status).toBe(422)
    // Organisers see the results already: a publication names someone else, said in Chinese.
    const nobody = await publish({ audience: { leaders: false, units: [], public: false } })
    expect(nobody.status).toBe(422)
    expect(nobody.json.error.issues).toEqual([{ path: 'audience', message: '请至少选择一个公布对象：领导、指定单位或社会公众' }])
    expect((await publish({ audience: { public: true }, window: { start: '2026-05-02T00:00:00Z', end: '2026-05-01T00:00:00Z' } })).json.error.issues).toEqual([{ path: 'window.end', message: '公示结束时间应晚于开始时间' }])
    const stray = await publish({ audience: { units: [bogus] } })
    expect(stray.status).toBe(422)
    expect(stray.json.error.issues).toEqual([{ path: 'audience.units.0' }])
    expect((await publish({ audience: { public: true }, window: { start: '2026-05-02T00:00:00Z', end: '2026-05-01T00:00:00Z' } })).status).toBe(422)
    expect(await count()).toBe(0)
  })

  it('keeps unpublished results from everyone but organisers, on every route, whatever id is swapped in', async () => {
    for (const [name, headers] of Object.entries(who)) {
      const call = client(app, headers)
      for (const round of [ctx.round.id, otherRoundId, bogus]) {
        if (name === 'otherOrganiser' && round === otherRoundId) continue
        for (const path of [`/api/results/rounds/${round}`, `/api/results/rounds/${round}/publications`, `/api/results/compare?rounds=${round}&units=${ctx.units[0]!.id}`]) {
          const res = await call('GET', path)
          expect(res.status, `${name} ${path}`).toBe(403)
          expect(res.json).toEqual(FORBIDDEN)
        }
      }
      expect((await call('GET', `/api/results/publications/${bogus}`)).status, name).toBe(403)
      expect((await call('POST', `/api/results/publications/${bogus}/revoke`, {})).status, name).toBe(403)
      const unit = await call('GET', `/api/results/units/${ctx.units[1]!.id}?rounds=${ctx.round.id}`)
      expect(unit.status, name).toBe(403)
    }
    expect((await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}`)).status).toBe(200)
  })

  it('publishes to leaders: an immutable snapshot with its formula and hash, audited, opinions left out', async () => {
    const live = (await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}`)).json
    const res = await publish({ audience: { leaders: true } })
    expect(res.status).toBe(201)
    const meta = res.json
    expect(meta).toMatchObject({ roundId: ctx.round.id, audience: { leaders: true, units: [], public: false }, window: { start: null, end: null }, revokedAt: null, url: null })
    expect(meta.hash).toMatch(/^[0-9a-f]{64}$/)
    const db = database().db
    const row = await db.selectFrom('publication').selectAll().where('id', '=', meta.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(row.content)).not.toContain(OPINION)
    expect(JSON.stringify(row.content)).not.toContain('opinion')
    expect(await contentHash(row.content)).toBe(meta.hash)
    expect(await verifyPublication(db, meta.id)).toEqual({ stored: meta.hash, recomputed: meta.hash, ok: true })
    expect((await db.selectFrom('round').select('status').where('id', '=', ctx.round.id).executeTakeFirstOrThrow()).status).toBe('published')
    const audit = await db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'actor_id']).where('entity', '=', 'publication').execute()
    expect(audit).toEqual([{ action: 'publish', entity: 'publication', entity_id: meta.id, actor_id: organiser.user.id }])

    // The leader reads the snapshot: the organiser's numbers, the formula, the hash.
    const read = await client(app, who.leader)('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(read.status).toBe(200)
    expect(read.json.publication).toEqual({ id: meta.id, hash: meta.hash, publishedAt: meta.publishedAt })
    expect(read.json.units).toEqual(live.units)
    expect(read.json.formula).toEqual(live.formula)
    expect((await client(app, who.leader)('GET', `/api/results/publications/${meta.id}`)).json.publication.hash).toBe(meta.hash)
    // Everyone else: still 403, by round and by publication id.
    for (const name of ['anonymous', 'streetLiaison', 'schoolLiaison', 'clerk', 'otherOrganiser']) {
      expect((await client(app, who[name])('GET', `/api/results/rounds/${ctx.round.id}`)).json, name).toEqual(FORBIDDEN)
      expect((await client(app, who[name])('GET', `/api/results/publications/${meta.id}`)).json, name).toEqual(FORBIDDEN)
    }
    // The leader with other ids swapped in.
    for (const round of [otherRoundId, bogus, 'x']) expect((await client(app, who.leader)('GET', `/api/results/rounds/${round}`)).status).toBe(403)

    // Nothing about a publication changes but its revocation.
    await expect(sql`update publication set to_public = true where id = ${meta.id}`.execute(db)).rejects.toThrow(/immutable/)
    await expect(sql`update publication set content = '{}'::jsonb where id = ${meta.id}`.execute(db)).rejects.toThrow(/immutable/)
  })

  it('publishes to named units: a liaison reads only its own subtree within them', async () => {
    // 侯口村 is named: the street's liaison sees 侯口村 only; the school's liaison sees nothing.
    const res = await publish({ audience: { units: [ctx.units[1]!.id] } })
    expect(res.status).toBe(201)
    const street = await client(app, who.liaison)('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(street.status).toBe(200)
    expect(street.json.units.map((u: { name: string }) => u.name)).toEqual(['侯口村'])
    expect(street.json.overall).toBeNull()
    expect((await client(app, who.liaison)('GET', `/api/results/publications/${res.json.id}`)).json.units).toHaveLength(1)
    expect((await client(app, who.schoolLiaison)('GET', `/api/results/rounds/${ctx.round.id}`)).json).toEqual(FORBIDDEN)
    // Naming the street covers its villages: the street's liaison now reads the street and its villages.
    const wide = await publish({ audience: { units: [ctx.units[0]!.id] } })
    const again = await client(app, who.liaison)('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(again.json.publication.id).toBe(wide.json.id)
    expect(again.json.units.map((u: { name: string }) => u.name)).toEqual(['侯口街道', '侯口村', '东湖村', '新河社区'])
    // Its unit page across rounds shows the published round; a unit outside its subtree is 403.
    const unit = await client(app, who.liaison)('GET', `/api/results/units/${ctx.units[2]!.id}`)
    expect(unit.json.rounds.map((r: { publication: { id: string } }) => r.publication.id)).toEqual([wide.json.id])
    expect((await client(app, who.liaison)('GET', `/api/results/units/${ctx.units[4]!.id}`)).status).toBe(403)
  })

  it('serves the public page only inside the 公示 window, and stops on revocation', async () => {
    const now = Date.now()
    const later = await publish({ audience: { public: true }, window: { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 10 * 86_400_000).toISOString() } })
    expect(later.status).toBe(201)
    expect(later.json.url).toBe(`/p/${later.json.slug}`)
    const early = await app.request(later.json.url)
    expect(early.status).toBe(403)
    expect((await early.json()).error.code).toBe('publication_outside_window')
    const page = await app.request(later.json.url, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('不在公示期内')
    expect((await app.request(`/api/results/public/${later.json.slug}`)).status).toBe(403)
    // Outside the window the anonymous public gets nothing through the other routes either.
    expect((await client(app, {})('GET', `/api/results/rounds/${ctx.round.id}`)).json).toEqual(FORBIDDEN)
    const ended = await publish({ audience: { public: true }, window: { start: new Date(now - 10 * 86_400_000).toISOString(), end: new Date(now - 86_400_000).toISOString() } })
    expect((await app.request(ended.json.url)).status).toBe(403)

    const open = await publish({ audience: { public: true }, window: { start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 3_600_000).toISOString() } })
    const html = await app.request(open.json.url, { headers: { accept: 'text/html' } })
    expect(html.status).toBe(200)
    const body = await html.text()
    expect(body).toContain('分析检查报告群众评议')
    expect(body).toContain(open.json.hash)
    expect(body).toContain('侯口街道')
    expect(body).not.toContain(OPINION)
    const json = await (await app.request(`/api/results/public/${open.json.slug}`)).json()
    expect(json.publication.hash).toBe(open.json.hash)
    expect(await contentHash(Object.fromEntries(Object.entries(json).filter(([k]) => k !== 'publication')))).toBe(open.json.hash)
    expect((await client(app, {})('GET', `/api/results/rounds/${ctx.round.id}`)).json).toMatchObject({ publication: { id: open.json.id } })
    expect((await client(app, who.otherOrganiser)('GET', `/api/results/publications/${open.json.id}`)).status).toBe(200)

    // Revocation: by a leader refused; by the organiser once; then not served, and audited.
    expect((await client(app, who.leader)('POST', `/api/results/publications/${open.json.id}/revoke`, {})).status).toBe(403)
    expect((await client(app, who.otherOrganiser)('POST', `/api/results/publications/${open.json.id}/revoke`, {})).status).toBe(403)
    const revoked = await client(app, organiser.headers)('POST', `/api/results/publications/${open.json.id}/revoke`, {})
    expect(revoked.status).toBe(200)
    expect(revoked.json.revokedAt).not.toBeNull()
    expect((await client(app, organiser.headers)('POST', `/api/results/publications/${open.json.id}/revoke`, {})).json.error.code).toBe('publication_revoked')
    expect((await app.request(open.json.url)).status).toBe(404)
    expect((await app.request(`/api/results/public/${open.json.slug}`)).status).toBe(404)
    expect((await client(app, {})('GET', `/api/results/rounds/${ctx.round.id}`)).json).toEqual(FORBIDDEN)
    expect((await client(app, who.otherOrganiser)('GET', `/api/results/publications/${open.json.id}`)).status).toBe(403)
    // The organiser keeps the record of every publication, revoked ones marked.
    const list = (await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}/publications`)).json.publications
    expect(list).toHaveLength(6)
    expect(list.find((p: { id: string }) => p.id === open.json.id).revokedAt).toBe(revoked.json.revokedAt)
    const audit = await database().db.selectFrom('audit_log').select('action').where('entity', '=', 'publication').where('entity_id', '=', open.json.id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['publish', 'revoke'])
  })

  it('recomputes a snapshot hash from its stored content and catches a change made behind the trigger', async () => {
    const db = database().db
    const rows = await db.selectFrom('publication').select(['id', 'hash']).execute()
    for (const row of rows) expect((await verifyPublication(db, row.id)).ok).toBe(true)
    const target = rows[0]!
    await sql`alter table publication disable trigger publication_immutable`.execute(db)
    try {
      await sql`update publication set content = jsonb_set(content, '{units,0,ballots,valid}', '999') where id = ${target.id}`.execute(db)
    } finally {
      await sql`alter table publication enable trigger publication_immutable`.execute(db)
    }
    const check = await verifyPublication(db, target.id)
    expect(check.ok).toBe(false)
    expect(check.stored).toBe(target.hash)
    expect(check.recomputed).not.toBe(target.hash)
  })
})
