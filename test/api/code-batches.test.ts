import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { type TestLogin, loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

describeEachDatabase('organisers’ code batches', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  const base = () => `/api/rounds/${ctx.round.id}/code-batches`
  const ballot = (code: string, unit = 0) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit }), categoryId: undefined, code })

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
    organiser = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
  })

  it('makes a batch, returns its codes once, and the codes work', async () => {
    const res = await postJson(app, base(), { categoryId: ctx.categories[2]!.id, units: [ctx.units[0]!.id, ctx.units[1]!.id], count: 3, label: '人大代表' }, organiser.headers)
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const body = await res.json()
    expect(body.codes).toHaveLength(3)
    for (const code of body.codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
    expect((await ballot(body.codes[0], 1)).status).toBe(201)
    expect((await ballot(body.codes[0], 2)).status).toBe(403)
    const list = await (await app.request(base(), { headers: organiser.headers })).json()
    const batch = list.batches.find((b: { id: string }) => b.id === body.batch.id)
    expect([batch.label, batch.issued, batch.used, batch.uses, batch.voided, batch.allUnits]).toEqual(['人大代表', 3, 1, 1, false, false])
    const audit = await database().db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'after']).where('entity', '=', 'access_code_batch').execute()
    expect(audit).toEqual([{ action: 'create', entity: 'access_code_batch', entity_id: body.batch.id, after: { categoryId: ctx.categories[2]!.id, units: [ctx.units[0]!.id, ctx.units[1]!.id], count: 3, label: '人大代表' } }])
  })

  it('downloads codes as CSV with links that carry the code in the fragment only', async () => {
    const res = await postJson(app, base(), { categoryId: ctx.categories[1]!.id, units: 'all', count: 2, format: 'csv' }, organiser.headers)
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="codes-[0-9a-f-]{36}\\.csv"; filename\\*=UTF-8''${encodeURIComponent(`${ctx.round.name}-${ctx.categories[1]!.name}-评议码.csv`)}$`))
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe('序号,评议码,评议链接')
    expect(lines).toHaveLength(4)
    const [n, code, link] = lines[1]!.split(',')
    expect(n).toBe('1')
    expect(link).toBe(`http://localhost/e/${ctx.round.id}#c=${code!.replace('-', '')}`)
    expect((await ballot(code!, 3)).status).toBe(201)
  })

  it('prints A4 slips with a QR code and the typed code', async () => {
    const res = await postJson(app, base(), { categoryId: ctx.categories[4]!.id, units: 'all', count: 10, format: 'slips' }, organiser.headers)
    expect(res.status).toBe(201)
    const html = await res.text()
    expect(html).toContain('<link rel="stylesheet" href="/assets/slips.css"/>')
    expect(html.match(/<section class="sheet">/g)).toHaveLength(2)
    expect(html.match(/<div class="slip">/g)).toHaveLength(10)
    expect(html.match(/<svg /g)).toHaveLength(10)
    expect(html.match(/<p class="code">[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}<\/p>/g)).toHaveLength(10)
    expect(html).toContain('评议人类别：基层党员群众代表')
    // the organiser's note follows the console's language; the slips stay Chinese for the evaluators
    const english = await (await postJson(app, `${base()}?lang=en`, { categoryId: ctx.categories[4]!.id, units: 'all', count: 1, format: 'slips' }, organiser.headers)).text()
    expect(english).toContain('1 slips. Print them or save them as PDF now')
    expect(english).toContain('评议人类别：基层党员群众代表')
    // The address to type for anyone who cannot scan: the evaluation page, without the code.
    expect(html.match(new RegExp(`<p class="url">http://localhost/e/${ctx.round.id}</p>`, 'g'))).toHaveLength(10)
  })

  it('voids and reissues, audited, and the old codes stop working', async () => {
    const made = await (await postJson(app, base(), { categoryId: ctx.categories[1]!.id, units: 'all', count: 2 }, organiser.headers)).json()
    const voided = await postJson(app, `${base()}/${made.batch.id}/void`, {}, organiser.headers)
    expect(voided.status).toBe(200)
    expect((await voided.json()).batch.voided).toBe(true)
    expect((await ballot(made.codes[0], 4)).status).toBe(403)
    const again = await postJson(app, `${base()}/${made.batch.id}/reissue`, {}, organiser.headers)
    expect(again.status).toBe(201)
    const fresh = await again.json()
    expect(fresh.codes).toHaveLength(2)
    expect((await ballot(fresh.codes[0], 4)).status).toBe(201)
    const actions = await database().db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'access_code_batch').where('action', 'in', ['void', 'reissue']).orderBy('at').execute()
    expect(actions).toEqual([
      { action: 'void', entity_id: made.batch.id },
      { action: 'reissue', entity_id: fresh.batch.id },
    ])
    const everything = JSON.stringify(await database().db.selectFrom('audit_log').selectAll().execute())
    for (const code of [...made.codes, ...fresh.codes]) {
      expect(everything).not.toContain(code)
      expect(everything).not.toContain(code.replace('-', ''))
    }
    expect((await postJson(app, `${base()}/00000000-0000-4000-8000-000000000000/void`, {}, organiser.headers)).status).toBe(404)
  })

  it('refuses anonymous users, other roles, other campaigns and requests without the CSRF token', async () => {
    const body = { categoryId: ctx.categories[1]!.id, units: 'all', count: 1 }
    expect((await postJson(app, base(), body)).status).toBe(401)
    const leader = await loginAs(app, database().db, 'leader', { campaignId: ctx.campaign.id })
    expect((await postJson(app, base(), body, leader.headers)).status).toBe(403)
    const { ctx: other } = await demoApp(database().db)
    const stranger = await loginAs(app, database().db, 'organiser', { campaignId: other.campaign.id })
    expect((await postJson(app, base(), body, stranger.headers)).status).toBe(403)
    expect((await app.request(base(), { headers: stranger.headers })).status).toBe(403)
    const noCsrf = await postJson(app, base(), body, { cookie: organiser.cookie })
    expect(noCsrf.status).toBe(403)
    expect((await noCsrf.json()).error.code).toBe('csrf_failed')
    const bad = await postJson(app, base(), { ...body, count: 0 }, organiser.headers)
    expect(bad.status).toBe(422)
  })
})
