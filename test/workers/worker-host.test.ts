import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { seedDemo } from '../../server/demo/seed'
import { inlineSources, loadInlineAssets } from '../../server/pages/inline-assets'
import { PUBLIC_DIR } from '../../server/paths'
import { flushRound } from '../../server/ingest/flush'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { createTestDatabase, postgresAvailable } from '../support/databases'
import { demoBallot } from '../support/demo'
import { unitTally } from '../support/tallies'
import { type RunningHost, startWorkerHost } from '../support/hosts'
import { testKeys } from '../support/codes'
import { codeKeyProblem } from '../../server/codes/key-check'
import { SCHEMA_VERSION } from '../../server/db/schema-version'
import { sql } from 'kysely'

/**
 * The Workers host under workerd (`wrangler dev`, nodejs_compat), reaching PostgreSQL through
 * the Hyperdrive binding's local connection string; static assets through `[assets]`.
 */
describe.skipIf(!postgresAvailable)('Workers host under workerd (wrangler dev + Hyperdrive)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let host: RunningHost
  let base: string
  let ctx: RoundContext

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    ctx = await loadRoundContext(database.db, await seedDemo(database.db))
    host = await startWorkerHost(database.url as string)
    base = host.base
  }, 300_000)

  afterAll(async () => {
    await host?.stop()
    await database?.close()
  })

  /** What a host that may not serve the database says for the phone page: a 503 `misconfigured`, and its message. */
  async function refusal(host: RunningHost): Promise<string> {
    const res = await fetch(`${host.base}/e/${ctx.round.id}`, { signal: AbortSignal.timeout(30_000) })
    expect(res.status).toBe(503)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('misconfigured')
    return body.error.message
  }

  it('answers 503, naming the secret, when its code key is not the one the open round depends on', async () => {
    // The Node side (seedDemo above, the tests' key) used the key first: remember it as a host would.
    expect(await codeKeyProblem(database.db, testKeys)).toBeNull()
    const other = await startWorkerHost(database.url as string, { codeKey: 'another-code-key-0123456789abcdefghijklm', answered: (res) => res.status === 503 })
    try {
      expect(await refusal(other)).toContain('密钥 PINGYI_CODE_KEY 与此前使用的不同')
    } finally {
      await other.stop()
    }
    // The host with the right key serves on.
    expect((await fetch(`${base}/api/health`)).status).toBe(200)
    // A second wrangler starts in this test: as long as beforeAll allows the first.
  }, 300_000)

  it('answers 503, naming both versions, while the database is of a newer version, and serves once it is not', async () => {
    const newer = '999_from_a_newer_version.sql'
    await sql`INSERT INTO schema_migration (name) VALUES (${newer})`.execute(database.db)
    try {
      const other = await startWorkerHost(database.url as string, { answered: (res) => res.status === 503 })
      try {
        const message = await refusal(other)
        expect(message).toContain('数据库已由更新版本的 Pingyi 迁移')
        expect(message).toContain(`database: ${newer}, this version: ${SCHEMA_VERSION}`)
        // Asked again by the next request: with the versions agreeing, the same isolate serves.
        await sql`DELETE FROM schema_migration WHERE name = ${newer}`.execute(database.db)
        expect((await fetch(`${other.base}/api/health`, { signal: AbortSignal.timeout(30_000) })).status).toBe(200)
      } finally {
        await other.stop()
      }
    } finally {
      await sql`DELETE FROM schema_migration WHERE name = ${newer}`.execute(database.db)
    }
    // The host started before (its isolate checked the database then) serves on.
    expect((await fetch(`${base}/api/health`)).status).toBe(200)
  }, 300_000)

  it('serves pages and static assets', async () => {
    const home = await fetch(`${base}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('分析检查报告群众评议')
    const form = await fetch(`${base}/e/${ctx.round.id}`)
    expect(form.status).toBe(200)
    expect(form.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const html = await form.text()
    expect(html.match(/<fieldset class="dim">/g)).toHaveLength(5)
    // The evaluation page's script and style, read through the ASSETS binding, come inside it, admitted by hash.
    const built = await loadInlineAssets(async (file) => readFileSync(join(PUBLIC_DIR, 'assets', file), 'utf8'))
    expect(html).toContain(`<script>${built?.scripts['/assets/evaluate.js']?.text}</script></body>`)
    expect(html).toContain(`<style>${built?.styles['/assets/app.css']?.text}</style>`)
    expect(html).not.toContain('/assets/evaluate.js')
    expect(form.headers.get('content-security-policy')).toContain(`script-src 'self' ${built?.scripts['/assets/evaluate.js']?.csp};`)
    expect(form.headers.get('content-security-policy')).toContain(`style-src 'self' ${inlineSources(built?.styles).join(' ')};`)
    const css = await fetch(`${base}/assets/app.css`)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  it('takes a ballot and counts it in the turnout, read back through Hyperdrive, and in the tallies', async () => {
    const res = await fetch(`${base}/api/rounds/${ctx.round.id}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoBallot(ctx, { unit: 2, level: 1 })),
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ status: 'counted', valid: true })
    await flushRound(database.db, ctx.round.id, { keys: testKeys, force: true })
    // The turnout is the organisers' (and leaders'): log one in through the Worker.
    expect((await fetch(`${base}/api/results/rounds/${ctx.round.id}/turnout`)).status).toBe(403)
    await createUser(database.db, { username: 'worker.org', name: '活动办公室', role: 'organiser', password: 'worker password 1', campaignId: null, unitId: null, roundIds: [] })
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'worker.org', password: 'worker password 1' }) })
    const cookie = login.headers.getSetCookie().find((line) => line.startsWith('__Host-'))?.split(';')[0] ?? ''
    const turnout = await (await fetch(`${base}/api/results/rounds/${ctx.round.id}/turnout`, { headers: { cookie } })).json()
    expect(turnout.units.find((u: { id: string }) => u.id === ctx.units[2]!.id)).toMatchObject({ received: 1, invalid: null })
    // Its answers, mixed into the tallies (results themselves wait for the close)
    expect((await unitTally(database.db, ctx, 2)).dimensions[0]).toEqual([0, 1, 0, 0])
    const stored = await database.db.selectFrom('ballot').select('channel').execute()
    expect(stored).toEqual([{ channel: 'public' }])

    // A spreadsheet under workerd: the opinions register (exceljs's browser build there), read back.
    const ExcelJS = (await import('exceljs')).default
    await database.db.insertInto('opinion').values({ campaign_id: ctx.round.campaign_id, source: 'staff', channel: 'meeting', unit_id: ctx.units[0]!.id, body: '希望公开整改进度', search_text: '希望公开整改进度', received_on: '2026-05-01', created_at: new Date() }).execute()
    const opinions = await fetch(`${base}/api/tracking/${ctx.round.campaign_id}/opinions/export?format=xlsx`, { headers: { cookie } })
    expect(opinions.status).toBe(200)
    const register = new ExcelJS.Workbook()
    await register.xlsx.load(await opinions.arrayBuffer())
    expect(register.worksheets[0]!.getRow(2).values).toContain('希望公开整改进度')
  })

  it('keeps the staging flush alive after the response (waitUntil), then closes its client', async () => {
    const before = Number((await database.db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${base}/api/rounds/${ctx.round.id}/ballots`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(demoBallot(ctx, { unit: i % ctx.units.length, category: i % ctx.categories.length })),
        }).then((r) => r.status),
      ),
    )
    expect(statuses.every((s) => s === 201)).toBe(true)
    // No flush from the test: the Worker's own background flush moves staged ballots into ballot.
    let moved = 0
    for (let i = 0; i < 50 && moved < 20; i++) {
      await new Promise((r) => setTimeout(r, 200))
      moved = Number((await database.db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n) - before
    }
    expect(moved).toBeGreaterThanOrEqual(20)
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
