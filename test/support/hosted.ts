import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../server/db/open'
import type { Database } from '../../server/db/schema'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { createTestDatabase, type Driver } from './databases'
import { type PingyiProcess, pingyiProcess } from './pingyi-process'

/**
 * The Node host in a child process over a database the test can also reach: a fresh database
 * on PostgreSQL (the test server, or `url`), or a PGlite data folder (PINGYI_DATA_DIR).
 */
export interface Hosted {
  driver: Driver
  server: PingyiProcess
  ctx: RoundContext
  /**
   * Runs `fn` on the host's database. PostgreSQL: alongside the running host. PGlite, which one
   * process owns at a time: the host is stopped (SIGTERM) first and started again after.
   */
  withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>
  close(): Promise<void>
}

async function openMigrated(url: string) {
  const database = await openDatabase({ url, max: 4 })
  await database.migrate()
  return database
}

/**
 * Migrates and seeds the demo campaign, runs `prepare` (codes, users …) on the database, then
 * starts the host over it.
 */
export async function startHosted<T>(driver: Driver, prepare: (db: Kysely<Database>, ctx: RoundContext) => Promise<T>, options: { url?: string; env?: Record<string, string> } = {}) {
  if (driver === 'postgres') {
    const owned = options.url ? undefined : await createTestDatabase('postgres')
    const url = options.url ?? owned!.url!
    const database = owned ?? (await openMigrated(url))
    const ctx = await loadRoundContext(database.db, await seedDemo(database.db))
    const prepared = await prepare(database.db, ctx)
    const server = await pingyiProcess({ DATABASE_URL: url, ...options.env })
    const hosted: Hosted = {
      driver,
      server,
      ctx,
      withDb: (fn) => fn(database.db),
      close: async () => {
        await server.stop()
        await database.close()
      },
    }
    return { hosted, prepared }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pingyi-data-'))
  const open = async () => {
    const database = await openDatabase({ dataDir })
    await database.migrate()
    return database
  }
  const first = await open()
  const ctx = await loadRoundContext(first.db, await seedDemo(first.db))
  const prepared = await prepare(first.db, ctx)
  await first.close()
  const server = await pingyiProcess({ PINGYI_DATA_DIR: dataDir, ...options.env })
  const hosted: Hosted = {
    driver,
    server,
    ctx,
    withDb: async (fn) => {
      const wasRunning = server.running()
      await server.stop()
      const database = await open()
      try {
        return await fn(database.db)
      } finally {
        await database.close()
        if (wasRunning) await server.start()
      }
    },
    close: async () => {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return { hosted, prepared }
}
