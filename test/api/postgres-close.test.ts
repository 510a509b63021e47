import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/open'
import { createTestDatabase, postgresAvailable } from '../support/databases'

// The Node host closes its pool on SIGTERM. postgres.js 3.4.9 never finished `end()` when a
// query was running at that moment (scripts/patch-postgres.mjs): the host hung instead of exiting.
describe.skipIf(!postgresAvailable)('closing the pool [postgres]', () => {
  it('waits for a running query, then ends, and refuses new queries', async () => {
    const owner = await createTestDatabase('postgres')
    try {
      const database = await openDatabase({ url: owner.url!, max: 2 })
      await sql`SELECT 1`.execute(database.db)
      const running = sql<{ one: number }>`SELECT 1 AS one FROM pg_sleep(0.3)`.execute(database.db)
      await new Promise((resolve) => setTimeout(resolve, 50))
      const started = Date.now()
      const closed = database.close().then(() => Date.now() - started)
      expect((await running).rows).toEqual([{ one: 1 }])
      const took = await Promise.race([closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5000))])
      expect(typeof took).toBe('number')
      await expect(sql`SELECT 1`.execute(database.db)).rejects.toThrow()
    } finally {
      await owner.close()
    }
  })
})
