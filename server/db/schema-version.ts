import { type Kysely, sql } from 'kysely'
import type { Database } from './schema'

/**
 * The last migration (`sql/`) this version of Pingyi was written for; test/unit/schema-version
 * keeps it the last file there. Hosts of other versions may not read the same rows the same
 * way: since sql/059, a host before it does not recognise the stored keyed hashes.
 */
export const SCHEMA_VERSION = '059_keyed_hashes_shortened.sql'

/**
 * Whether this host may serve this database: null when the database's last migration is the
 * one this version was written for, else why not, in the user's two languages. The Node host
 * migrates first, so it only finds a database migrated by a newer version; the Workers host,
 * migrated from Node, may find either.
 * @example const problem = await schemaProblem(db) // null, or the message a 503 or a refused start carries
 */
export async function schemaProblem(db: Kysely<Database>): Promise<string | null> {
  const found = await lastMigration(db)
  if (found === SCHEMA_VERSION) return null
  const versions = `数据库：${found ?? '未迁移'}，本版本：${SCHEMA_VERSION}`
  const versionsEn = `database: ${found ?? 'not migrated'}, this version: ${SCHEMA_VERSION}`
  return found !== null && found > SCHEMA_VERSION
    ? `数据库已由更新版本的 Pingyi 迁移（${versions}），本版本不能使用它：请部署同一版本。The database was migrated by a newer version of Pingyi (${versionsEn}); this version cannot serve it: deploy that version here too.`
    : `数据库尚未迁移到本版本（${versions}）：请用本版本运行 npm run db:migrate，再部署。The database is not migrated to this version (${versionsEn}): run npm run db:migrate from this version, then deploy.`
}

/** The name of the database's last migration; null when it has none, or no record of any. */
async function lastMigration(db: Kysely<Database>): Promise<string | null> {
  try {
    const { rows } = await sql<{ name: string | null }>`SELECT max(name) AS name FROM schema_migration`.execute(db)
    return rows[0]?.name ?? null
  } catch (error) {
    // undefined_table: never migrated
    if ((error as { code?: string }).code === '42P01') return null
    throw error
  }
}
