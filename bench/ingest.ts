import { spawn } from 'node:child_process'
import autocannon from 'autocannon'
import { createBatch } from '../server/codes/batches'
import { keyedHasher, newSecretKey } from '../server/codes/keyed-hash'
import { seedDemo } from '../server/demo/seed'
import { loadRoundContext } from '../server/rounds/store'
import { createTestDatabase, postgresAvailable } from '../test/support/databases'
import type { Row } from './report'

const CONNECTIONS = 64

function startServer(url: string, key: string): Promise<{ port: number; stop(): Promise<void> }> {
  const child = spawn('npx', ['tsx', 'bench/ingest-server.ts'], { env: { ...process.env, DATABASE_URL: url, PINGYI_CODE_KEY: key }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1]
      if (port) resolve({ port: Number(port), stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) })
    })
  })
}

async function load(port: number, duration: number, path: string, bodies: () => string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies() }) }],
  })
  const ok = result['2xx']
  return { perSecond: ok / duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors, ok }
}

/**
 * Ingest of code-checked, anonymised ballots with tallies over PostgreSQL: 64 connections for
 * `duration` seconds against the Node app in a child process, and the same load against a
 * one-INSERT-per-request endpoint in the same server as the baseline. Prints ballots/s and
 * p50/p99; not a test.
 */
export async function benchIngest(quick: boolean): Promise<Row[]> {
  if (!postgresAvailable) {
    console.log('  PostgreSQL not reachable: the ingest benchmark is skipped')
    return []
  }
  const duration = quick ? 5 : 15
  const database = await createTestDatabase('postgres')
  const key = newSecretKey()
  try {
    const ctx = await loadRoundContext(database.db, await seedDemo(database.db))
    const expected = duration * 14_000
    const perCode = ctx.units.length
    const { codes } = await createBatch(database.db, keyedHasher(key), { roundId: ctx.round.id, categoryId: ctx.categories[1]!.id, units: 'all', count: Math.min(100_000, Math.ceil(expected / perCode)) })
    console.log(`  ${codes.length.toLocaleString('en')} codes × ${perCode} units ready`)
    const answers = (n: number) => Object.fromEntries(ctx.dimensions.map((d, i) => [String(d.id), ctx.levels[(n + i) % ctx.levels.length]!.id]))
    const server = await startServer(database.url as string, key)
    try {
      let sent = 0
      // a delegate rates the units one after another with one code
      const ballot = () => {
        const n = sent++
        const code = codes[Math.floor(n / perCode) % codes.length]!
        return JSON.stringify({ submissionId: crypto.randomUUID(), code, unitId: ctx.units[n % perCode]!.id, answers: answers(n) })
      }
      const raw = () => {
        const n = sent++
        return JSON.stringify({ unitId: ctx.units[n % perCode]!.id, categoryId: ctx.categories[1]!.id, answers: answers(n) })
      }
      const base = await load(server.port, duration, `/bench/raw/${ctx.round.id}`, raw)
      sent = 0
      const ingest = await load(server.port, duration, `/api/rounds/${ctx.round.id}/ballots`, ballot)
      const counted = await database.db
        .selectFrom('ballot_count')
        .select((eb) => eb.fn.sum<string>('valid').as('n'))
        .where('round_id', '=', ctx.round.id)
        .executeTakeFirst()
      const staged = await database.db.selectFrom('ballot_staging').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      console.log(`  ingest: ${ingest.ok} acknowledged, ${ingest.errors} errors; ${counted?.n ?? 0} in tallies, ${staged.n} staged`)
      console.log(`  baseline: ${base.ok} acknowledged, ${base.errors} errors`)
      const section = 'ingest (PostgreSQL, 64 connections)'
      return [
        {
          section,
          name: `code-checked anonymised ballots/s (${duration} s)`,
          value: ingest.perSecond,
          unit: '/s',
          baseline: { name: 'one INSERT per request', value: base.perSecond },
          ratio: `${(ingest.perSecond / base.perSecond).toFixed(2)}×`,
          target: '≥ 10,000/s',
          met: ingest.perSecond >= 10_000,
        },
        { section, name: 'latency p50', value: ingest.p50, unit: 'ms', baseline: { name: 'one INSERT per request', value: base.p50 } },
        { section, name: 'latency p99', value: ingest.p99, unit: 'ms', baseline: { name: 'one INSERT per request', value: base.p99 }, target: '< 25 ms', met: ingest.p99 < 25 },
      ]
    } finally {
      await server.stop()
    }
  } finally {
    await database.close()
  }
}
