import type { Kysely, Transaction } from 'kysely'
import type { Database, Round } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { type ChannelCount, channelOrder } from './channels'
import type { EngineInput } from './engine'

type Db = Kysely<Database> | Transaction<Database>

/** A round's engine input with the round row and its campaign, and its ballots per channel. */
export interface LoadedRound {
  round: Round
  campaign: { id: string; name: string }
  input: EngineInput
  /** Ballots per channel over the round's units, in `channelOrder`, channels without any left out. */
  channels: ChannelCount[]
}

/** The round row, or 404 `round_not_found` (also for a draft round without a form). */
export async function findRound(db: Db, roundId: string | undefined): Promise<Round> {
  if (!isUuid(roundId)) throw new ApiError(404, 'round_not_found')
  const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst()
  if (!round?.form_id) throw new ApiError(404, 'round_not_found')
  return round
}

/**
 * Everything the engine needs for a round, read from the tallies and ballot counts only: the
 * cost follows units × categories × dimensions × levels, never the number of ballots.
 * The satisfied levels are the round's locked formula when set, else the form's flags.
 */
export async function loadRound(db: Db, round: Round): Promise<LoadedRound> {
  const formId = round.form_id!
  const [campaign, dimensions, levels, units, categories, tallies, counts, channels] = await Promise.all([
    db.selectFrom('campaign').select(['id', 'name']).where('id', '=', round.campaign_id).executeTakeFirstOrThrow(),
    db.selectFrom('form_dimension').select(['id', 'label', 'kind']).where('form_id', '=', formId).orderBy('position').execute(),
    db.selectFrom('form_level').selectAll().where('form_id', '=', formId).orderBy('position').execute(),
    db
      .selectFrom('round_unit')
      .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
      .select(['unit.id', 'unit.name', 'unit.kind', 'unit.parent_id', 'round_unit.handed_out'])
      .where('round_unit.round_id', '=', round.id)
      .orderBy('round_unit.position')
      .orderBy('unit.name')
      .execute(),
    db.selectFrom('evaluator_category').select(['id', 'name', 'weight']).where('campaign_id', '=', round.campaign_id).orderBy('position').orderBy('name').execute(),
    db.selectFrom('tally').select(['unit_id', 'category_id', 'dimension_id', 'level_id', 'n']).where('round_id', '=', round.id).execute(),
    db.selectFrom('ballot_count').select(['unit_id', 'category_id', 'valid', 'invalid']).where('round_id', '=', round.id).execute(),
    db.selectFrom('channel_count').select(['unit_id', 'channel', 'valid', 'invalid']).where('round_id', '=', round.id).execute(),
  ])
  const U = units.length
  const C = categories.length
  const D = dimensions.length
  const L = levels.length
  const unitIndex = new Map(units.map((u, i) => [u.id, i]))
  const categoryIndex = new Map(categories.map((c, i) => [c.id, i]))
  const dimensionIndex = new Map(dimensions.map((d, i) => [d.id, i]))
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]))
  const cellCounts = new Float64Array(U * C * D * L)
  for (const t of tallies) {
    const u = unitIndex.get(t.unit_id)
    const c = categoryIndex.get(t.category_id)
    const d = dimensionIndex.get(t.dimension_id)
    const l = levelIndex.get(t.level_id)
    // A unit taken out of the round, or a category deleted, has no row to count in.
    if (u === undefined || c === undefined || d === undefined || l === undefined) continue
    cellCounts[((u * C + c) * D + d) * L + l] = Number(t.n)
  }
  const valid = new Float64Array(U * C)
  const invalid = new Float64Array(U * C)
  for (const row of counts) {
    const u = unitIndex.get(row.unit_id)
    const c = categoryIndex.get(row.category_id)
    if (u === undefined || c === undefined) continue
    valid[u * C + c] = Number(row.valid)
    invalid[u * C + c] = Number(row.invalid)
  }
  const satisfied = round.satisfied_levels ? new Set(round.satisfied_levels) : null
  // Summed over the round's units, as `valid` and `invalid` are (a unit taken out is left out).
  const byChannel = new Map(channelOrder.map((channel) => [channel, { channel, valid: 0, invalid: 0 }]))
  // the public link's ballots per unit: nobody handed them out, so 回收率 leaves them out
  const unsolicited = new Map<string, number>()
  for (const row of channels) {
    const sum = byChannel.get(row.channel)
    if (!sum || !unitIndex.has(row.unit_id)) continue
    sum.valid += Number(row.valid)
    sum.invalid += Number(row.invalid)
    if (row.channel === 'public') unsolicited.set(row.unit_id, (unsolicited.get(row.unit_id) ?? 0) + Number(row.valid) + Number(row.invalid))
  }
  return {
    round,
    campaign,
    channels: [...byChannel.values()].filter((c) => c.valid + c.invalid > 0),
    input: {
      levels: levels.map((l) => ({ id: l.id, label: l.label, score: Number(l.score), satisfied: satisfied ? satisfied.has(l.id) && !l.abstain : l.satisfied, abstain: l.abstain })),
      dimensions: dimensions.map((d) => ({ id: d.id, label: d.label, kind: d.kind })),
      categories: categories.map((c) => ({ id: c.id, name: c.name, weight: Number(c.weight) })),
      units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parent_id, handedOut: u.handed_out, unsolicited: unsolicited.get(u.id) ?? 0 })),
      counts: cellCounts,
      valid,
      invalid,
      formula: {
        rankingMeasure: round.ranking_measure,
        minGroupSize: round.min_group_size,
        remedialThreshold: round.remedial_threshold === null ? null : Number(round.remedial_threshold),
      },
    },
  }
}
