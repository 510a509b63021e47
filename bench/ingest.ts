import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { createBatch } from '../server/codes/batches'
import { keyedHasher, newSecretKey } from '../server/codes/keyed-hash'
import { jsonb } from '../server/db/jsonb'
import { openDatabase } from '../server/db/open'
import { defaultIngest } from '../server/ingest/ingest'
import type { Kysely } from 'kysely'
import type { Database } from '../server/db/schema'
import { seedDemo } from '../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../server/rounds/store'
import { createTestDatabase, postgresAvailable } from '../test/support/databases'
import { freePort, start, stopProcess } from '../test/support/processes'
import { highestRateWithin, type OpenLoopResult, openLoop } from './open-loop'
import { cpuPerItem, readCpu } from './cpu'
import { statementCostCodes, statementCostRows, statementCosts } from './statement-costs'
import type { Row } from './report'

const CONNECTIONS = 64
/** The issue's target: code-checked, anonymised ballots per second at p99 < 25 ms. */
const TARGET_PER_SECOND = 10_000
/**
 * Grids per batch request: 64 requests of 4 new codes each keep 256 new codes in flight (each
 * spends the round's wrong-code budget until its group commit finds it live), within the
 * default budget of 300 (limits/limiter.ts) that refuses a faster stream of new codes.
 */
const GRIDS_PER_BATCH = 4
/**
 * Units in the wide grid of the open loop: a delegate at a 述职评议 meeting rates every unit
 * reporting there in one grid with one code (the demo round has 6; meetings rate 20 to 40).
 */
const WIDE_GRID = 24

/**
 * The bench server in its own process group (node + tsx directly, no npx wrapper), so that
 * stopping it ends every process it started and nothing keeps the bench — or CI's pipe — open.
 */
async function startServer(env: Record<string, string>): Promise<{ port: number; pid: number | undefined; stop(): Promise<void> }> {
  // PINGYI_BENCH_PROFILE=<folder>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.PINGYI_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PINGYI_BENCH_PROFILE}`] : []
  const child = start(process.execPath, [...profile, '--import', 'tsx', 'bench/ingest-server.ts'], { DATABASE_URL: '', ...env })
  const deadline = Date.now() + 120_000
  let port: number | undefined
  while (!port) {
    port = Number(/listening (\d+)/.exec(child.output())?.[1]) || undefined
    if (port) break
    if (child.child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`bench server did not start:\n${child.output()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  let stopped: Promise<void> | undefined
  return {
    port,
    pid: child.child.pid,
    stop: () =>
      (stopped ??= stopProcess(child)),
  }
}

/**
 * `perRequest` ballots in each request: 1 for the ballot route, a grid's units for a batch,
 * whose refused ballots (inside a 200) are read from the answers and counted as errors.
 */
async function load(port: number, duration: number, path: string, bodies: () => string, perRequest = 1, connections = CONNECTIONS, serverPid?: number) {
  let refused = 0
  const reasons = new Map<string, number>()
  const onResponse = (status: number, body: string) => {
    if (status === 200) refused += (body.match(/"status":"refused"/g) ?? []).length
    if (status === 200 && body.includes('refused')) for (const m of body.match(/"code":"\w+"/g) ?? []) reasons.set(m, (reasons.get(m) ?? 0) + 1)
  }
  const cpuBefore = readCpu(serverPid)
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies() }), ...(perRequest > 1 ? { onResponse } : {}) }],
  })
  if (reasons.size) console.log('  refused in batches:', [...reasons].map(([k, v]) => `${k} ${v}`).join(', '))
  const ok = result['2xx'] * perRequest - refused
  // CPU per acknowledged ballot of each party (null without /proc, or without the server's pid).
  const cpu = serverPid === undefined ? null : cpuPerItem(cpuBefore, readCpu(serverPid), ok)
  return { perSecond: ok / duration, p50: result.latency.p50, p99: result.latency.p99, errors: (result.non2xx + result.errors) * perRequest + refused, ok, cpu }
}

/** The demo round with enough codes for `duration` seconds at `rate` ballots/s; returns the codes. */
async function prepare(db: Kysely<Database>, key: string, duration: number, rate: number) {
  const ctx = await loadRoundContext(db, await seedDemo(db))
  const perCode = ctx.units.length
  const codes = await makeCodes(db, key, ctx, Math.min(300_000, Math.ceil((duration * rate) / perCode)))
  console.log(`  ${codes.length.toLocaleString('en')} codes × ${perCode} units ready`)
  return { ctx, codes }
}

/**
 * Request bodies: a delegate rates the units one after another with one code; the raw baseline
 * has no code and counts its requests apart, so that it spends none. No code is sent twice:
 * running out throws (a used code would be refused and spend the round's wrong-code budget).
 */
function bodies(ctx: RoundContext, codes: string[]) {
  let sent = 0
  let rawSent = 0
  const perCode = ctx.units.length
  const code = (i: number) => {
    if (i >= codes.length) throw new Error(`the bench ran out of codes (${codes.length.toLocaleString('en')} made): make more`)
    return codes[i]!
  }
  const answers = (n: number) => Object.fromEntries(ctx.dimensions.map((d, i) => [String(d.id), ctx.levels[(n + i) % ctx.levels.length]!.id]))
  return {
    reset: () => (sent = rawSent = 0),
    ballot: () => {
      const n = sent++
      return JSON.stringify({ submissionId: crypto.randomUUID(), code: code(Math.floor(n / perCode)), unitId: ctx.units[n % perCode]!.id, answers: answers(n) })
    },
    raw: () => {
      const n = rawSent++
      return JSON.stringify({ unitId: ctx.units[n % perCode]!.id, categoryId: ctx.categories[1]!.id, answers: answers(n) })
    },
    /** `grids` delegates' grids (every unit of the round with one code each) in one batch. */
    grid: (grids = 1) => () => {
      const ballots = []
      for (let g = 0; g < grids; g++) {
        const n = sent++
        ballots.push(...ctx.units.map((u, i) => ({ submissionId: crypto.randomUUID(), code: code(n), unitId: u.id, answers: answers(n + i) })))
      }
      return JSON.stringify({ ballots })
    },
    rawGrid: (grids = 1) => () => {
      const ballots = []
      for (let g = 0; g < grids; g++) {
        const n = rawSent++
        ballots.push(...ctx.units.map((u, i) => ({ unitId: u.id, categoryId: ctx.categories[1]!.id, answers: answers(n + i) })))
      }
      return JSON.stringify({ ballots })
    },
  }
}

/** `count` new codes for every unit of the round, in batches of at most 100,000 (the most one batch may issue). */
async function makeCodes(db: Kysely<Database>, key: string, ctx: RoundContext, count: number): Promise<string[]> {
  const codes: string[] = []
  for (let left = count; left > 0; left -= 100_000)
    codes.push(...(await createBatch(db, keyedHasher(key), { roundId: ctx.round.id, categoryId: ctx.categories[1]!.id, units: 'all', count: Math.min(100_000, left) })).codes)
  return codes
}

/** Stored may exceed acknowledged (answers cut off when the load stops), never fall short of it. */
const missing = (acknowledged: number, stored: number) => (stored >= acknowledged ? 'every acknowledged ballot stored' : `${acknowledged - stored} ACKNOWLEDGED BALLOTS NOT STORED`)

/** Ballots in the tallies and still staged, read in one statement (one snapshot: a flush moving rows between them is seen before or after, never half). */
async function countedAndStaged(db: Kysely<Database>, roundId: string) {
  const { rows } = await sql<{ counted: string | null; staged: string }>`
    SELECT (SELECT sum(valid + invalid) FROM ballot_count WHERE round_id = ${roundId}) AS counted,
           (SELECT coalesce(sum(size), 0) FROM staged_group WHERE round_id = ${roundId}) AS staged`.execute(db)
  return { counted: Number(rows[0]?.counted ?? 0), staged: Number(rows[0]?.staged ?? 0) }
}

/**
 * How far the tallies lag once a load stops: the ballots still staged then, and how long the
 * server's flushes take to move them (polled every 200 ms, given up after 60 s): caught up once
 * fewer than `flushAt` are left, as the server's flush loop then stops.
 */
async function catchUp(db: Kysely<Database>, roundId: string): Promise<{ backlog: number; seconds: number; left: number }> {
  const start = Date.now()
  const backlog = (await countedAndStaged(db, roundId)).staged
  let left = backlog
  while (left >= defaultIngest.flushAt && Date.now() - start < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    left = (await countedAndStaged(db, roundId)).staged
  }
  return { backlog, seconds: (Date.now() - start) / 1000, left }
}

/**
 * The open-loop search, on codes of their own: grids of the round's units, each with a new code,
 * at steady rates (doubling from a sixteenth of the target, 10,000 ballots/s, so that the target
 * itself is one of the rates tried; then 3 bisections; after a 1 s warm-up of the
 * server, and each rate's first second left out of its latencies), and the same search on the
 * INSERT of as many rows per request. Returns the best rate that held for each and the ballots
 * acknowledged (the warm-ups' included).
 */
async function steadyRates(port: number, ctx: RoundContext, db: Kysely<Database>, key: string, duration: number) {
  const seconds = duration >= 15 ? 5 : 3
  const perGrid = ctx.units.length
  // Enough for the searches up to twice the target with every rate tried twice, and the runs at
  // the target: 200,000 codes in grids of 6 (1.6 s to make 100,000 here).
  const make = bodies(ctx, await makeCodes(db, key, ctx, Math.ceil(((seconds + 1) * 200_000) / perGrid)))
  const batchPath = `/api/rounds/${ctx.round.id}/ballots/batch`
  const rawPath = `/bench/raw-batch/${ctx.round.id}`
  const refusedIn = (body: string) => (body.match(/"status":"refused"/g) ?? []).length
  const url = `http://127.0.0.1:${port}`
  const label = (what: string) => (r: OpenLoopResult) =>
    `${what} at ${(r.offered * perGrid).toLocaleString('en')} ballots/s offered: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`
  // Before each rate: the backlog of the last one counted (an overloaded rate leaves one), then a breath.
  const pause = async () => {
    await catchUp(db, ctx.round.id)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  let acknowledged = 0
  // Connections opened and code paths warmed before anything counts.
  acknowledged += (await openLoop({ url, path: batchPath, body: make.grid(), rate: 100, seconds: 1, connections: CONNECTIONS, perRequest: perGrid, refusedIn })).ok
  await openLoop({ url, path: rawPath, body: make.rawGrid(), rate: 100, seconds: 1, connections: CONNECTIONS })
  console.log(`  open loop, grids of ${perGrid}:`)
  const from = TARGET_PER_SECOND / perGrid / 16
  const grid = await highestRateWithin(25, from, 3, async (rate) => {
    await pause()
    const r = await openLoop({ url, path: batchPath, body: make.grid(), rate, seconds, warmupSeconds: 1, connections: CONNECTIONS, perRequest: perGrid, refusedIn })
    acknowledged += r.ok
    return r
  }, label('grids'), (2 * TARGET_PER_SECOND) / perGrid)
  console.log(`  open loop, ${perGrid}-row INSERT baseline:`)
  const base = await highestRateWithin(25, from, 3, async (rate) => {
    await pause()
    return openLoop({ url, path: rawPath, body: make.rawGrid(), rate, seconds, warmupSeconds: 1, connections: CONNECTIONS })
  }, label(`${perGrid}-row INSERT`), (2 * TARGET_PER_SECOND) / perGrid)
  // The target rate itself, three times each, alternated: one stall of this shared machine can
  // end the search below a rate that holds at other moments; the median of three says more.
  console.log(`  open loop at ${TARGET_PER_SECOND.toLocaleString('en')} ballots/s, grids of ${perGrid} and the ${perGrid}-row INSERT alternated:`)
  const atTarget: { app: OpenLoopResult[]; base: OpenLoopResult[] } = { app: [], base: [] }
  const rate = TARGET_PER_SECOND / perGrid
  for (let i = 0; i < 3; i++) {
    await pause()
    const app = await openLoop({ url, path: batchPath, body: make.grid(), rate, seconds, warmupSeconds: 1, connections: CONNECTIONS, perRequest: perGrid, refusedIn })
    acknowledged += app.ok
    atTarget.app.push(app)
    console.log(`    ${label('grids')(app)}`)
    await pause()
    atTarget.base.push(await openLoop({ url, path: rawPath, body: make.rawGrid(), rate, seconds, warmupSeconds: 1, connections: CONNECTIONS }))
    console.log(`    ${label(`${perGrid}-row INSERT`)(atTarget.base.at(-1)!)}`)
  }
  return { grid: grid.best, base: base.best, gridFailed: grid.failed, baseFailed: base.failed, atTarget, acknowledged, perGrid }
}

/** The run of median p99 among `runs` (an odd number), and whether every run was free of errors. */
function medianRun(runs: OpenLoopResult[]) {
  const sorted = [...runs].sort((a, b) => a.p99 - b.p99)
  return { median: sorted[Math.floor(sorted.length / 2)]!, clean: runs.every((r) => r.errors === 0) }
}

/** The open-loop rows of one search: the highest rate that held, and its p99, beside the baseline's. */
function steadyRows(section: string, steady: Awaited<ReturnType<typeof steadyRates>>, what: string): Row[] {
  const { perGrid } = steady
  const rate = (steady.grid?.offered ?? 0) * perGrid
  const [app, base] = [medianRun(steady.atTarget.app), medianRun(steady.atTarget.base)]
  return [
    {
      section,
      name: `open loop: highest steady rate of ${what} (${perGrid} ballots, arriving on a schedule over 64 connections) with p99 < 25 ms`,
      value: rate,
      unit: '/s',
      baseline: { name: `one ${perGrid}-row INSERT per request, same search`, value: (steady.base?.offered ?? 0) * perGrid },
      ratio: !steady.grid ? 'no rate tried held' : steady.base?.offered ? `${(steady.grid.offered / steady.base.offered).toFixed(2)}×` : '',
      target: '≥ 10,000/s at p99 < 25 ms',
      met: rate >= TARGET_PER_SECOND,
    },
    // Where no rate held, the p99 of the lowest one tried (it failed twice), not an empty figure.
    {
      section,
      name: steady.grid
        ? `open loop: p99 of ${what} at that rate (per request, from its scheduled start)`
        : `open loop: p99 of ${what} at the lowest rate tried, ${((steady.gridFailed?.offered ?? 0) * perGrid).toLocaleString('en')} ballots/s, which did not hold (per request, from its scheduled start)`,
      value: (steady.grid ?? steady.gridFailed)?.p99 ?? Number.NaN,
      unit: 'ms',
      baseline: {
        name: steady.base ? `one ${perGrid}-row INSERT per request, at its rate` : `one ${perGrid}-row INSERT per request, at the lowest rate tried (did not hold)`,
        value: (steady.base ?? steady.baseFailed)?.p99 ?? Number.NaN,
      },
    },
    {
      section,
      name: `open loop at the target, ${TARGET_PER_SECOND.toLocaleString('en')} ballots/s offered in ${what}: p99, the median of 3 runs (${steady.atTarget.app.map((r) => r.p99.toFixed(1)).join(', ')} ms)`,
      value: app.median.p99,
      unit: 'ms',
      baseline: { name: `one ${perGrid}-row INSERT per request, the same (${steady.atTarget.base.map((r) => r.p99.toFixed(1)).join(', ')} ms)`, value: base.median.p99 },
      target: '< 25 ms, no errors',
      met: app.clean && app.median.p99 < 25,
    },
  ]
}

/**
 * A round of `size` units beside the demo round, on its campaign and form: the demo round's
 * units and new ones — a delegate rating this many units in one grid, as at a 述职评议 meeting.
 */
async function wideRound(db: Kysely<Database>, ctx: RoundContext, size: number): Promise<RoundContext> {
  const round = await db
    .insertInto('round')
    .values({ campaign_id: ctx.campaign.id, form_id: ctx.form.id, name: `基准：${size} 个单位`, stage: ctx.round.stage, status: 'open', opens_at: new Date(), channels: jsonb(['codes']) } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  const added = await db
    .insertInto('unit')
    .values(Array.from({ length: size - ctx.units.length }, (_, i) => ({ campaign_id: ctx.campaign.id, name: `基准单位${i + 1}`, kind: '社区', position: 1000 + i })))
    .returning('id')
    .execute()
  const units = [...ctx.units.map((u) => u.id), ...added.map((u) => u.id)]
  await db.insertInto('round_unit').values(units.map((unit_id, position) => ({ round_id: round.id, unit_id, position }))).execute()
  return loadRoundContext(db, round.id)
}

/**
 * The raw ceiling of the database server itself: pgbench, 64 clients, one single-row INSERT
 * per transaction of a ballot-shaped row, no HTTP and no application. Null without pgbench.
 */
function pgbenchCeiling(url: string, duration: number, ctx: RoundContext): { tps: number; latency: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'pingyi-pgbench-'))
  const script = join(dir, 'insert.sql')
  const answers = JSON.stringify(Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[0]!.id])))
  writeFileSync(script, `INSERT INTO bench_raw_insert (round_id, unit_id, category_id, answers) VALUES ('${ctx.round.id}', '${ctx.units[0]!.id}', '${ctx.categories[1]!.id}', '${answers}');\n`)
  const run = spawnSync('pgbench', ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(duration), '-f', script, url], { encoding: 'utf8' })
  rmSync(dir, { recursive: true, force: true })
  if (run.error || run.status !== 0) {
    console.log(`  pgbench not run: ${run.error?.message ?? run.stderr.trim().split('\n').pop()}`)
    return null
  }
  const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1] ?? 0)
  const latency = Number(/latency average = ([\d.]+) ms/.exec(run.stdout)?.[1] ?? 0)
  return { tps, latency }
}

/**
 * Ingest of code-checked, anonymised ballots with tallies, 64 connections for `duration` s
 * against the Node app in a child process, with same-run baselines: one plain INSERT per
 * request behind the same middleware, and pgbench's single-row INSERT ceiling of the server.
 * Then the same load on embedded PGlite (the embedded ceiling). Not a test: figures only.
 */
export async function benchIngest(quick: boolean): Promise<Row[]> {
  const duration = quick ? 5 : 15
  const rows: Row[] = []
  if (postgresAvailable) rows.push(...(await ingestOnPostgres(duration)))
  else console.log('  PostgreSQL not reachable: the PostgreSQL ingest benchmark is skipped')
  rows.push(...(await ingestOnPglite(quick ? 3 : 10)))
  return rows
}

async function ingestOnPostgres(duration: number): Promise<Row[]> {
  const database = await createTestDatabase('postgres')
  const key = newSecretKey()
  try {
    // Enough for the fastest stretch seen (grids and the grids at 8 connections share a third).
    const { ctx, codes } = await prepare(database.db, key, duration, 120_000)
    await sql`CREATE TABLE bench_raw_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), round_id uuid NOT NULL, unit_id uuid NOT NULL, category_id uuid NOT NULL, answers jsonb NOT NULL)`.execute(database.db)
    const ceiling = pgbenchCeiling(database.url as string, duration, ctx)
    const server = await startServer({ DATABASE_URL: database.url as string, PINGYI_CODE_KEY: key })
    // Codes by scenario, none used twice: a sixth for single ballots, a third for grids (and
    // the grids at 8 connections), half for batches of grids (the most ballots per second).
    const sixth = Math.floor(codes.length / 6)
    const make = bodies(ctx, codes.slice(0, sixth))
    const grids = bodies(ctx, codes.slice(sixth, 3 * sixth))
    const batches = bodies(ctx, codes.slice(3 * sixth))
    const perGrid = ctx.units.length
    const batchPath = `/api/rounds/${ctx.round.id}/ballots/batch`
    try {
      // First, on a quiet server: grids arriving on a schedule, the highest rate whose p99 stays within 25 ms.
      const steady = await steadyRates(server.port, ctx, database.db, key, duration)
      // The same search for a delegate who rates a meeting's WIDE_GRID units in one grid.
      // (A full run only: the quick one, for CI, keeps to the demo round's grids.)
      const wide = duration >= 15 ? await wideRound(database.db, ctx, WIDE_GRID) : null
      // Each search and load starts on a quiet server: runs at the target on a slow stretch of
      // this machine overload it, and the flushes of their backlog (tens of thousands of staged
      // ballots) would otherwise run under the next search — whose first rates then fail — and
      // in the CPU the next load is charged with (the single-INSERT baseline's, measured next).
      const quiet = async () => {
        for (const round of [ctx, wide]) if (round) await catchUp(database.db, round.round.id)
      }
      await quiet()
      const steadyWide = wide ? await steadyRates(server.port, wide, database.db, key, duration) : null
      await quiet()
      const base = await load(server.port, duration, `/bench/raw/${ctx.round.id}`, make.raw, 1, CONNECTIONS, server.pid)
      make.reset()
      const ingest = await load(server.port, duration, `/api/rounds/${ctx.round.id}/ballots`, make.ballot, 1, CONNECTIONS, server.pid)
      const gridBase = await load(server.port, duration, `/bench/raw-batch/${ctx.round.id}`, grids.rawGrid(), perGrid, CONNECTIONS, server.pid)
      grids.reset()
      const grid = await load(server.port, duration, batchPath, grids.grid(), perGrid, CONNECTIONS, server.pid)
      // Fewer clients at once: the load at which a grid's p99 stays within 25 ms.
      const gridFew = await load(server.port, duration, batchPath, grids.grid(), perGrid, 8)
      const batchBase = await load(server.port, duration, `/bench/raw-batch/${ctx.round.id}`, batches.rawGrid(GRIDS_PER_BATCH), GRIDS_PER_BATCH * perGrid)
      batches.reset()
      const batch = await load(server.port, duration, batchPath, batches.grid(GRIDS_PER_BATCH), GRIDS_PER_BATCH * perGrid)
      // The heaviest load leaves the most staged: how soon the tallies catch up.
      const lag = await catchUp(database.db, ctx.round.id)
      console.log(`  after the last load: ${lag.backlog} ballots staged, ${lag.left} left after ${lag.seconds.toFixed(1)} s`)
      await server.stop()
      // The same grids through serving processes sharing the port, as PINGYI_PROCESSES runs them.
      const multi = await throughProcesses(database.db, database.url as string, ctx, key, duration, batchPath)
      // PostgreSQL's cost of the two statements alone, one at a time (no server running now).
      const costRound = wide ?? ctx
      const costs = await statementCosts(database.url as string, costRound, keyedHasher(key), await makeCodes(database.db, key, costRound, statementCostCodes(duration < 15)), duration < 15)
      // Counted once the servers have answered what they took in and stopped.
      const demo = await countedAndStaged(database.db, ctx.round.id)
      const widely = wide ? await countedAndStaged(database.db, wide.round.id) : { counted: 0, staged: 0 }
      const [counted, staged] = [demo.counted + widely.counted, demo.staged + widely.staged]
      const acknowledged = ingest.ok + grid.ok + gridFew.ok + batch.ok + steady.acknowledged + (steadyWide?.acknowledged ?? 0) + multi.acknowledged
      console.log(
        `  ingest: ${ingest.ok} single + ${grid.ok + gridFew.ok} in grids + ${batch.ok} in batches + ${steady.acknowledged + (steadyWide?.acknowledged ?? 0)} in the open loop + ${multi.acknowledged} through 1 and ${PROCESSES} processes acknowledged, ${ingest.errors + grid.errors + gridFew.errors + batch.errors + multi.one.errors + multi.many.errors} errors; ${counted} in tallies, ${staged} staged; ${missing(acknowledged, counted + staged)}`,
      )
      console.log(`  baseline: ${base.ok} acknowledged, ${base.errors} errors${ceiling ? `; pgbench ${ceiling.tps.toFixed(0)} tps` : ''}`)
      const section = 'ingest (PostgreSQL, 64 connections)'
      const out: Row[] = [
        {
          section,
          name: `code-checked anonymised ballots/s (${duration} s)`,
          value: ingest.perSecond,
          unit: '/s',
          baseline: { name: 'one INSERT per request, same server', value: base.perSecond },
          ratio: `${(ingest.perSecond / base.perSecond).toFixed(2)}×`,
          target: '≥ 10,000/s, ≥ 0.6× baseline',
          met: ingest.perSecond >= TARGET_PER_SECOND && ingest.perSecond >= 0.6 * base.perSecond,
        },
        { section, name: 'latency p50', value: ingest.p50, unit: 'ms', baseline: { name: 'one INSERT per request', value: base.p50 } },
        { section, name: 'latency p99', value: ingest.p99, unit: 'ms', baseline: { name: 'one INSERT per request', value: base.p99 }, target: '< 25 ms', met: ingest.p99 < 25 },
        {
          section,
          name: `the same, a delegate's grid of ${perGrid} units per request (${duration} s)`,
          value: grid.perSecond,
          unit: '/s',
          baseline: { name: `one ${perGrid}-row INSERT per request, same server`, value: gridBase.perSecond },
          ratio: `${(grid.perSecond / gridBase.perSecond).toFixed(2)}×`,
          target: '≥ 10,000/s',
          met: grid.perSecond >= TARGET_PER_SECOND,
        },
        { section, name: 'grid latency p50 (per request)', value: grid.p50, unit: 'ms', baseline: { name: `one ${perGrid}-row INSERT per request`, value: gridBase.p50 } },
        { section, name: 'grid latency p99 (per request)', value: grid.p99, unit: 'ms', baseline: { name: `one ${perGrid}-row INSERT per request`, value: gridBase.p99 }, target: '< 25 ms', met: grid.p99 < 25 },
        { section, name: `grids with 8 connections, not 64 (${duration} s)`, value: gridFew.perSecond, unit: '/s' },
        { section, name: 'grid latency p99 with 8 connections (per request)', value: gridFew.p99, unit: 'ms', target: '< 25 ms', met: gridFew.p99 < 25 },
        {
          section,
          name: `${GRIDS_PER_BATCH} grids (${GRIDS_PER_BATCH * perGrid} ballots, ${GRIDS_PER_BATCH} codes) per request: the ingest with HTTP's cost shared (${duration} s)`,
          value: batch.perSecond,
          unit: '/s',
          baseline: { name: `one ${GRIDS_PER_BATCH * perGrid}-row INSERT per request, same server`, value: batchBase.perSecond },
          ratio: `${(batch.perSecond / batchBase.perSecond).toFixed(2)}×`,
          target: '≥ 10,000/s',
          met: batch.perSecond >= TARGET_PER_SECOND,
        },
        { section, name: `latency p99 of ${GRIDS_PER_BATCH * perGrid}-ballot requests`, value: batch.p99, unit: 'ms', baseline: { name: `one ${GRIDS_PER_BATCH * perGrid}-row INSERT per request`, value: batchBase.p99 }, target: '< 25 ms', met: batch.p99 < 25 },
        {
          section,
          name: `tallies behind when that load stopped: ballots still staged (${lag.left >= defaultIngest.flushAt ? `${lag.left} still staged after 60 s` : `counted ${lag.seconds.toFixed(1)} s later`})`,
          value: lag.backlog,
          unit: 'ballots',
        },
        ...steadyRows(section, steady, 'grids'),
        ...(steadyWide ? steadyRows(section, steadyWide, `a meeting delegate's grids of ${WIDE_GRID} units`) : []),
      ]
      out.push(
        {
          section,
          name: `grids through ${PROCESSES} serving processes (PINGYI_PROCESSES=${PROCESSES}), each server new and warmed (${duration} s)`,
          value: multi.many.perSecond,
          unit: '/s',
          baseline: { name: 'the same through one process, alternated', value: multi.one.perSecond },
          ratio: `${(multi.many.perSecond / multi.one.perSecond).toFixed(2)}×`,
        },
        { section, name: `grid latency p99 through ${PROCESSES} processes (per request)`, value: multi.many.p99, unit: 'ms', baseline: { name: 'through one process', value: multi.one.p99 } },
      )
      if (costs) out.push(...statementCostRows(section, costRound.units.length, costs))
      out.push(...cpuRows(section, 'single ballots', ingest.cpu, base.cpu, 'one INSERT per request'))
      out.push(...cpuRows(section, `grids of ${perGrid}`, grid.cpu, gridBase.cpu, `one ${perGrid}-row INSERT per request`))
      if (ceiling) {
        out.push({
          section,
          name: 'raw ceiling: pgbench single-row INSERT, 64 clients, no HTTP',
          value: ceiling.tps,
          unit: '/s',
          ratio: `ingest is ${(ingest.perSecond / ceiling.tps).toFixed(2)}× of it`,
        })
      }
      return out
    } finally {
      await server.stop()
    }
  } finally {
    await database.close()
  }
}

type Cpu = Awaited<ReturnType<typeof load>>['cpu']

/**
 * Where a load's CPU went, per acknowledged ballot: the app server, PostgreSQL, and the load
 * generator, each beside the baseline endpoint's; then the cores 10,000 ballots/s would take at
 * those costs, against the cores this machine has — the three share them.
 */
function cpuRows(section: string, what: string, app: Cpu, base: Cpu, baseName: string): Row[] {
  if (!app) return []
  const parties = [
    ['server', 'the app server (Node)'],
    ['postgres', 'PostgreSQL (every postgres process)'],
    ['loadGenerator', 'the load generator (this process)'],
  ] as const
  const rows: Row[] = parties.map(([key, name]) => ({
    section,
    name: `${what}: CPU per ballot, ${name}`,
    value: app[key],
    unit: 'µs',
    ...(base ? { baseline: { name: baseName, value: base[key] }, ratio: `${(app[key] / base[key]).toFixed(2)}×` } : {}),
  }))
  const cores = (c: NonNullable<Cpu>) => ((c.server + c.postgres + c.loadGenerator) * TARGET_PER_SECOND) / 1e6
  rows.push({
    section,
    name: `${what}: cores ${TARGET_PER_SECOND.toLocaleString('en')} ballots/s would take at these costs (all three; this machine has ${availableParallelism()})`,
    value: cores(app),
    unit: 'cores',
    ...(base ? { baseline: { name: baseName, value: cores(base) } } : {}),
    target: `< ${availableParallelism()}`,
    met: cores(app) < availableParallelism(),
  })
  return rows
}

/** Serving processes of the multi-process figures: as many as this machine has cores, at least 2. */
const PROCESSES = Math.max(2, availableParallelism())

/**
 * Grids through PROCESSES serving processes sharing one port (the bench server under
 * node:cluster, as PINGYI_PROCESSES runs the host) against one process, each a new server on the
 * same database one after the other, in the order 1, n (quick) or 1, n, n, 1 (full: a drift of
 * the machine over the runs weighs on both alike), on codes of their own. Each server is warmed
 * for 2 s (connections opened, code paths compiled), then takes the closed loop of 64
 * connections; the tallies catch up before the next. Returns each's mean.
 */
async function throughProcesses(db: Kysely<Database>, url: string, ctx: RoundContext, key: string, duration: number, batchPath: string) {
  const order = duration >= 15 ? [1, PROCESSES, PROCESSES, 1] : [1, PROCESSES]
  // Codes for 3,500 grids (21,000 ballots) a second.
  const make = bodies(ctx, await makeCodes(db, key, ctx, order.length * (duration + 2) * 3_500))
  const runs: { processes: number; result: Awaited<ReturnType<typeof load>> }[] = []
  let acknowledged = 0
  for (const processes of order) {
    const server = await startServer({ DATABASE_URL: url, PINGYI_CODE_KEY: key, BENCH_PROCESSES: String(processes), BENCH_PORT: String(await freePort()) })
    try {
      acknowledged += (await load(server.port, 2, batchPath, make.grid(), ctx.units.length)).ok
      const result = await load(server.port, duration, batchPath, make.grid(), ctx.units.length)
      acknowledged += result.ok
      runs.push({ processes, result })
      console.log(`  grids through ${processes} process${processes > 1 ? 'es' : ''}: ${result.perSecond.toFixed(0)} ballots/s, p99 ${result.p99} ms, ${result.errors} errors`)
      await catchUp(db, ctx.round.id)
    } finally {
      await server.stop()
    }
  }
  const mean = (processes: number) => {
    const of = runs.filter((r) => r.processes === processes).map((r) => r.result)
    const avg = (pick: (r: (typeof of)[number]) => number) => of.reduce((sum, r) => sum + pick(r), 0) / of.length
    return { perSecond: avg((r) => r.perSecond), p99: avg((r) => r.p99), errors: avg((r) => r.errors) * of.length }
  }
  return { one: mean(1), many: mean(PROCESSES), acknowledged }
}

async function ingestOnPglite(duration: number): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingyi-bench-pglite-'))
  const key = newSecretKey()
  try {
    let database = await openDatabase({ dataDir })
    await database.migrate()
    // Codes for 12,000 ballots a second: since the round's next group commit waits for what
    // arrived meanwhile (e9d80de) the embedded ingest has taken over 3,000 a second, and running
    // out of codes stops the bench (codes for 3,000 a second ran out on 2026-12-07).
    const { ctx, codes } = await prepare(database.db, key, duration, 12_000)
    await database.close()
    const server = await startServer({ PINGYI_DATA_DIR: dataDir, PINGYI_CODE_KEY: key })
    const make = bodies(ctx, codes)
    let base: Awaited<ReturnType<typeof load>>
    let ingest: Awaited<ReturnType<typeof load>>
    try {
      base = await load(server.port, duration, `/bench/raw/${ctx.round.id}`, make.raw)
      make.reset()
      ingest = await load(server.port, duration, `/api/rounds/${ctx.round.id}/ballots`, make.ballot)
    } finally {
      await server.stop()
    }
    database = await openDatabase({ dataDir })
    const { counted, staged } = await countedAndStaged(database.db, ctx.round.id)
    await database.close()
    console.log(`  embedded ingest: ${ingest.ok} acknowledged, ${ingest.errors} errors; ${counted} in tallies, ${staged} staged; ${missing(ingest.ok, counted + staged)}`)
    const section = 'ingest (embedded PGlite, 64 connections)'
    return [
      {
        section,
        name: `code-checked anonymised ballots/s (${duration} s)`,
        value: ingest.perSecond,
        unit: '/s',
        baseline: { name: 'one INSERT per request, same server', value: base.perSecond },
        ratio: `${(ingest.perSecond / base.perSecond).toFixed(2)}×`,
      },
      { section, name: 'latency p99', value: ingest.p99, unit: 'ms', baseline: { name: 'one INSERT per request', value: base.p99 } },
    ]
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
