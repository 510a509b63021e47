import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, postgresAvailable } from '../support/databases'

type Database = Awaited<ReturnType<typeof createTestDatabase>>

// server/db/postgres.ts makes Kysely's queries named prepared statements on PostgreSQL:
// parsed once per connection and executed in one round trip.
describe.skipIf(!postgresAvailable)('prepared statements [postgres]', () => {
  let database: Database
  beforeAll(async () => {
    database = await createTestDatabase('postgres')
  })
  afterAll(() => database?.close())

  const prepared = () => sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`

  it('prepares a query with few parameters once per connection and reuses it', async () => {
    await database.db.connection().execute(async (connection) => {
      for (let i = 0; i < 3; i++) await connection.selectFrom('round').select('id').where('id', '=', crypto.randomUUID()).execute()
      const statements = (await prepared().execute(connection)).rows.filter((r) => r.statement.includes('from "round"'))
      expect(statements).toHaveLength(1)
    })
  })

  it('leaves a bulk statement, whose text changes with its row count, unnamed', async () => {
    await database.db.connection().execute(async (connection) => {
      const ids = Array.from({ length: 65 }, () => crypto.randomUUID())
      await connection.selectFrom('unit').select('id').where('id', 'in', ids).execute()
      const statements = (await prepared().execute(connection)).rows.filter((r) => r.statement.includes('from "unit"'))
      expect(statements).toHaveLength(0)
    })
  })
})
