import { mkdirSync, rmSync } from 'node:fs'
import type { Kysely } from 'kysely'
import postgres from 'postgres'
import { createApp } from '../server/app'
import { createUser } from '../server/auth/store'
import { openDatabase } from '../server/db/open'
import type { Database } from '../server/db/schema'
import { postgresAvailable, TEST_DATABASE_URL, withDatabaseName } from '../test/support/databases'
import { median, type Row } from './report'
import { benchCampaign, benchRound, groupByRawBallots } from './results-data'

async function timeIt(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await fn()
    samples.push(performance.now() - started)
  }
  return median(samples)
}

/** The app with an office-wide organiser logged in: a GET that must answer 200. */
async function organiserGet(db: Kysely<Database>) {
  const app = createApp({ db, log: () => {} })
  const password = `bench-${crypto.randomUUID()}`
  // A new account per run: the database is kept between runs.
  const username = `bench-${Date.now().toString(36)}`
  await createUser(db, { username, name: '基准', role: 'organiser', password, campaignId: null, unitId: null, roundIds: [] })
  const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  return async (path: string) => {
    const res = await app.request(path, { headers: { cookie } })
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
    return (await res.arrayBuffer()).byteLength
  }
}

const KEPT_POSTGRES = 'pingyi_bench_results'
const KEPT_PGLITE = 'bench/data/pglite-results'

/**
 * The bench's own database, kept between runs so that the rounds of 1,000,000 and 10,000,000
 * ballots are generated once: PostgreSQL database `pingyi_bench_results` on the test server,
 * PGlite in `bench/data/` (git-ignored). `--fresh` drops it first.
 */
async function keptDatabase(driver: 'postgres' | 'pglite', fresh: boolean) {
  if (driver === 'pglite') {
    if (fresh) rmSync(KEPT_PGLITE, { recursive: true, force: true })
    mkdirSync(KEPT_PGLITE, { recursive: true })
    const d = await openDatabase({ dataDir: KEPT_PGLITE })
    await d.migrate()
    return { db: d.db, close: () => d.close() }
  }
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  try {
    if (fresh) await admin.unsafe(`DROP DATABASE IF EXISTS ${KEPT_POSTGRES} WITH (FORCE)`)
    const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${KEPT_POSTGRES}`
    if (exists.length === 0) await admin.unsafe(`CREATE DATABASE ${KEPT_POSTGRES}`)
  } finally {
    await admin.end()
  }
  const d = await openDatabase({ url: withDatabaseName(TEST_DATABASE_URL, KEPT_POSTGRES), max: 10 })
  await d.migrate()
  return { db: d.db, close: () => d.close() }
}

async function measure(driver: 'postgres' | 'pglite', sizes: number[], fresh: boolean): Promise<Row[]> {
  const database = await keptDatabase(driver, fresh)
  const rows: Row[] = []
  try {
    const get = await organiserGet(database.db)
    const campaign = await benchCampaign(database.db)
    // Two earlier rounds of 10,000 ballots, for the unit page and the comparison of 3 rounds.
    const earlier = [(await benchRound(database.db, campaign, '基准轮次 前一', 10_000, console.log)).id, (await benchRound(database.db, campaign, '基准轮次 前二', 10_000, console.log)).id]
    const unit = campaign.units[7]!
    for (const size of sizes) {
      const started = performance.now()
      const { id: roundId, generated } = await benchRound(database.db, campaign, `基准轮次 ${size}`, size, console.log)
      const took = ((performance.now() - started) / 1000).toFixed(1)
      console.log(generated ? `  ${driver}: generated a round of ${size.toLocaleString('en')} ballots in ${took} s` : `  ${driver}: reused the round of ${size.toLocaleString('en')} ballots kept by an earlier run`)
      const three = [...earlier, roundId].join(',')
      const paths = {
        full: `/api/results/rounds/${roundId}`,
        unit: `/api/results/units/${unit}?rounds=${three}`,
        compare: `/api/results/compare?rounds=${three}&units=${campaign.units.slice(0, 20).join(',')}`,
      }
      const bytes = await get(paths.full)
      await get(paths.unit)
      await get(paths.compare)
      const full = await timeIt(15, () => get(paths.full))
      const unitPage = await timeIt(15, () => get(paths.unit))
      const compare = await timeIt(15, () => get(paths.compare))
      const raw = await timeIt(size > 1_000_000 ? 1 : 3, () => groupByRawBallots(database.db, roundId))
      const label = size.toLocaleString('en')
      const section = `results (${driver})`
      const target = driver === 'postgres' ? { target: '< 20 ms, ≥ 50× at 10M' } : {}
      const met = (ms: number) => (driver === 'postgres' ? { met: ms < 20 && (size < 10_000_000 || raw / ms >= 50) } : {})
      const baseline = { name: 'GROUP BY over raw ballots', value: raw }
      rows.push(
        { section, name: `full round results, ${label} ballots (200 units × 6 dims × 4 levels × 6 categories; ${(bytes / 1024).toFixed(0)} KB JSON)`, value: full, unit: 'ms', baseline, ratio: `${(raw / full).toFixed(1)}× faster`, ...target, ...met(full) },
        { section, name: `unit page across 3 rounds (one of ${label})`, value: unitPage, unit: 'ms', baseline, ratio: `${(raw / unitPage).toFixed(1)}× faster`, ...target, ...met(unitPage) },
        { section, name: `comparison of 20 units over 3 rounds (one of ${label})`, value: compare, unit: 'ms', baseline, ratio: `${(raw / compare).toFixed(1)}× faster`, ...target, ...met(compare) },
      )
    }
  } finally {
    await database.close()
  }
  return rows
}

/** Results read from tallies through the API, flat in the number of ballots, against raw GROUP BY. */
export async function benchResults(quick: boolean, fresh = process.argv.includes('--fresh')): Promise<Row[]> {
  const rows: Row[] = []
  if (postgresAvailable) rows.push(...(await measure('postgres', quick ? [10_000, 100_000] : [10_000, 1_000_000, 10_000_000], fresh)))
  else console.log('  PostgreSQL not reachable: the PostgreSQL results benchmark is skipped')
  rows.push(...(await measure('pglite', quick ? [10_000] : [10_000, 100_000, 1_000_000], fresh)))
  return rows
}
