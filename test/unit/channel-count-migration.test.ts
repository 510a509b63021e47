import { describe, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext } from '../../server/rounds/store'
import { migratedBefore } from '../support/migration'

describe('migration 047: ballot counts per channel (PGlite)', () => {
  it('counts the ballots stored before it per round, unit and channel', async () => {
    const old = await migratedBefore('047')
    const { db } = old
    const ctx = await loadRoundContext(db, await seedDemo(db))
    const answers = Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[0]!.id]))
    const ballot = (unit: number, channel: 'mobile' | 'public' | 'paper', valid = true) => ({
      round_id: ctx.round.id,
      unit_id: ctx.units[unit]!.id,
      category_id: ctx.categories[0]!.id,
      channel,
      answers: jsonb(answers),
      opinion: null,
      valid,
      invalid_reason: valid ? null : 'too_few_answers',
    })
    await db
      .insertInto('ballot')
      .values([ballot(0, 'mobile'), ballot(0, 'mobile'), ballot(0, 'public', false), ballot(1, 'paper')] as never)
      .execute()

    expect(await old.rest()).toEqual(old.pending)
    const rows = await db.selectFrom('channel_count').select(['unit_id', 'channel', 'valid', 'invalid']).execute()
    const unitName = new Map(ctx.units.map((u) => [u.id, u.name]))
    expect(Object.fromEntries(rows.map((r) => [`${unitName.get(r.unit_id)} ${r.channel}`, [Number(r.valid), Number(r.invalid)]]))).toEqual({
      '侯口街道 mobile': [2, 0],
      '侯口街道 public': [0, 1],
      '侯口村 paper': [1, 0],
    })
    await old.close()
  })
})
