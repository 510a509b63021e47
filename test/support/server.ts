import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { createApp } from '../../server/app'
import type { AppDeps } from '../../server/env'
import { openDatabase, type OpenDatabase } from '../../server/db/open'
import { testPgliteImage } from './databases'
import { TEST_CODE_KEY } from './demo'
import { seedDemo } from '../../server/demo/seed'
import { readInlineAssets } from '../../server/node-assets'

const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public', import.meta.url))

export interface TestServer {
  url: string
  database: OpenDatabase
  roundId: string
  close(): Promise<void>
}

/**
 * The Node host's app, over an in-memory PGlite holding the demo campaign, listening on a
 * free port of 127.0.0.1 with compression, static assets and the phone pages' inline
 * assets, and the ingest told that its database runs on this thread, as `npm start` serves them.
 */
export async function startDemoServer(extra: Partial<AppDeps> = {}): Promise<TestServer> {
  const database = await openDatabase({ pgliteImage: testPgliteImage() })
  await database.migrate()
  const roundId = await seedDemo(database.db)
  const app = createApp({
    db: database.db,
    log: () => {},
    hostMiddleware: [compress()],
    assets: serveStatic({ root: PUBLIC_DIR }),
    inlineAssets: await readInlineAssets(PUBLIC_DIR),
    secrets: { codeKey: TEST_CODE_KEY },
    ...extra,
    ingest: { databaseOnThisThread: true, ...extra.ingest },
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    roundId,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await database.close()
    },
  }
}
