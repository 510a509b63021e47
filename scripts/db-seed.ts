// `npm run db:seed`: migrates, then adds the demo campaign (again, if one is there already).
import { openDatabase } from '../server/db/open'
import { seedDemo } from '../server/demo/seed'
import { readSettings } from '../server/settings'

const settings = readSettings(process.env)
const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.PINGYI_DATA_DIR, max: 1 })
try {
  await database.migrate((line) => console.log(line))
  const roundId = await seedDemo(database.db)
  console.log(`seeded the demo campaign; its round is /e/${roundId}`)
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await database.close()
}
