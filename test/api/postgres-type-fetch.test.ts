import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/open'
import type { Database } from '../../server/db/schema'
import { createTestDatabase, postgresAvailable } from '../support/databases'

// Every new postgres.js connection first fetches the array types; postgres.js 3.4.9 dropped that
// query's promise, so its failure was an unhandled rejection, which ends a Node process
// (scripts/patch-postgres.mjs). A statement_timeout of 1 ms makes it fail every time, and when it
// cuts the type query off part-way through its rows, the count of rows received used to stay
// standing and the next query resolved with that many holes before its own row.
describe.skipIf(!postgresAvailable)('a new connection whose first query fails [postgres]', () => {
  // The 1 ms applies to this query too: on a busy machine it is itself cancelled now and then
  // (57014, seen in CI) — an answer from the server, not a broken pool — so it is asked again.
  async function selectOne(db: Kysely<Database>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows
      } catch (error) {
        if (attempt < 5 && (error as { code?: string }).code === '57014') continue
        throw error
      }
    }
  }

  it('leaves nothing unhandled to end the process, and the pool goes on serving', async () => {
    const owner = await createTestDatabase('postgres')
    const unhandled: unknown[] = []
    const listener = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', listener)
    try {
      const url = new URL(owner.url!)
      url.searchParams.set('statement_timeout', '1')
      for (let i = 0; i < 3; i++) {
        const database = await openDatabase({ url: url.toString(), max: 1 })
        // Kysely reserves the connection, then queries on it once the type query has failed.
        expect(await selectOne(database.db)).toEqual([{ one: 1 }])
        await database.close()
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', listener)
      await owner.close()
    }
  })

  it('a query that fails part-way through its rows leaves the next query on the connection whole', async () => {
    const owner = await createTestDatabase('postgres')
    const database = await openDatabase({ url: owner.url!, max: 1 })
    try {
      // Rows 1 to 3 reach the client before row 4 divides by zero.
      const failing = sql<{ i: number }>`SELECT i, 1 / (4 - i) AS boom FROM generate_series(1, 10) AS i`
      await expect(failing.execute(database.db)).rejects.toThrow(/division by zero/)
      const next = await sql<{ x: number }>`SELECT x FROM generate_series(1, 2) AS x`.execute(database.db)
      expect(next.rows).toEqual([{ x: 1 }, { x: 2 }])
    } finally {
      await database.close()
      await owner.close()
    }
  })
})
