import { readFileSync } from 'node:fs'
import { type Kysely, sql } from 'kysely'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { openDatabase } from '../../server/db/open'
import type { Database } from '../../server/db/schema'

export type Driver = 'pglite' | 'postgres'

export interface TestDatabase {
  driver: Driver
  db: Kysely<Database>
  /** The connection string of this test's own PostgreSQL database (postgres driver only). */
  url?: string
}

/** The PostgreSQL server the tests use; each test file gets a fresh database on it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function probePostgres(): Promise<string | null> {
  const sql = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

const postgresProblem = await probePostgres()
if (postgresProblem) {
  console.warn(`[pingyi tests] PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${postgresProblem}): the PostgreSQL half of the database tests is skipped. Set TEST_DATABASE_URL to run it.`)
}

/** True when the PostgreSQL half of the tests runs. */
export const postgresAvailable = postgresProblem === null

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/**
 * A freshly migrated database: PGlite in memory, or a new database created on the test
 * PostgreSQL server (dropped again by `close`).
 */
export async function createTestDatabase(driver: Driver): Promise<TestDatabase & { close(): Promise<void> }> {
  if (driver === 'pglite') {
    // From the run's migrated template (global-setup.ts); migrate() then finds nothing pending.
    const database = await openDatabase({ pgliteImage: migratedImage() })
    await database.migrate()
    return { driver, db: database.db, close: () => database.close() }
  }
  const empty = await emptyPostgresDatabase()
  const database = await openDatabase({ url: empty.url, max: 10 })
  await database.migrate()
  return {
    driver,
    db: database.db,
    url: empty.url,
    close: async () => {
      await database.close()
      await empty.drop()
    },
  }
}

/** A new, empty database on the test PostgreSQL server (not migrated); `drop` removes it. */
export async function emptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pingyi_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  return {
    url: withDatabaseName(TEST_DATABASE_URL, name),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

let image: Blob | undefined

/** The migrated PGlite data folder global-setup.ts dumped, read once per test file. */
function migratedImage(): Blob {
  image ??= new Blob([readFileSync(inject('pgliteImage'))])
  return image
}

/**
 * For an embedded database opened by hand (`openDatabase`): the run's migrated template under
 * vitest, nothing elsewhere (the bench, which shares these helpers, runs initdb itself).
 */
export function testPgliteImage(): Blob | undefined {
  return process.env.VITEST ? migratedImage() : undefined
}

/**
 * Runs a suite once per driver — PGlite and PostgreSQL — each on its own migrated database.
 * The PostgreSQL run is skipped (with a printed reason) when no server is reachable.
 * @example describeEachDatabase('ballots', (t) => { it('…', async () => { await t().db… }) })
 */
export function describeEachDatabase(title: string, suite: (database: () => TestDatabase) => void) {
  for (const driver of ['pglite', 'postgres'] as const) {
    describe.skipIf(driver === 'postgres' && !postgresAvailable)(`${title} [${driver}]`, () => {
      let current: (TestDatabase & { close(): Promise<void> }) | undefined
      beforeAll(async () => {
        current = await createTestDatabase(driver)
      })
      afterAll(async () => {
        await current?.close()
      })
      suite(() => {
        if (!current) throw new Error('test database not ready')
        return current
      })
    })
  }
}

/**
 * Waits (up to `timeoutMs`) until at least `n` sessions of this PostgreSQL database wait for a
 * lock, their statements matching `query` (a LIKE pattern): a transaction holding a row keeps
 * them back. Returns whether they did.
 */
export async function lockWaiters(db: Kysely<Database>, options: { query?: string; n?: number; timeoutMs?: number } = {}): Promise<boolean> {
  const { query = '%', n = 1, timeoutMs = 5000 } = options
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ${query}`.execute(db)
    if ((rows[0]?.n ?? 0) >= n) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return false
}
