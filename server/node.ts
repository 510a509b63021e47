import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { createApp } from './app'
import { MigrationError } from './db/migrate'
import { storedCodeKey } from './codes/secret'
import { openDatabase } from './db/open'
import { seedDemoIfEmpty } from './demo/seed'
import { PUBLIC_DIR } from './paths'
import { readSettings } from './settings'

async function main() {
  const settings = readSettings(process.env)
  const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.PINGYI_DATA_DIR })
  try {
    await database.migrate((line) => console.log(line))
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error
    console.error(`Pingyi cannot start: ${error.message}`)
    await database.close()
    process.exit(1)
  }
  if (await seedDemoIfEmpty(database.db)) console.log('seeded the demo campaign 深入学习实践科学发展观活动')

  const app = createApp({
    db: database.db,
    secrets: { codeKey: settings.PINGYI_CODE_KEY ?? (await storedCodeKey(database.db)) },
    hostMiddleware: [compress()],
    assets: serveStatic({ root: PUBLIC_DIR }),
  })
  const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
    void printWelcome(database, `http://${settings.HOST}:${info.port}`, settings)
  })

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

async function printWelcome(database: Awaited<ReturnType<typeof openDatabase>>, base: string, settings: ReturnType<typeof readSettings>) {
  const where = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite, data in ${settings.PINGYI_DATA_DIR}`
  const round = await database.db.selectFrom('round').select('id').orderBy('created_at').limit(1).executeTakeFirst()
  const lines = [`Pingyi 评议 is running on ${where}`, `  首页 Home:          ${base}/`]
  if (round) lines.push(`  评议表 Evaluate:    ${base}/e/${round.id}`, `  结果 Results:       ${base}/r/${round.id}`)
  console.log(lines.join('\n'))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
