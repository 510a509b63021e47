import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { assertOrganiser, auditTracking, type Tracking } from '../tracking/access'
import { shanghaiDate } from '../tracking/dates'
import type { NewOpinionBody } from './schemas'
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

/** Classifies or assigns one top-level opinion (organisers). */
export async function patchOpinion(c: Context<AppEnv>, t: Tracking, before: OpinionView, body: { areaId?: string | null; assignedUnitId?: string | null }): Promise<void> {
  assertOrganiser(t)
  const db = c.get('db')
  if (before.mergedInto) throw new ApiError(409, 'opinion_is_merged')
  if (body.areaId) await assertArea(db, t.campaignId, body.areaId)
  if (body.assignedUnitId) await assertCampaignUnit(db, t.campaignId, body.assignedUnitId, 'assignedUnitId')
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('opinion')
      .set({ ...(body.areaId !== undefined ? { area_id: body.areaId } : {}), ...(body.assignedUnitId !== undefined ? { assigned_unit_id: body.assignedUnitId } : {}) })
      .where('id', '=', before.id)
      .execute()
    await auditTracking(c, trx, t, 'update', 'opinion', before.id, body, { areaId: before.areaId, assignedUnitId: before.assignedUnitId })
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
