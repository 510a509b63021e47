import { sql } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { resumeClose } from '../rounds/closing'
import type { Db } from '../tracking/db'
import type { Kysely } from 'kysely'
import { normalizeForSearch } from './search'
import { visible } from './store'

/**
 * What became of a round's ballot opinions: `imported` are shown and can be worked on; `heldBack`
 * are kept out of sight by the k rule (their unit has fewer than `minGroupSize` valid ballots, in
 * `heldBackUnits` units); `imported + heldBack = total`.
 */
export interface ImportReport {
  roundId: string
  imported: number
  heldBack: number
  heldBackUnits: number
  minGroupSize: number
  total: number
}

/**
 * The figures of a round's imported ballot opinions, read with the same k rule (`visible`) that
 * every list and page applies, so the report and the list agree.
 */
export async function importReport(db: Db, roundId: string): Promise<ImportReport> {
  const row = await db
    .selectFrom('opinion')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) FILTER (WHERE ${visible})`.as('shown'),
      sql<string>`count(DISTINCT opinion.unit_id) FILTER (WHERE NOT ${visible})`.as('units'),
    ])
    .where('opinion.round_id', '=', roundId)
    .where('opinion.source', '=', 'ballot')
    .executeTakeFirstOrThrow()
  const round = await db.selectFrom('round').select('min_group_size').where('id', '=', roundId).executeTakeFirstOrThrow()
  const total = Number(row.total)
  const imported = Number(row.shown)
  return { roundId, imported, heldBack: total - imported, heldBackUnits: Number(row.units), minGroupSize: round.min_group_size, total }
}

/**
 * Copies the opinion box of a closed round's valid ballots into `opinion`, once per round. Only
 * the round, the unit and the text travel: no ballot id, no answers, no day; rows are written in
 * text order, so neither ids nor row order point back at a ballot. Whether an opinion is shown is
 * decided on every read by the k rule (`visible` in store.ts); the report says how many are shown
 * and how many are held back by it.
 */
export async function importBallotOpinions(db: Kysely<Database>, keys: KeyedHasher, campaignId: string, roundId: string, now: Date, audit: (trx: Db, report: ImportReport) => Promise<void>): Promise<ImportReport> {
  // Once per round: the opinions of ballots a cut-short close left staged must be in `ballot` first.
  await resumeClose(db, keys, roundId)
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').select(['status', 'campaign_id']).where('id', '=', roundId).forUpdate().executeTakeFirst()
    if (!round || round.campaign_id !== campaignId) throw new ApiError(422, 'round_not_found', [{ path: 'roundId' }])
    if (round.status !== 'closed' && round.status !== 'published') throw new ApiError(409, 'round_not_closed')
    const done = await trx.selectFrom('opinion_import').select('round_id').where('round_id', '=', roundId).executeTakeFirst()
    if (done) throw new ApiError(409, 'opinions_already_imported')
    const rows = await trx
      .selectFrom('ballot')
      .select(['unit_id', 'opinion'])
      .where('round_id', '=', roundId)
      .where('valid', '=', true)
      .where(sql<boolean>`length(trim(opinion)) > 0`)
      .orderBy('unit_id')
      .orderBy('opinion')
      .execute()
    for (let start = 0; start < rows.length; start += 1000) {
      await trx
        .insertInto('opinion')
        .values(
          rows.slice(start, start + 1000).map((r) => {
            const body = r.opinion!.trim()
            return { campaign_id: campaignId, source: 'ballot' as const, channel: 'ballot' as const, round_id: roundId, unit_id: r.unit_id, body, search_text: normalizeForSearch(body), created_at: now }
          }),
        )
        .execute()
    }
    // `imported` here counts every row copied, shown or held back
    await trx.insertInto('opinion_import').values({ round_id: roundId, imported: rows.length, imported_at: now }).execute()
    const report = await importReport(trx, roundId)
    await audit(trx, report)
    return report
  })
}
