import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/db/open'
import { statementLogRisk } from '../../server/db/statement-log'
import { emptyPostgresDatabase, postgresAvailable } from '../support/databases'

/** The start-up warning of a server that would log ballots' parameters (with their code hashes). */
describe('statement log warning', () => {
  it('says nothing on an embedded database as it comes, and warns once statements are logged with parameters', async () => {
    const database = await openDatabase({})
    try {
      expect(await statementLogRisk(database.db)).toBeNull()
      await sql`SET log_statement = 'mod'`.execute(database.db)
      expect(await statementLogRisk(database.db)).toMatch(/log_statement = mod[\s\S]*log_parameter_max_length = 0/)
      await sql`SET log_parameter_max_length = 0`.execute(database.db)
      expect(await statementLogRisk(database.db)).toBeNull()
    } finally {
      await database.close()
    }
  })

  it.skipIf(!postgresAvailable)('warns of a PostgreSQL database that logs slow statements, until parameters are left out of the log', async () => {
    const empty = await emptyPostgresDatabase()
    const name = new URL(empty.url).pathname.slice(1)
    const admin = await openDatabase({ url: empty.url, max: 1 })
    try {
      // A threshold no test statement reaches: nothing is written to the server's own log.
      await sql.raw(`ALTER DATABASE ${name} SET log_min_duration_statement = '10s'`).execute(admin.db)
      const logging = await openDatabase({ url: empty.url, max: 1 })
      expect(await statementLogRisk(logging.db)).toContain('log_min_duration_statement = 10s')
      await logging.close()
      await sql.raw(`ALTER DATABASE ${name} SET log_parameter_max_length = 0`).execute(admin.db)
      const quiet = await openDatabase({ url: empty.url, max: 1 })
      expect(await statementLogRisk(quiet.db)).toBeNull()
      await quiet.close()
    } finally {
      await admin.close()
      await empty.drop()
    }
  })
})
