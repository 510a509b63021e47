import { describe, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import { seedDemo } from '../../server/demo/seed'
import { migratedBefore } from '../support/migration'

describe('migration 046: a public link and the public channel go together (PGlite)', () => {
  it('names the channel of a round that has a link, and gives a link to a round that names the channel', async () => {
    const old = await migratedBefore('046')
    const { db } = old
    // As the seed wrote it before: a link, and channels saying codes only.
    const linked = await seedDemo(db)
    await db.updateTable('round').set({ channels: jsonb(['codes']) } as never).where('id', '=', linked).execute()
    // As the console wrote it before: the channel, and no link.
    const unlinked = await seedDemo(db)
    await db.updateTable('round').set({ channels: jsonb(['public', 'paper']) } as never).where('id', '=', unlinked).execute()
    await db.deleteFrom('public_link').where('round_id', '=', unlinked).execute()
    const untouched = await seedDemo(db)
    await db.updateTable('round').set({ channels: jsonb(['codes']) } as never).where('id', '=', untouched).execute()
    await db.deleteFrom('public_link').where('round_id', '=', untouched).execute()

    expect(await old.rest()).toEqual(old.pending)
    const rounds = await db.selectFrom('round').leftJoin('public_link', 'public_link.round_id', 'round.id').leftJoin('evaluator_category', 'evaluator_category.id', 'public_link.category_id').select(['round.id', 'round.channels', 'evaluator_category.name']).execute()
    const of = (id: string) => rounds.find((r) => r.id === id)
    expect(of(linked)).toMatchObject({ channels: ['codes', 'public'], name: '社会公众' })
    expect(of(unlinked)).toMatchObject({ channels: ['public', 'paper'], name: '社会公众' })
    expect(of(untouched)).toMatchObject({ channels: ['codes'], name: null })
    await old.close()
  })
})
