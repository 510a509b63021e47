import { runMigrations } from '../../server/db/migrate'
import { readMigrationFiles } from '../../server/db/migration-files'
import { openPglite, pgliteExecutor, pgliteKysely } from '../../server/db/pglite'

/**
 * An embedded database migrated up to migration `number` (not including it), for a test that
 * writes rows as the schema held them before, then applies the rest: `rest()` runs them and
 * returns the names applied, `pending` the names it should (that migration and those after it).
 * @example const old = await migratedBefore('058'); …; expect(await old.rest()).toEqual(old.pending)
 */
export async function migratedBefore(number: string) {
  const pg = await openPglite()
  const files = readMigrationFiles()
  await runMigrations(pgliteExecutor(pg), files.filter((f) => f.name < number))
  return {
    db: pgliteKysely(pg),
    pending: files.filter((f) => f.name >= number).map((f) => f.name),
    rest: () => runMigrations(pgliteExecutor(pg), files),
    close: () => pg.close(),
  }
}
