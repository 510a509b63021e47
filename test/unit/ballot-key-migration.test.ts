import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext } from '../../server/rounds/store'
import { migratedBefore } from '../support/migration'

describe('migration 058: ballots without a unique index on their id (PGlite)', () => {
  it('keeps the ballots and their random ids, drops only the index, and names the whole row as the replication identity', async () => {
    const old = await migratedBefore('058')
    const { db } = old
    const ctx = await loadRoundContext(db, await seedDemo(db))
    const ballot = { round_id: ctx.round.id, unit_id: ctx.units[0]!.id, category_id: ctx.categories[0]!.id, channel: 'mobile', answers: jsonb({}) }
    const before = await db.insertInto('ballot').values([ballot, ballot] as never).returning('id').execute()

    expect(await old.rest()).toEqual(old.pending)
    const { rows: indexes } = await sql<{ name: string; unique: boolean }>`
      SELECT c.relname AS name, i.indisunique AS unique FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'ballot'::regclass ORDER BY 1`.execute(db)
    expect(indexes).toEqual([{ name: 'ballot_round_unit_idx', unique: false }])
    const { rows: table } = await sql<{ identity: string; not_null: boolean }>`
      SELECT c.relreplident AS identity, a.attnotnull AS not_null FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' WHERE c.oid = 'ballot'::regclass`.execute(db)
    expect(table).toEqual([{ identity: 'f', not_null: true }])
    expect((await db.selectFrom('ballot').select('id').execute()).map((b) => b.id).sort()).toEqual(before.map((b) => b.id).sort())
    // New ballots still get a random (v4) id of their own.
    const [added] = await db.insertInto('ballot').values(ballot as never).returning('id').execute()
    expect(added!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await old.close()
  })
})
