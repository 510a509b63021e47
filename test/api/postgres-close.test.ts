import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/open'
import { withDeadline } from '../../server/db/unavailable'
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
      const closed = withDeadline(database.close(), 5000, () => new Error('the pool is still open 5 s after close()'))
      expect((await running).rows).toEqual([{ one: 1 }])
      await closed
      await expect(sql`SELECT 1`.execute(database.db)).rejects.toThrow()
    } finally {
      await owner.close()
    }
  })
})
