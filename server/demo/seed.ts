import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { jsonb } from '../db/jsonb'
import { demoCampaign, demoCategories, demoForm, demoRound, type DemoUnit, demoUnits } from './demo-data'

/** Inserts the demo campaign with an open round in one transaction; returns the round id. */
export async function seedDemo(db: Kysely<Database>): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const campaign = await trx.insertInto('campaign').values(demoCampaign).returning('id').executeTakeFirstOrThrow()
    const categories = await trx
      .insertInto('evaluator_category')
      .values(demoCategories.map((c, position) => ({ campaign_id: campaign.id, name: c.name, weight: c.weight, position })))
      .returning('id')
      .execute()
    const form = await trx
      .insertInto('form')
      .values({ campaign_id: campaign.id, name: demoForm.name, frozen_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('form_dimension')
      .values(demoForm.dimensions.map((label, position) => ({ form_id: form.id, position, label })))
      .execute()
    await trx
      .insertInto('form_level')
      .values(demoForm.levels.map((l, position) => ({ form_id: form.id, position, ...l })))
      .execute()
    const round = await trx
      .insertInto('round')
      // Codes and a public link: the form works without a slip (the link's category, 社会公众, is the last).
      .values({ campaign_id: campaign.id, form_id: form.id, name: demoRound.name, stage: demoRound.stage, status: 'open', opens_at: new Date(), channels: jsonb(['codes', 'public']) } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    const evaluated: string[] = []
    const insertUnit = async (unit: DemoUnit, parentId: string | null, position: number) => {
      const row = await trx
        .insertInto('unit')
        .values({ campaign_id: campaign.id, parent_id: parentId, name: unit.name, kind: unit.kind, code: unit.code, position })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (unit.evaluated) evaluated.push(row.id)
      for (const [i, child] of (unit.children ?? []).entries()) await insertUnit(child, row.id, i)
    }
    await insertUnit(demoUnits, null, 0)
    await trx
      .insertInto('round_unit')
      .values(evaluated.map((unit_id, position) => ({ round_id: round.id, unit_id, handed_out: demoRound.handedOut, position })))
      .execute()
    // Its public link (rounds/public-link.ts keeps link and channel together).
    await trx.insertInto('public_link').values({ round_id: round.id, category_id: categories.at(-1)!.id }).execute()
    return round.id
  })
}

/** Seeds the demo only into a database that has no campaign yet; returns the new round id. */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<string | null> {
  const any = await db.selectFrom('campaign').select('id').limit(1).executeTakeFirst()
  return any ? null : seedDemo(db)
}
