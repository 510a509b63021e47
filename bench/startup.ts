import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, start, waitForHttp } from '../test/support/processes'
import { median, type Row } from './report'

async function timeToFirst200(dataDir: string): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const host = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(port), PINGYI_DATA_DIR: dataDir, DATABASE_URL: '' })
  // Asked every 10 ms: the tests' 250 ms would add up to a quarter of a second to the figure.
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, host, 120_000, 10)
  const elapsed = performance.now() - started
  host.kill('SIGTERM')
  await host.exited
  return elapsed
}

async function runtimeFloor(): Promise<number> {
  const started = performance.now()
  const bare = start(process.execPath, ['-e', 'process.exit(0)'], {})
  await bare.exited
  return performance.now() - started
}

/** `npm start` (the built bundle) until the first 200: on an empty data folder (migrate + seed) and an existing one. */
export async function benchStartup(quick: boolean): Promise<Row[]> {
  const runs = quick ? 1 : 3
  const floor: number[] = []
  const empty: number[] = []
  const existing: number[] = []
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'pingyi-bench-'))
    try {
      floor.push(await runtimeFloor())
      empty.push(await timeToFirst200(dir))
      existing.push(await timeToFirst200(dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const base = { name: 'node, empty script', value: median(floor) }
  return [
    { section: 'start-up', name: 'existing embedded database → first 200', value: median(existing), unit: 'ms', baseline: base, ratio: `${(median(existing) / base.value).toFixed(1)}× the bare runtime`, target: '< 2000 ms', met: median(existing) < 2000 },
    { section: 'start-up', name: 'empty embedded database (migrate + demo seed) → first 200', value: median(empty), unit: 'ms', baseline: base, ratio: `${(median(empty) / base.value).toFixed(1)}× the bare runtime` },
  ]
}
