import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../server/demo/seed'
import { flushRound } from '../../server/ingest/flush'
import { loadRoundContext } from '../../server/rounds/store'
import { testKeys } from '../support/codes'
import { migratedBefore } from '../support/migration'

describe('migration 043: staged ballots become staged groups (PGlite)', () => {
  it('carries ballots staged before it over, and they are counted at the next flush', async () => {
    const old = await migratedBefore('043')
    const { db } = old
    const ctx = await loadRoundContext(db, await seedDemo(db))
    const before = Number((await sql<{ n: string }>`SELECT coalesce(sum(valid + invalid), 0) AS n FROM ballot_count WHERE round_id = ${ctx.round.id}`.execute(db)).rows[0]!.n)
    const answers = JSON.stringify(Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[0]!.id])))
    for (let i = 0; i < 12; i++) {
      const unit = ctx.units[i % ctx.units.length]!
      await sql`INSERT INTO ballot_staging (round_id, unit_id, category_id, channel, answers, opinion, valid, invalid_reason)
        VALUES (${ctx.round.id}, ${unit.id}, ${ctx.categories[i % 2]!.id}, 'mobile', cast(${answers} AS jsonb), ${`old ${i}`}, ${i !== 11}, ${i === 11 ? 'too_few_answers' : null})`.execute(db)
    }

    expect(await old.rest()).toEqual(old.pending)
    const groups = await db.selectFrom('staged_group').select(['size', 'category_ids']).execute()
    expect(groups).toHaveLength(1)
    expect(groups[0]!.size).toBe(12)
    expect([...groups[0]!.category_ids].sort()).toEqual([ctx.categories[0]!.id, ctx.categories[1]!.id].sort())
    const staged = await db.selectFrom('staged_ballot').select(['unit_id', 'opinion', 'valid', 'invalid_reason', 'answers']).execute()
    expect(staged.map((b) => b.opinion).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `old ${i}`).sort())
    expect(staged.find((b) => b.opinion === 'old 11')).toMatchObject({ valid: false, invalid_reason: 'too_few_answers', unit_id: ctx.units[11 % ctx.units.length]!.id })
    expect(staged[0]!.answers).toEqual(JSON.parse(answers))

    expect(await flushRound(db, ctx.round.id, { keys: testKeys, force: true })).toBe(12)
    const after = Number((await sql<{ n: string }>`SELECT sum(valid + invalid) AS n FROM ballot_count WHERE round_id = ${ctx.round.id}`.execute(db)).rows[0]!.n)
    expect(after - before).toBe(12)
    expect(await db.selectFrom('staged_group').select('id').execute()).toEqual([])
    await old.close()
  })
})
