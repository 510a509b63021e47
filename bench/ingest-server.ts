// The ingest benchmark's server, run as a child process so that the load generator does not
// share its event loop: the real app on PostgreSQL (DATABASE_URL), plus a baseline endpoint
// that stores each ballot with one plain INSERT per request (no code, no staging, no tally). Prints "listening <port>".
// BENCH_PROCESSES=<n> (PostgreSQL): n serving processes on BENCH_PORT, as PINGYI_PROCESSES runs them.
import cluster from 'node:cluster'
import { serve } from '@hono/node-server'
import { createApp } from '../server/app'
import { jsonb } from '../server/db/jsonb'
import { openDatabase } from '../server/db/open'
import { poolPerProcess, superviseServingProcesses } from '../server/serving-processes'

const processes = Number(process.env.BENCH_PROCESSES ?? 1)
const port = Number(process.env.BENCH_PORT ?? 0)
if (processes > 1 && cluster.isPrimary) {
  superviseServingProcesses(processes, { log: console.error, onListening: () => console.log(`listening ${port}`) })
} else {
  await serveBench()
}

async function serveBench() {
  // DATABASE_URL for PostgreSQL; otherwise embedded PGlite in PINGYI_DATA_DIR (the embedded ceiling).
  const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, max: poolPerProcess(processes) } : { dataDir: process.env.PINGYI_DATA_DIR })
  const app = createApp({ db: database.db, log: () => {}, secrets: { codeKey: process.env.PINGYI_CODE_KEY ?? '' }, ingest: { databaseOnThisThread: database.kind === 'pglite', ...(process.env.IN_FLIGHT ? { inFlight: Number(process.env.IN_FLIGHT) } : {}), ...(process.env.STALL_MS ? { stallMs: Number(process.env.STALL_MS) } : {}), ...(process.env.FLUSH_AT ? { flushAt: Number(process.env.FLUSH_AT) } : {}), ...(process.env.FLUSH_EVERY_MS ? { flushEveryMs: Number(process.env.FLUSH_EVERY_MS) } : {}) } })
  // Added after createApp: it runs behind the same middleware as the ballot route.
  app.post('/bench/raw/:round', async (c) => {
    const body = await c.req.json<{ unitId: string; categoryId: string; answers: Record<string, number> }>()
    await database.db
      .insertInto('ballot')
      .values({ round_id: c.req.param('round'), unit_id: body.unitId, category_id: body.categoryId, channel: 'mobile', answers: jsonb(body.answers) })
      .execute()
    return c.json({ status: 'counted', valid: true }, 201)
  })
  // The grid's baseline: its ballots in one multi-row INSERT per request.
  app.post('/bench/raw-batch/:round', async (c) => {
    const { ballots } = await c.req.json<{ ballots: { unitId: string; categoryId: string; answers: Record<string, number> }[] }>()
    const round_id = c.req.param('round')
    await database.db
      .insertInto('ballot')
      .values(ballots.map((b) => ({ round_id, unit_id: b.unitId, category_id: b.categoryId, channel: 'mobile' as const, answers: jsonb(b.answers) })))
      .execute()
    return c.json({ results: ballots.map(() => ({ status: 'counted', valid: true })) }, 200)
  })
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => cluster.isPrimary && console.log(`listening ${info.port}`))
  process.on('SIGTERM', () => {
    // Let answers in flight finish before the pool closes (postgres.js throws on a write after end).
    server.close(() => void database.close().then(() => process.exit(0)))
    if ('closeIdleConnections' in server) server.closeIdleConnections()
    // A connection the load generator left open must not hold the exit (nor the CPU profile).
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
