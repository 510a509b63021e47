import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { MigrationExecutor } from './migrate'
import type { Database } from './schema'

/**
 * Opens embedded PostgreSQL (PGlite). `dataDir` undefined means in memory (tests);
 * a folder is created if missing.
 */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pg = new PGlite(dataDir)
  await pg.waitReady
  return pg
}

export function pgliteKysely(pg: PGlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PGliteDialect(pg) })
}

export function pgliteExecutor(pg: PGlite): MigrationExecutor {
  return {
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql)
          },
          query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
        }),
      ),
  }
}
