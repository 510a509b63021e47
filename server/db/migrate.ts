/** One migration file: its name (e.g. `001_core.sql`) and its SQL text. */
export interface MigrationFile {
  name: string
  sql: string
}

/**
 * What the runner needs from a driver: run a callback in one transaction, and inside it
 * run multi-statement SQL text and parameterised queries.
 */
export interface MigrationExecutor {
  transaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T>
}
export interface MigrationTx {
  exec(sql: string): Promise<void>
  query<R>(sql: string, params?: unknown[]): Promise<R[]>
}

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'MigrationError'
  }
}

// Serialises concurrent runners (two app instances starting at once) on PostgreSQL.
const LOCK_KEY = 746_993_201

/**
 * Applies pending migrations in name order, each in its own transaction, recording each in
 * `schema_migration`. A failing file rolls back alone and stops the run with a MigrationError
 * naming it. Returns the names applied.
 */
export async function runMigrations(
  executor: MigrationExecutor,
  files: MigrationFile[],
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const known = await executor.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`)
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    return new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migration')).map((row) => row.name))
  })
  const applied: string[] = []
  // Only the files not applied yet get a transaction each (an up-to-date database starts
  // without 40-odd of them); each is checked again under the lock, for a runner alongside.
  const pending = files.filter((file) => !known.has(file.name))
  for (const file of pending.sort((a, b) => a.name.localeCompare(b.name))) {
    const done = await executor.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`)
      const rows = await tx.query<{ name: string }>('SELECT name FROM schema_migration WHERE name = $1', [file.name])
      if (rows.length > 0) return false
      try {
        await tx.exec(file.sql)
      } catch (error) {
        throw new MigrationError(file.name, error)
      }
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [file.name])
      return true
    })
    if (done) {
      applied.push(file.name)
      log(`migrated ${file.name}`)
    }
  }
  return applied
}
