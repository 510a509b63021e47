import type { Kysely } from 'kysely'
import { readMigrationFiles } from './migration-files'
import { runMigrations } from './migrate'
import { openPglite, pgliteExecutor, pgliteKysely } from './pglite'
import { openPostgres, postgresExecutor, postgresKysely } from './postgres'
import type { Database } from './schema'

export interface OpenDatabase {
  kind: 'pglite' | 'postgres'
  db: Kysely<Database>
  /** Applies pending `sql/` migrations; returns the names applied. */
  migrate(log?: (line: string) => void): Promise<string[]>
  close(): Promise<void>
}

/** How long closing a PostgreSQL pool waits for running queries before it drops the connections. */
const CLOSE_TIMEOUT_SECONDS = 10

/**
 * Opens the database on Node: PostgreSQL when `url` is given, else embedded PGlite in
 * `dataDir` (in memory when `dataDir` is undefined too, started from `pgliteImage` if given:
 * the tests' migrated template).
 */
export async function openDatabase(options: { url?: string; dataDir?: string; max?: number; pgliteImage?: Blob }): Promise<OpenDatabase> {
  if (options.url) {
    const sql = openPostgres(options.url, { max: options.max ?? 20 })
    const db = postgresKysely(sql)
    return {
      kind: 'postgres',
      db,
      migrate: (log) => runMigrations(postgresExecutor(sql), readMigrationFiles(), log),
      // Running queries get this long to finish (a group commit, a flush); then the connections close.
      close: async () => {
        await sql.end({ timeout: CLOSE_TIMEOUT_SECONDS })
        await db.destroy()
      },
    }
  }
  const pg = await openPglite(options.dataDir, options.pgliteImage)
  const db = pgliteKysely(pg)
  return {
    kind: 'pglite',
    db,
    migrate: (log) => runMigrations(pgliteExecutor(pg), readMigrationFiles(), log),
    close: async () => {
      await db.destroy()
      if (!pg.closed) await pg.close()
    },
  }
}
