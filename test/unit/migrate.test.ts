import { describe, expect, it } from 'vitest'
import { MigrationError, runMigrations } from '../../server/db/migrate'
import { readMigrationFiles } from '../../server/db/migration-files'
import { openPglite, pgliteExecutor } from '../../server/db/pglite'
import { openPostgres, postgresExecutor } from '../../server/db/postgres'
import { emptyPostgresDatabase, postgresAvailable } from '../support/databases'

describe('migration runner (PGlite)', () => {
  it('applies files in order once, records them, and rolls a failing file back alone', async () => {
    const pg = await openPglite()
    const executor = pgliteExecutor(pg)
    const files = [
      { name: '002_b.sql', sql: 'CREATE TABLE b (id int); INSERT INTO b VALUES (1);' },
      { name: '001_a.sql', sql: 'CREATE TABLE a (id int);' },
    ]
    expect(await runMigrations(executor, files)).toEqual(['001_a.sql', '002_b.sql'])
    expect(await runMigrations(executor, files)).toEqual([])

    const bad = { name: '003_bad.sql', sql: 'CREATE TABLE c (id int); INSERT INTO nowhere VALUES (1);' }
    const error = await runMigrations(executor, [...files, bad]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as MigrationError).file).toBe('003_bad.sql')
    expect((error as MigrationError).message).toMatch(/003_bad\.sql.*nowhere/)
    const tables = await pg.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    expect(tables.rows.map((r) => r.name)).toEqual(['a', 'b', 'schema_migration'])
    const recorded = await pg.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name')
    expect(recorded.rows.map((r) => r.name)).toEqual(['001_a.sql', '002_b.sql'])
    await pg.close()
  })
})

describe.skipIf(!postgresAvailable)('migration runner (PostgreSQL)', () => {
  it('applies each file once when two instances start on an empty database at the same time', async () => {
    const empty = await emptyPostgresDatabase()
    const [one, two] = [0, 1].map(() => openPostgres(empty.url, { max: 1 }))
    try {
      const files = readMigrationFiles()
      const [first, second] = await Promise.all([runMigrations(postgresExecutor(one!), files), runMigrations(postgresExecutor(two!), files)])
      expect([...first, ...second].sort()).toEqual(files.map((f) => f.name).sort())
      expect(await runMigrations(postgresExecutor(one!), files)).toEqual([])
      const recorded = await one!<{ name: string }[]>`SELECT name FROM schema_migration ORDER BY name`
      expect(recorded.map((r) => r.name)).toEqual(files.map((f) => f.name).sort())
    } finally {
      await Promise.all([one!.end(), two!.end()])
      await empty.drop()
    }
  })
})
