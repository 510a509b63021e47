import type { Kysely, Transaction } from 'kysely'
import type { Database, Round } from '../db/schema'
import { ApiError } from '../errors'

type Db = Kysely<Database> | Transaction<Database>

export interface Dimension {
  id: number
  label: string
}

export interface Level {
  id: number
  label: string
  score: number
  satisfied: boolean
  abstain: boolean
}

/** A round with everything its form and its pages need, in display order. */
export interface RoundContext {
  round: Round
  campaign: { id: string; name: string }
  form: { id: string; name: string; opinionBox: boolean; minAnswered: number }
  dimensions: Dimension[]
  levels: Level[]
  units: { id: string; name: string; kind: string; handedOut: number }[]
  categories: { id: string; name: string; weight: number }[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Loads a round and its form, units and categories; 404 when the id is not a round with a form. */
export async function loadRoundContext(db: Db, roundId: string): Promise<RoundContext> {
  if (!UUID.test(roundId)) throw new ApiError(404, 'round_not_found')
  const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst()
  // A draft round without a form yet has nothing to show or to take ballots for.
  if (!round?.form_id) throw new ApiError(404, 'round_not_found')
  const formId = round.form_id
  const [campaign, form, dimensions, levels, units, categories] = await Promise.all([
    db.selectFrom('campaign').select(['id', 'name']).where('id', '=', round.campaign_id).executeTakeFirstOrThrow(),
    db.selectFrom('form').selectAll().where('id', '=', formId).executeTakeFirstOrThrow(),
    db.selectFrom('form_dimension').select(['id', 'label']).where('form_id', '=', formId).orderBy('position').execute(),
    db.selectFrom('form_level').selectAll().where('form_id', '=', formId).orderBy('position').execute(),
    db
      .selectFrom('round_unit')
      .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
      .select(['unit.id', 'unit.name', 'unit.kind', 'round_unit.handed_out'])
      .where('round_unit.round_id', '=', roundId)
      .orderBy('round_unit.position')
      .orderBy('unit.name')
      .execute(),
    db
      .selectFrom('evaluator_category')
      .select(['id', 'name', 'weight'])
      .where('campaign_id', '=', round.campaign_id)
      .orderBy('position')
      .execute(),
  ])
  return {
    round,
    campaign,
    form: { id: form.id, name: form.name, opinionBox: form.opinion_box, minAnswered: form.min_answered },
    dimensions,
    levels: levels.map((l) => ({ id: l.id, label: l.label, score: Number(l.score), satisfied: l.satisfied, abstain: l.abstain })),
    units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, handedOut: u.handed_out })),
    categories: categories.map((c) => ({ id: c.id, name: c.name, weight: Number(c.weight) })),
  }
}

/**
 * The rounds a visitor can do something with, newest first, for the home page: open ones (to
 * evaluate) and closed ones, each with the slug of its latest public publication in its 公示
 * window (null: no public results to link to). Drafts are the organisers' alone.
 */
export function listRounds(db: Db, now: Date) {
  return db
    .selectFrom('round')
    .innerJoin('campaign', 'campaign.id', 'round.campaign_id')
    .select(['round.id', 'round.name', 'round.stage', 'round.status', 'campaign.name as campaign_name'])
    .select((eb) =>
      eb
        .selectFrom('publication')
        .select('publication.slug')
        .whereRef('publication.round_id', '=', 'round.id')
        .where('publication.to_public', '=', true)
        .where('publication.revoked_at', 'is', null)
        .where((w) => w.or([w('publication.window_start', 'is', null), w('publication.window_start', '<=', now)]))
        .where((w) => w.or([w('publication.window_end', 'is', null), w('publication.window_end', '>', now)]))
        .orderBy('publication.published_at', 'desc')
        .limit(1)
        .as('public_slug'),
    )
    .where('round.status', '!=', 'draft')
    .orderBy('round.created_at', 'desc')
    .execute()
}
