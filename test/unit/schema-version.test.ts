import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { readMigrationFiles } from '../../server/db/migration-files'
import { SCHEMA_VERSION, schemaProblem } from '../../server/db/schema-version'
import { describeEachDatabase } from '../support/databases'

it('names the last migration in sql/ as the schema this version was written for', () => {
  expect(SCHEMA_VERSION).toBe(readMigrationFiles().at(-1)!.name)
})

describeEachDatabase('a host and a database of different versions', (database) => {
  it('serves a database migrated by this version, and refuses one behind it or ahead of it, naming both versions', async () => {
    const db = database().db
    expect(await schemaProblem(db)).toBeNull()
    await sql`DELETE FROM schema_migration WHERE name = ${SCHEMA_VERSION}`.execute(db)
    try {
      const behind = await schemaProblem(db)
      expect(behind).toContain('数据库尚未迁移到本版本')
      expect(behind).toContain('run npm run db:migrate')
      expect(behind).toContain(SCHEMA_VERSION)
    } finally {
      await sql`INSERT INTO schema_migration (name) VALUES (${SCHEMA_VERSION})`.execute(db)
    }
    await sql`INSERT INTO schema_migration (name) VALUES ('999_from_a_newer_version.sql')`.execute(db)
    try {
      const ahead = await schemaProblem(db)
      expect(ahead).toContain('数据库已由更新版本的 Pingyi 迁移')
      expect(ahead).toContain('999_from_a_newer_version.sql')
    } finally {
      await sql`DELETE FROM schema_migration WHERE name = '999_from_a_newer_version.sql'`.execute(db)
    }
    expect(await schemaProblem(db)).toBeNull()
  })
})
