import { createApp } from '../server/app'
import { openDatabase } from '../server/db/open'
import { createTestDatabase, postgresAvailable } from '../test/support/databases'
import { createBenchCampaign, createBenchRound, groupByRawBallots } from './results-data'
import { median, type Row } from './report'

async function timeIt(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await fn()
    samples.push(performance.now() - started)
  }
  return median(samples)
}

async function measure(driver: 'postgres' | 'pglite', sizes: number[]): Promise<Row[]> {
  const database = driver === 'postgres' ? await createTestDatabase('postgres') : await (async () => {
    const d = await openDatabase({})
    await d.migrate()
    return { db: d.db, close: () => d.close() }
  })()
  const rows: Row[] = []
  try {
    const app = createApp({ db: database.db, log: () => {} })
    const campaign = await createBenchCampaign(database.db)
    for (const size of sizes) {
      const started = performance.now()
      const roundId = await createBenchRound(database.db, campaign, size, console.log)
      console.log(`  ${driver}: generated a round of ${size.toLocaleString('en')} ballots in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      const results = async () => {
        const res = await app.request(`/api/rounds/${roundId}/results`)
        if (res.status !== 200) throw new Error(`results answered ${res.status}`)
        await res.arrayBuffer()
      }
      await results()
      const api = await timeIt(20, results)
      const raw = await timeIt(size > 1_000_000 ? 1 : 3, () => groupByRawBallots(database.db, roundId))
      const label = size.toLocaleString('en')
      rows.push({
        section: `results (${driver})`,
        name: `full round results, ${label} ballots (200 units × 6 dims × 4 levels × 6 categories)`,
        value: api,
        unit: 'ms',
        baseline: { name: 'GROUP BY over raw ballots', value: raw },
        ratio: `${(raw / api).toFixed(1)}× faster`,
        ...(driver === 'postgres' ? { target: '< 20 ms, ≥ 50× at 10M', met: api < 20 && (size < 10_000_000 || raw / api >= 50) } : {}),
      })
    }
  } finally {
    await database.close()
  }
  return rows
}

/** Full round results read from tallies, flat in the number of ballots, against raw GROUP BY. */
export async function benchResults(quick: boolean): Promise<Row[]> {
  const rows: Row[] = []
  if (postgresAvailable) rows.push(...(await measure('postgres', quick ? [10_000, 100_000] : [10_000, 1_000_000, 10_000_000])))
  else console.log('  PostgreSQL not reachable: the PostgreSQL results benchmark is skipped')
  rows.push(...(await measure('pglite', quick ? [10_000] : [10_000, 100_000, 1_000_000])))
  return rows
}
