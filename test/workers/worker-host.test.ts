import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../server/demo/seed'
import { flushRound } from '../../server/ingest/flush'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { createTestDatabase, postgresAvailable } from '../support/databases'
import { demoBallot, TEST_CODE_KEY } from '../support/demo'
import { freePort, type Spawned, start, waitForHttp } from '../support/processes'

/**
 * The Workers host under workerd (`wrangler dev`, nodejs_compat), reaching PostgreSQL through
 * the Hyperdrive binding's local connection string; static assets through `[assets]`.
 */
describe.skipIf(!postgresAvailable)('Workers host under workerd (wrangler dev + Hyperdrive)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let wrangler: Spawned
  let base: string
  let ctx: RoundContext

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    ctx = await loadRoundContext(database.db, await seedDemo(database.db))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    // Hyperdrive's local string must carry a password; trust auth ignores it.
    const url = new URL(database.url as string)
    url.password = url.password || 'pingyi'
    wrangler = start('npx', ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(await freePort()), '--var', `PINGYI_CODE_KEY:${TEST_CODE_KEY}`], {
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.toString(),
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
    })
    await waitForHttp(`${base}/api/health`, wrangler)
  }, 120_000)

  afterAll(async () => {
    wrangler?.kill()
    await wrangler?.exited
    await database?.close()
  })

  it('serves pages and static assets', async () => {
    const home = await fetch(`${base}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('分析检查报告群众评议')
    const form = await fetch(`${base}/e/${ctx.round.id}`)
    expect(form.status).toBe(200)
    expect(form.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const html = await form.text()
    expect(html.match(/<fieldset class="dim">/g)).toHaveLength(5)
    const css = await fetch(`${base}/assets/app.css`)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  it('takes a ballot and counts it in the results, read back through Hyperdrive', async () => {
    const res = await fetch(`${base}/api/rounds/${ctx.round.id}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoBallot(ctx, { unit: 2, level: 1 })),
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ status: 'counted', valid: true })
    await flushRound(database.db, ctx.round.id, { force: true })
    const results = await (await fetch(`${base}/api/rounds/${ctx.round.id}/results`)).json()
    expect(results.units[2].ballots).toEqual({ valid: 1, invalid: 0 })
    expect(results.units[2].dimensions[0].levels.map((l: { display: string }) => l.display)).toEqual(['0.00', '100.00', '0.00', '0.00'])
    const stored = await database.db.selectFrom('ballot').select('channel').execute()
    expect(stored).toEqual([{ channel: 'public' }])
  })

  it('answers errors in the one envelope', async () => {
    const missing = await fetch(`${base}/api/nothing-here`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: '找不到您要的页面或数据。' } })
    const bad = await fetch(`${base}/api/rounds/${ctx.round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(bad.status).toBe(422)
    expect((await bad.json()).error.code).toBe('invalid_input')
  })
})
