import cluster from 'node:cluster'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { createApp } from './app'
import { ensureFirstOrganiser } from './auth/first-organiser'
import { hasOrganiser } from './auth/store'
import { MigrationError } from './db/migrate'
import { codeKeyProblem } from './codes/key-check'
import { keyedHasher } from './codes/keyed-hash'
import { storedCodeKey } from './codes/secret'
import { type OpenDatabase, openDatabase } from './db/open'
import { schemaProblem } from './db/schema-version'
import { statementLogRisk } from './db/statement-log'
import { seedDemoIfEmpty } from './demo/seed'
import { readInlineAssets } from './node-assets'
import { PUBLIC_DIR } from './paths'
import { resumeInterruptedCloses } from './rounds/closing'
import { poolPerProcess, superviseServingProcesses } from './serving-processes'
import { type NodeSettings, readSettings } from './settings'

/**
 * `npm start`: the primary process migrates, seeds the demo and makes the first organiser, then
 * serves — itself, or through PINGYI_PROCESSES serving processes (serving-processes.ts), each
 * of which opens its own pool and serves the same app on the shared port.
 */
async function main() {
  const settings = readSettings(process.env)
  if (cluster.isWorker) {
    const database = await openDatabase({ url: settings.DATABASE_URL, max: poolPerProcess(settings.PINGYI_PROCESSES) })
    await serveApp(database, settings, () => {})
    return
  }
  const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.PINGYI_DATA_DIR })
  try {
    await database.migrate((line) => console.log(line))
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error
    console.error(`Pingyi cannot start: ${error.message}`)
    await database.close()
    process.exit(1)
  }
  // A database migrated by a newer version: this one may not read its rows the same way.
  const versionProblem = await schemaProblem(database.db)
  if (versionProblem) {
    console.error(`Pingyi cannot start: ${versionProblem}`)
    await database.close()
    process.exit(1)
  }
  if (await seedDemoIfEmpty(database.db)) console.log('seeded the demo campaign 深入学习实践科学发展观活动')
  // A server that logs statements with their parameters would log ballots beside code hashes.
  const logRisk = await statementLogRisk(database.db)
  if (logRisk) console.warn(logRisk)
  try {
    const created = await ensureFirstOrganiser(database.db, { username: settings.PINGYI_ADMIN_USER, password: settings.PINGYI_ADMIN_PASSWORD }, new Date())
    if (created) console.log(`created the first organiser account "${created}" from PINGYI_ADMIN_USER`)
  } catch (error) {
    console.error(`Pingyi cannot start: ${error instanceof Error ? error.message : String(error)}`)
    await database.close()
    process.exit(1)
  }
  // Closes cut short between the status change and the mixing (a crash, a failed statement) are
  // finished beside serving: their staged ballots are out of the tallies and joined to codes on xmin.
  const keys = keyedHasher(settings.PINGYI_CODE_KEY ?? (await storedCodeKey(database.db)))
  // Another key than the one the open rounds' codes and the staged ballots depend on: refused.
  const keyProblem = await codeKeyProblem(database.db, keys)
  if (keyProblem) {
    console.error(`Pingyi cannot start: ${keyProblem}`)
    await database.close()
    process.exit(1)
  }
  const resuming = resumeInterruptedCloses(database.db, keys).then(
    (ids) => {
      if (ids.length > 0) console.log(`finished the close of ${ids.length} round(s) cut short: ${ids.join(', ')}`)
    },
    (error: unknown) => console.error(`could not finish the closes cut short (a read of their results will): ${error instanceof Error ? error.message : String(error)}`),
  )
  const base = `http://${settings.HOST}:${settings.PORT}`
  if (settings.PINGYI_PROCESSES === 1) {
    await serveApp(database, settings, () => void welcome(database, base, settings).then((lines) => console.log(lines.join('\n'))))
    return
  }
  // The serving processes read the code key the database keeps; make it before they start.
  if (!settings.PINGYI_CODE_KEY) await storedCodeKey(database.db)
  const lines = await welcome(database, base, settings)
  superviseServingProcesses(settings.PINGYI_PROCESSES, {
    log: (line) => console.error(line),
    onListening: () => console.log([...lines, `  ${settings.PINGYI_PROCESSES} 个服务进程 serving processes (PINGYI_PROCESSES)`].join('\n')),
  })
  // The primary serves nothing: its pool stays open for that work only.
  await resuming
  await database.close()
}

/** Serves the app on this process's database until SIGTERM or SIGINT, which close the pool and exit. */
async function serveApp(database: OpenDatabase, settings: NodeSettings, onListening: () => void) {
  const addressHeader = settings.PINGYI_CLIENT_ADDRESS_HEADER
  const app = createApp({
    db: database.db,
    secrets: { codeKey: settings.PINGYI_CODE_KEY ?? (await storedCodeKey(database.db)) },
    hostMiddleware: [compress()],
    assets: serveStatic({ root: PUBLIC_DIR }),
    inlineAssets: await readInlineAssets(),
    clientAddress: (c) => (addressHeader ? c.req.header(addressHeader) : getConnInfo(c).remote.address),
    publicOrigin: settings.PINGYI_PUBLIC_ORIGIN,
    ingest: { databaseOnThisThread: database.kind === 'pglite' },
  })
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, onListening)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    server.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/** What `npm start` prints once it serves: where the data lives, the addresses to open, how to log in. */
async function welcome(database: OpenDatabase, base: string, settings: NodeSettings): Promise<string[]> {
  const where = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite, data in ${settings.PINGYI_DATA_DIR}`
  const round = await database.db.selectFrom('round').select('id').orderBy('created_at').limit(1).executeTakeFirst()
  const lines = [`Pingyi 评议 is running on ${where}`, `  首页 Home:          ${base}/`]
  if (round) {
    lines.push(`  评议表 Evaluate:    ${base}/e/${round.id}`, `  回收 Turnout:       ${base}/results/rounds/${round.id}/turnout`, `  结果 Results:       ${base}/results/rounds/${round.id}`)
  }
  lines.push(`  管理后台 Console:   ${base}/login`)
  if (settings.PINGYI_PUBLIC_ORIGIN) lines.push(`  对外地址 Public:    ${settings.PINGYI_PUBLIC_ORIGIN} (PINGYI_PUBLIC_ORIGIN, in printed links)`)
  if (!(await hasOrganiser(database.db))) {
    lines.push(
      '  还没有登录账号 No login exists yet. Create the first organiser with',
      '    npm run user:create -- --username admin --name 活动办公室 --role organiser',
      '  (it asks for the password, or reads PINGYI_PASSWORD), or start once with',
      '    PINGYI_ADMIN_USER=admin PINGYI_ADMIN_PASSWORD=<10+ characters> npm start',
    )
  }
  return lines
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
