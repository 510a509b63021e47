import type { Kysely } from 'kysely'
import { createApp } from '../server/app'
import { createUser } from '../server/auth/store'
import { openDatabase } from '../server/db/open'
import type { Database } from '../server/db/schema'
import { createTestDatabase, postgresAvailable } from '../test/support/databases'
import { median, type Row } from './report'
import { createBenchCampaign, createBenchRound, groupByRawBallots } from './results-data'

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
  await createUser(db, { username: 'bench-organiser', name: '基准', role: 'organiser', password, campaignId: null, unitId: null, roundIds: [] })
  const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-organiser', password }) })
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
  return async (path: string) => {
    const res = await app.request(path, { headers: { cookie } })
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
    return (await res.arrayBuffer()).byteLength
  }
}

async function measure(driver: 'postgres' | 'pglite', sizes: number[]): Promise<Row[]> {
  const database =
    driver === 'postgres'
      ? await createTestDatabase('postgres')
      : await (async () => {
          const d = await openDatabase({})
          await d.migrate()
          return { db: d.db, close: () => d.close() }
        })()
  const rows: Row[] = []
  try {
    const get = await organiserGet(database.db)
    const campaign = await createBenchCampaign(database.db)
    // Two earlier rounds of 10,000 ballots, for the unit page and the comparison of 3 rounds.
    const earlier = [await createBenchRound(database.db, campaign, 10_000, console.log), await createBenchRound(database.db, campaign, 10_000, console.log)]
    const unit = campaign.units[7]!
    for (const size of sizes) {
      const started = performance.now()
      const roundId = await createBenchRound(database.db, campaign, size, console.log)
      console.log(`  ${driver}: generated a round of ${size.toLocaleString('en')} ballots in ${((performance.now() - started) / 1000).toFixed(1)} s`)
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
export async function benchResults(quick: boolean): Promise<Row[]> {
  const rows: Row[] = []
  if (postgresAvailable) rows.push(...(await measure('postgres', quick ? [10_000, 100_000] : [10_000, 1_000_000, 10_000_000])))
  else console.log('  PostgreSQL not reachable: the PostgreSQL results benchmark is skipped')
  rows.push(...(await measure('pglite', quick ? [10_000] : [10_000, 100_000, 1_000_000])))
  return rows
}
