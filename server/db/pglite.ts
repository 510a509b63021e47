import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { MigrationExecutor } from './migrate'
import type { Database } from './schema'
import { durableStartParams, SyncingNodeFS } from './syncing-nodefs'

/**
 * Opens embedded PostgreSQL (PGlite). `dataDir` undefined means in memory (tests);
 * a folder is created if missing. `image`, for an in-memory database: a data folder made by
 * `dumpDataDir` to start from instead of running initdb (about 1 s against 3 s). Loads the
 * pgcrypto extension the schema needs.
 */
export async function openPglite(dataDir?: string, image?: Blob): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // pgcrypto seals staged ballots (sql/052_sealed_staging.sql); PostgreSQL ships it in contrib.
  const extensions = { pgcrypto }
  // In a folder, commits reach the disk (syncing-nodefs.ts); in memory there is nothing to sync.
  const pg = dataDir
    ? new PGlite({ fs: new SyncingNodeFS(dataDir), extensions, startParams: durableStartParams(PGlite.defaultStartParams) })
    : new PGlite(image ? { loadDataDir: image, extensions } : { extensions })
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
