import { type Kysely, sql } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import type { Database, RecheckAnswer } from '../db/schema'
import { ApiError } from '../errors'
import { wilson } from '../results/wilson'
import type { Db } from '../tracking/db'
import { closeRecheck } from './flush'

export const ANSWERS: readonly RecheckAnswer[] = ['satisfied', 'basic', 'unsatisfied', 'unknown']

/**
 * Sets the public items a 整改落实 or 回头看 round asks "整改是否到位" about. Only while the round
 * is a draft; every item must be public, of the campaign, and of a unit the round evaluates.
 */
export async function setRecheckItems(trx: Db, campaignId: string, roundId: string, itemIds: string[]): Promise<void> {
  const round = await trx.selectFrom('round').select(['campaign_id', 'stage', 'status']).where('id', '=', roundId).executeTakeFirst()
  if (!round || round.campaign_id !== campaignId) throw new ApiError(404, 'round_not_found')
  if (round.stage !== 'rectification' && round.stage !== 'review') throw new ApiError(409, 'recheck_wrong_stage')
  if (round.status !== 'draft') throw new ApiError(409, 'round_locked')
  const ids = [...new Set(itemIds)]
  if (ids.length > 0) {
    const ok = await trx
      .selectFrom('rectification_item as i')
      .innerJoin('round_unit as ru', (join) => join.onRef('ru.unit_id', '=', 'i.unit_id').on('ru.round_id', '=', roundId))
      .select(['i.id', 'i.public'])
      .where('i.campaign_id', '=', campaignId)
      .where('i.id', 'in', ids)
      .execute()
    const good = new Set(ok.filter((r) => r.public).map((r) => r.id))
    const bad = itemIds.findIndex((id) => !good.has(id))
    if (bad >= 0) throw new ApiError(422, 'recheck_item_invalid', [{ path: `itemIds.${bad}` }])
  }
  await trx.deleteFrom('recheck_item').where('round_id', '=', roundId).execute()
  if (ids.length > 0) await trx.insertInto('recheck_item').values(ids.map((item_id) => ({ round_id: roundId, item_id }))).execute()
}

/**
 * The items a round asks about, with their unit, for evaluators and the console. `public` is the
 * item's flag now: an item made private after it was chosen is still asked about, by title only.
 */
export function recheckQuestions(db: Db, roundId: string) {
  return db
    .selectFrom('recheck_item as r')
    .innerJoin('rectification_item as i', 'i.id', 'r.item_id')
    .innerJoin('unit', 'unit.id', 'i.unit_id')
    .select(['i.id', 'i.title', 'i.commitment', 'i.status', sql<string>`to_char(i.deadline, 'YYYY-MM-DD')`.as('deadline'), 'i.public', sql<string | null>`to_char(i.done_on, 'YYYY-MM-DD')`.as('doneOn'), 'unit.id as unitId', 'unit.name as unitName'])
    .where('r.round_id', '=', roundId)
    .orderBy('unit.position')
    .orderBy('unit.name')
    .orderBy('i.deadline')
    .execute()
}

/**
 * Of the rounds, those published to the public at `at`: a publication to the public, not
 * revoked, inside its 公示 window (an open end counts as inside) — who may read the round's
 * results without logging in.
 */
export async function publicRounds(db: Db, roundIds: string[], at: Date): Promise<Set<string>> {
  if (roundIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('publication')
    .select('round_id')
    .distinct()
    .where('round_id', 'in', roundIds)
    .where('to_public', '=', true)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('window_start', 'is', null), eb('window_start', '<=', at)]))
    .where((eb) => eb.or([eb('window_end', 'is', null), eb('window_end', '>', at)]))
    .execute()
  return new Set(rows.map((r) => r.round_id))
}

/**
 * One round's answers about one item. Below the round's minimum group size k (answers other than
 * 不了解, n < k) only the round, for everyone who may see the round at all — the office as much
 * as the public: no counts, no n (with the codes' uses, n alone would tell how many said 不了解),
 * as published results hide a small cell whole. From k on the counts, n and 满意率
 * (满意 + 基本满意 over n) with its interval.
 */
export type RecheckResult = { roundId: string; roundName: string; itemId: string } & (
  | { hidden: true }
  | {
      hidden: false
      counts: Record<RecheckAnswer, number>
      /** Answers that count: all but 不了解. */
      n: number
      /** Percent with 2 decimals. */
      satisfiedRate: number
      /** The rate's 95% Wilson interval in percent with 2 decimals. */
      interval: [number, number]
    }
)

const pct = (x: number) => Math.round(x * 10000) / 100

/**
 * Re-check results of closed (or published) rounds for the items, oldest round first, hidden
 * below k (see RecheckResult). A round closed with answers still staged (its close stopped
 * before `closeRecheck`) gets that step first, so the counts are complete. With
 * `publicAt`, only rounds published to the public at that moment: a publication to the public,
 * not revoked, inside its 公示 window — the rule of the round's own results.
 * @example await recheckResults(db, ids, { keys, publicAt: now }) // what the public board may show
 */
export async function recheckResults(db: Kysely<Database>, itemIds: string[], options: { keys: KeyedHasher; publicAt?: Date }): Promise<RecheckResult[]> {
  if (itemIds.length === 0) return []
  const found = await db
    .selectFrom('recheck_item as r')
    .innerJoin('round', 'round.id', 'r.round_id')
    .select(['round.id', 'round.name', 'round.min_group_size', 'r.item_id'])
    .where('r.item_id', 'in', itemIds)
    .where('round.status', 'in', ['closed', 'published'])
    .orderBy('round.created_at')
    .execute()
  const live = options.publicAt ? await publicRounds(db, [...new Set(found.map((r) => r.id))], options.publicAt) : null
  const rounds = live ? found.filter((r) => live.has(r.id)) : found
  if (rounds.length === 0) return []
  const roundIds = [...new Set(rounds.map((r) => r.id))]
  const pending = await db.selectFrom('recheck_staging').select('round_id').distinct().where('round_id', 'in', roundIds).execute()
  for (const p of pending) await closeRecheck(db, options.keys, p.round_id)
  const tally = await db.selectFrom('recheck_tally').select(['round_id', 'item_id', 'answer', 'n']).where('round_id', 'in', roundIds).where('item_id', 'in', itemIds).execute()
  return rounds.map((round) => {
    const counts = Object.fromEntries(ANSWERS.map((a) => [a, 0])) as Record<RecheckAnswer, number>
    for (const t of tally) if (t.round_id === round.id && t.item_id === round.item_id) counts[t.answer] = Number(t.n)
    const n = counts.satisfied + counts.basic + counts.unsatisfied
    const interval = n >= round.min_group_size ? wilson(counts.satisfied + counts.basic, n) : null
    const of = { roundId: round.id, roundName: round.name, itemId: round.item_id }
    if (!interval) return { ...of, hidden: true }
    return { ...of, hidden: false, counts, n, satisfiedRate: pct((counts.satisfied + counts.basic) / n), interval: [pct(interval[0]), pct(interval[1])] }
  })
}
