// `npm run db:migrate`: applies pending sql/ migrations to DATABASE_URL, or to the embedded data folder.
import { openDatabase } from '../server/db/open'
import { readSettings } from '../server/settings'

const settings = readSettings(process.env)
const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.PINGYI_DATA_DIR, max: 1 })
try {
  const applied = await database.migrate((line) => console.log(line))
  console.log(applied.length ? `applied ${applied.length} migration(s)` : 'the database is up to date')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await database.close()
}
