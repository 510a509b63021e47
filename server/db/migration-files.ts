import { readdirSync, readFileSync } from 'node:fs'
import { SQL_DIR } from '../paths'
import type { MigrationFile } from './migrate'

/** Reads `sql/NNN_name.sql` files (Node only: the Workers host is migrated from Node). */
export function readMigrationFiles(dir = SQL_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }))
}
