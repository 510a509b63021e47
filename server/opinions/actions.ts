import type { Context } from 'hono'
import { sql } from 'kysely'
import type { OpinionSource } from '../db/schema'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { ErrorCode } from '../i18n'
import { assertOrganiser, auditTracking, type Tracking } from '../tracking/access'
import { shanghaiDate } from '../tracking/dates'
import type { NewOpinionBody, OpinionPatchBody } from './schemas'
import { normalizeForSearch } from './search'
import { assertArea, assertCampaignUnit, type OpinionView } from './store'

/**
 * Changes to opinions shared by the JSON API and the console's forms; each checks the role,
 * writes in one transaction with its audit record.
 */
export async function createOpinion(c: Context<AppEnv>, t: Tracking, body: NewOpinionBody): Promise<string> {
  assertOrganiser(t)
  const db = c.get('db')
  await assertCampaignUnit(db, t.campaignId, body.unitId, 'unitId')
  if (body.areaId) await assertArea(db, t.campaignId, body.areaId)
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('opinion')
      .values({ campaign_id: t.campaignId, source: 'staff', channel: body.channel, unit_id: body.unitId, area_id: body.areaId ?? null, body: body.body, search_text: normalizeForSearch(body.body), received_on: body.receivedOn, created_at: c.get('now')() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await auditTracking(c, trx, t, 'create', 'opinion', row.id, { channel: body.channel, unitId: body.unitId, receivedOn: body.receivedOn })
    return row.id
  })
}

/** The fields an edit may change, as the API names them. */
const EDITABLE = ['body', 'channel', 'unitId', 'receivedOn', 'areaId', 'assignedUnitId'] as const
/** What entry recorded from the source: a ballot keeps all of it, a merged opinion takes all but the text from its originals. */
const FROM_SOURCE = ['channel', 'unitId', 'receivedOn'] as const

/**
 * Edits one top-level opinion (organisers, as entry is theirs): a staff opinion's text, channel,
 * date and unit concerned; a merged one's wording; any one's area and assignment. A ballot
 * opinion keeps the evaluator's words (409 `opinion_from_ballot`), a merged one its originals'
 * channel, unit and date (409 `opinion_merged_fields`); a value sent unchanged is not a change.
 * Audited as `update` with the old and new values of what changed; nothing changed, nothing written.
 */
export async function editOpinion(c: Context<AppEnv>, t: Tracking, before: OpinionView, body: OpinionPatchBody): Promise<void> {
  assertOrganiser(t)
  const db = c.get('db')
  if (before.mergedInto) throw new ApiError(409, 'opinion_is_merged')
  const changed = EDITABLE.filter((key) => body[key] !== undefined && body[key] !== before[key])
  if (changed.length === 0) return
  const fixed = before.source === 'ballot' ? ['body', ...FROM_SOURCE] : before.source === 'merged' ? FROM_SOURCE : []
  const refused = changed.filter((key) => (fixed as readonly string[]).includes(key))
  if (refused.length > 0) throw new ApiError(409, before.source === 'ballot' ? 'opinion_from_ballot' : 'opinion_merged_fields', refused.map((path) => ({ path })))
  if (changed.includes('unitId')) await assertCampaignUnit(db, t.campaignId, body.unitId!, 'unitId')
  if (changed.includes('areaId') && body.areaId) await assertArea(db, t.campaignId, body.areaId)
  if (changed.includes('assignedUnitId') && body.assignedUnitId) await assertCampaignUnit(db, t.campaignId, body.assignedUnitId, 'assignedUnitId')
  const has = (key: (typeof EDITABLE)[number]) => changed.includes(key)
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('opinion')
      .set({
        ...(has('body') ? { body: body.body!, search_text: normalizeForSearch(body.body!) } : {}),
        ...(has('channel') ? { channel: body.channel! } : {}),
        ...(has('unitId') ? { unit_id: body.unitId! } : {}),
        ...(has('receivedOn') ? { received_on: body.receivedOn! } : {}),
        ...(has('areaId') ? { area_id: body.areaId ?? null } : {}),
        ...(has('assignedUnitId') ? { assigned_unit_id: body.assignedUnitId ?? null } : {}),
      })
      .where('id', '=', before.id)
      // merged into another since it was read: act on the merged one
      .where('merged_into', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ApiError(409, 'opinion_is_merged')
    await auditTracking(c, trx, t, 'update', 'opinion', before.id, Object.fromEntries(changed.map((k) => [k, body[k] ?? null])), Object.fromEntries(changed.map((k) => [k, before[k]])))
  })
}

/**
 * Why an opinion cannot be deleted, or null when it can: an original is acted on through its
 * merged opinion; a ballot's opinion is the evaluator's, not the office's to remove; a merged one
 * stands for others (un-merge, then delete the wrong original); a link to a rectification item
 * would break.
 */
export function whyNotDelete(opinion: { source: OpinionSource; mergedInto: string | null; links: number }): ErrorCode | null {
  if (opinion.mergedInto) return 'opinion_is_merged'
  if (opinion.source === 'ballot') return 'opinion_from_ballot'
  if (opinion.source === 'merged') return 'opinion_delete_merged'
  if (opinion.links > 0) return 'opinion_delete_linked'
  return null
}

/**
 * Deletes an opinion entered by mistake (organisers), checked again on the locked row so that a
 * merge or a link made meanwhile is not broken. Audited as `delete` with everything it held.
 */
export async function deleteOpinion(c: Context<AppEnv>, t: Tracking, id: string): Promise<void> {
  assertOrganiser(t)
  await c
    .get('db')
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom('opinion')
        .select([
          'id',
          'source',
          'merged_into',
          'body',
          'channel',
          'unit_id',
          sql<string | null>`to_char(received_on, 'YYYY-MM-DD')`.as('received_on'),
          'area_id',
          'assigned_unit_id',
          'reply',
          sql<string | null>`to_char(replied_on, 'YYYY-MM-DD')`.as('replied_on'),
          'replied_by',
        ])
        .where('id', '=', id)
        .where('campaign_id', '=', t.campaignId)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw new ApiError(404, 'opinion_not_found')
      const links = await trx.selectFrom('rectification_opinion').select('item_id').where('opinion_id', '=', id).execute()
      const refusal = whyNotDelete({ source: row.source, mergedInto: row.merged_into, links: links.length })
      if (refusal) throw new ApiError(409, refusal)
      await trx.deleteFrom('opinion').where('id', '=', id).execute()
      const before = { source: row.source, body: row.body, channel: row.channel, unitId: row.unit_id, receivedOn: row.received_on, areaId: row.area_id, assignedUnitId: row.assigned_unit_id, reply: row.reply, repliedOn: row.replied_on, repliedBy: row.replied_by }
      await auditTracking(c, trx, t, 'delete', 'opinion', id, undefined, before)
    })
}

/** Records the reply to an opinion (organisers; liaisons for opinions their subtree answers, checked by the caller). */
export async function replyOpinion(c: Context<AppEnv>, t: Tracking, opinion: OpinionView, body: { reply: string; repliedOn?: string }): Promise<void> {
  if (t.user.role === 'leader') throw new ApiError(403, 'forbidden')
  if (opinion.mergedInto) throw new ApiError(409, 'opinion_is_merged')
  const repliedOn = body.repliedOn ?? shanghaiDate(c.get('now')())
  if (repliedOn > shanghaiDate(c.get('now')())) throw new ApiError(422, 'date_in_future', [{ path: 'repliedOn' }])
  await c.get('db').transaction().execute(async (trx) => {
    await trx.updateTable('opinion').set({ reply: body.reply, replied_on: repliedOn, replied_by: t.user.name }).where('id', '=', opinion.id).execute()
    await auditTracking(c, trx, t, 'reply', 'opinion', opinion.id, { reply: body.reply, repliedOn }, { reply: opinion.reply })
  })
}
