import { type Kysely, sql } from 'kysely'
import type { Database } from '../server/db/schema'

export const SHAPE = { units: 200, dimensions: 6, levels: 4, categories: 6 }

/** A campaign of 200 units, 6 categories and a 6-dimension, 4-level form; returns its ids. */
export async function createBenchCampaign(db: Kysely<Database>) {
  const campaign = await db.insertInto('campaign').values({ name: '基准测试活动' }).returning('id').executeTakeFirstOrThrow()
  const categories = await db
    .insertInto('evaluator_category')
    .values(Array.from({ length: SHAPE.categories }, (_, i) => ({ campaign_id: campaign.id, name: `类别${i + 1}`, weight: 100 / SHAPE.categories, position: i })))
    .returning('id')
    .execute()
  const units = await db
    .insertInto('unit')
    .values(Array.from({ length: SHAPE.units }, (_, i) => ({ campaign_id: campaign.id, name: `单位${i + 1}`, kind: i % 2 ? '村' : '社区', position: i })))
    .returning('id')
    .execute()
  const form = await db.insertInto('form').values({ campaign_id: campaign.id, name: '基准表', frozen_at: new Date() }).returning('id').executeTakeFirstOrThrow()
  const dimensions = await db
    .insertInto('form_dimension')
    .values(Array.from({ length: SHAPE.dimensions }, (_, i) => ({ form_id: form.id, position: i, label: `维度${i + 1}` })))
    .returning('id')
    .execute()
  const labels = ['满意', '比较满意', '不太满意', '不满意']
  const levels = await db
    .insertInto('form_level')
    .values(labels.map((label, i) => ({ form_id: form.id, position: i, label, score: 100 - 20 * i, satisfied: i < 2 })))
    .returning('id')
    .execute()
  return { campaignId: campaign.id, formId: form.id, units: units.map((u) => u.id), categories: categories.map((c) => c.id), dimensions: dimensions.map((d) => d.id), levels: levels.map((l) => l.id) }
}

type BenchCampaign = Awaited<ReturnType<typeof createBenchCampaign>>

const CAMPAIGN = '基准测试活动'

/** The bench campaign of an earlier run, if this database holds one (ids in creation order). */
async function findBenchCampaign(db: Kysely<Database>): Promise<BenchCampaign | null> {
  const campaign = await db.selectFrom('campaign').select('id').where('name', '=', CAMPAIGN).executeTakeFirst()
  if (!campaign) return null
  const form = await db.selectFrom('form').select('id').where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow()
  const ids = async <T>(rows: Promise<{ id: T }[]>) => (await rows).map((r) => r.id)
  return {
    campaignId: campaign.id,
    formId: form.id,
    units: await ids(db.selectFrom('unit').select('id').where('campaign_id', '=', campaign.id).orderBy('position').execute()),
    categories: await ids(db.selectFrom('evaluator_category').select('id').where('campaign_id', '=', campaign.id).orderBy('position').execute()),
    dimensions: await ids(db.selectFrom('form_dimension').select('id').where('form_id', '=', form.id).orderBy('position').execute()),
    levels: await ids(db.selectFrom('form_level').select('id').where('form_id', '=', form.id).orderBy('position').execute()),
  }
}

/** The bench campaign: the one an earlier run left in this database, else a new one. */
export async function benchCampaign(db: Kysely<Database>): Promise<BenchCampaign> {
  return (await findBenchCampaign(db)) ?? createBenchCampaign(db)
}

/**
 * The round `name` of `size` ballots: reused when an earlier run left it complete (its ballot
 * counts add up to `size`), else (re)generated. Generating 10,000,000 ballots takes about ten
 * minutes here; reusing them, nothing.
 */
export async function benchRound(db: Kysely<Database>, campaign: BenchCampaign, name: string, size: number, progress: (line: string) => void): Promise<{ id: string; generated: boolean }> {
  const found = await db.selectFrom('round').select('id').where('campaign_id', '=', campaign.campaignId).where('name', '=', name).executeTakeFirst()
  if (found) {
    const counted = await db.selectFrom('ballot_count').select((eb) => eb.fn.sum<string>('valid').as('n')).where('round_id', '=', found.id).executeTakeFirst()
    if (Number(counted?.n ?? 0) === size) return { id: found.id, generated: false }
    // Left half-made by an interrupted run: remove it and start again.
    await db.transaction().execute(async (trx) => {
      for (const table of ['results_cache', 'ballot_count', 'tally', 'ballot', 'round_unit'] as const) await trx.deleteFrom(table).where('round_id', '=', found.id).execute()
      await trx.deleteFrom('round').where('id', '=', found.id).execute()
    })
  }
  return { id: await createBenchRound(db, campaign, size, progress, name), generated: true }
}

/**
 * A closed round with `size` raw ballots (skewed to satisfied: 85 / 10 / 4 / 1 %) generated in
 * the database in chunks, and its tallies built from them. Reports progress per chunk.
 */
export async function createBenchRound(db: Kysely<Database>, campaign: BenchCampaign, size: number, progress: (line: string) => void, name = `基准轮次 ${size}`) {
  const round = await db
    .insertInto('round')
    .values({ campaign_id: campaign.campaignId, form_id: campaign.formId, name, stage: 'analysis', status: 'closed' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('round_unit')
    .values(campaign.units.map((unit_id, position) => ({ round_id: round.id, unit_id, position, handed_out: Math.ceil(size / SHAPE.units) })))
    .execute()
  const [l1, l2, l3, l4] = campaign.levels
  const skew = `ARRAY[${[...Array(85).fill(l1), ...Array(10).fill(l2), ...Array(4).fill(l3), l4].join(',')}]`
  const answers = `jsonb_build_object(${campaign.dimensions.map((d) => `'${d}', (${skew})[1 + floor(random() * 100)::int]`).join(', ')})`
  const units = `ARRAY[${campaign.units.map((u) => `'${u}'::uuid`).join(',')}]`
  const categories = `ARRAY[${campaign.categories.map((c) => `'${c}'::uuid`).join(',')}]`
  const chunk = 500_000
  for (let from = 0; from < size; from += chunk) {
    const to = Math.min(size, from + chunk) - 1
    await sql
      .raw(
        `INSERT INTO ballot (round_id, unit_id, category_id, channel, answers, valid)
         SELECT '${round.id}', (${units})[1 + g % ${SHAPE.units}], (${categories})[1 + (g / ${SHAPE.units}) % ${SHAPE.categories}], 'mobile', ${answers}, true
         FROM generate_series(${from}, ${to}) g`,
      )
      .execute(db)
    if (size > chunk) progress(`  round of ${size.toLocaleString('en')}: ${(to + 1).toLocaleString('en')} ballots written`)
  }
  await sql`
    INSERT INTO tally (round_id, unit_id, category_id, dimension_id, level_id, n)
    SELECT round_id, unit_id, category_id, a.key::int, a.value::int, count(*)
    FROM ballot, jsonb_each_text(answers) a WHERE round_id = ${round.id} AND valid GROUP BY 1, 2, 3, 4, 5`.execute(db)
  await sql`
    INSERT INTO ballot_count (round_id, unit_id, category_id, valid, invalid)
    SELECT round_id, unit_id, category_id, count(*) FILTER (WHERE valid), count(*) FILTER (WHERE NOT valid)
    FROM ballot WHERE round_id = ${round.id} GROUP BY 1, 2, 3`.execute(db)
  await sql`ANALYZE`.execute(db)
  return round.id
}

/** The baseline: the same per-unit, per-dimension, per-level counts by GROUP BY over raw ballots. */
export async function groupByRawBallots(db: Kysely<Database>, roundId: string) {
  const result = await sql`
    SELECT unit_id, a.key AS dimension_id, a.value AS level_id, count(*) AS n
    FROM ballot, jsonb_each_text(answers) a WHERE round_id = ${roundId} AND valid GROUP BY 1, 2, 3`.execute(db)
  return result.rows.length
}
