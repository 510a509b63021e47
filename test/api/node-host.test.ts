import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { emptyPostgresDatabase, postgresAvailable } from '../support/databases'
import { freePort, start, waitForHttp } from '../support/processes'
import postgres from 'postgres'
import { openDatabase } from '../../server/db/open'
import { flushRound } from '../../server/ingest/flush'
import { readInlineAssets } from '../../server/node-assets'
import { keyedHasher } from '../../server/codes/keyed-hash'
import { storedCodeKey } from '../../server/codes/secret'
import { SCHEMA_VERSION } from '../../server/db/schema-version'

const dataDir = mkdtempSync(join(tmpdir(), 'pingyi-node-'))

async function startHost(port: number) {
  const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(port), PINGYI_DATA_DIR: dataDir, DATABASE_URL: '' })
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, host)
  return host
}

/** The Node host as `npm start` runs it: embedded PGlite in a data folder. */
describe('Node host on embedded PGlite', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('migrates, seeds the demo, prints the URLs, and keeps an acknowledged ballot through kill -9', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const first = await startHost(port)
    expect(first.output()).toContain('migrated 001_core.sql')
    expect(first.output()).toContain('seeded the demo campaign')
    const roundId = /\/e\/([0-9a-f-]{36})/.exec(first.output())?.[1]
    expect(roundId).toBeDefined()

    // Unit, category, dimensions and levels as the evaluator's form offers them (results are the organisers').
    const form = await fetch(`${base}/e/${roundId}`)
    const formHtml = await form.text()
    // The built script and style, read from dist/public/assets, come inside the page, admitted by hash.
    const built = await readInlineAssets()
    expect(formHtml).toContain(`<script>${built?.scripts['/assets/evaluate.js']?.text}</script></body>`)
    expect(formHtml).toContain(`<style>${built?.styles['/assets/app.css']?.text}</style>`)
    expect(form.headers.get('content-security-policy')).toContain(`script-src 'self' ${built?.scripts['/assets/evaluate.js']?.csp};`)
    const unit = { unitId: /name="unitId"[^]*?<option value="([0-9a-f-]{36})"/.exec(formHtml)?.[1] }
    const categoryId = /name="categoryId"[^]*?<option value="([0-9a-f-]{36})"/.exec(formHtml)?.[1]
    const answers: Record<string, number> = {}
    for (const [, dimension, level] of formHtml.matchAll(/name="d(\d+)" value="(\d+)"/g)) answers[dimension!] ??= Number(level)
    expect(Object.keys(answers)).toHaveLength(5)
    expect((await fetch(`${base}/api/results/rounds/${roundId}`)).status).toBe(403)
    // The printed results address is the results page, which holds the numbers back until the close.
    expect(first.output()).toContain(`/results/rounds/${roundId}\n`)
    const send = () =>
      fetch(`${base}/api/rounds/${roundId}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: '6f1c2b0e-8d3a-4f5e-9a7b-1c2d3e4f5a6b', unitId: unit.unitId, categoryId, answers }),
      })
    const res = await send()
    expect(res.status).toBe(201)
    first.kill('SIGKILL')
    await first.exited

    const second = await startHost(port)
    expect(second.output()).not.toContain('seeded the demo campaign')
    // The retry of the acknowledged submission finds it recorded, and stores nothing twice.
    const retry = await send()
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual({ status: 'counted', valid: true })
    second.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    // Accepted ballots wait in staged_group (durable) until k can be mixed into ballot.
    const database = await openDatabase({ dataDir })
    // With the host's key: the embedded default keeps it in the database (codes/secret.ts).
    await flushRound(database.db, roundId as string, { keys: keyedHasher(await storedCodeKey(database.db)), force: true })
    const kept = await database.db.selectFrom('ballot').select('unit_id').execute()
    await database.close()
    expect(kept).toEqual([{ unit_id: unit.unitId }])
  }, 300_000)

  it('refuses to start with another code key while the demo round is open, saying where the previous one is', async () => {
    const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(await freePort()), PINGYI_DATA_DIR: dataDir, DATABASE_URL: '', PINGYI_CODE_KEY: 'another-code-key-0123456789abcdefghijklm' })
    expect(await host.exited).toBe(1)
    expect(host.output()).toContain('Pingyi cannot start: 密钥 PINGYI_CODE_KEY 与此前使用的不同')
    expect(host.output()).toContain("SELECT value FROM app_secret WHERE name = 'code_key'")
  })

  it('refuses to start on a database migrated by a newer version, naming both versions', async () => {
    const newer = '999_from_a_newer_version.sql'
    const mark = async (change: 'add' | 'remove') => {
      const database = await openDatabase({ dataDir })
      await (change === 'add' ? database.db.insertInto('schema_migration' as never).values({ name: newer } as never) : database.db.deleteFrom('schema_migration' as never).where('name' as never, '=', newer as never)).execute()
      await database.close()
    }
    await mark('add')
    try {
      const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(await freePort()), PINGYI_DATA_DIR: dataDir, DATABASE_URL: '' })
      expect(await host.exited).toBe(1)
      expect(host.output()).toContain('Pingyi cannot start: 数据库已由更新版本的 Pingyi 迁移')
      expect(host.output()).toContain(`database: ${newer}, this version: ${SCHEMA_VERSION}`)
    } finally {
      await mark('remove')
    }
  })

  it('refuses to start on bad settings, naming the variable', async () => {
    const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: 'abc', PINGYI_DATA_DIR: dataDir })
    expect(await host.exited).toBe(1)
    expect(host.output()).toContain('PORT: must be a port number')
  })

  it.skipIf(!postgresAvailable)('refuses to start when a migration fails, naming the file and the database error', async () => {
    const empty = await emptyPostgresDatabase()
    const url = new URL(empty.url)
    const broken = postgres(url.toString(), { max: 1, onnotice: () => {} })
    await broken.unsafe('CREATE TABLE campaign (id int)')
    await broken.end()
    try {
      const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(await freePort()), DATABASE_URL: url.toString() })
      expect(await host.exited).toBe(1)
      expect(host.output()).toContain('Pingyi cannot start: migration 001_core.sql failed: relation "campaign" already exists')
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} })
      const tables = await check`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
      await check.end()
      expect(tables.map((t) => t.tablename)).toEqual(['campaign', 'schema_migration'])
    } finally {
      await empty.drop()
    }
  })
})
