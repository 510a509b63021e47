import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { CampaignBody, CampaignPatch } from './schemas'

export type Db = Kysely<Database> | Transaction<Database>

/** A campaign as the API shows it. */
export interface CampaignView {
  id: string
  name: string
  theme: string
  batch: string
  createdAt: string
}

function view(row: { id: string; name: string; theme: string; batch: string; created_at: Date }): CampaignView {
  return { id: row.id, name: row.name, theme: row.theme, batch: row.batch, createdAt: new Date(row.created_at).toISOString() }
}

/** Campaigns, newest first; only `onlyId` when the caller is bound to one campaign. */
export async function listCampaigns(db: Db, onlyId: string | null): Promise<CampaignView[]> {
  let query = db.selectFrom('campaign').select(['id', 'name', 'theme', 'batch', 'created_at']).orderBy('created_at', 'desc')
  if (onlyId) query = query.where('id', '=', onlyId)
  return (await query.execute()).map(view)
}

/** One campaign; 404 `campaign_not_found` for an unknown or malformed id. */
export async function getCampaign(db: Db, id: string | undefined): Promise<CampaignView> {
  if (!isUuid(id)) throw new ApiError(404, 'campaign_not_found')
  const row = await db.selectFrom('campaign').select(['id', 'name', 'theme', 'batch', 'created_at']).where('id', '=', id).executeTakeFirst()
  if (!row) throw new ApiError(404, 'campaign_not_found')
  return view(row)
}

export async function createCampaign(db: Db, body: CampaignBody): Promise<CampaignView> {
  const row = await db.insertInto('campaign').values(body).returning(['id', 'name', 'theme', 'batch', 'created_at']).executeTakeFirstOrThrow()
  return view(row)
}

export async function updateCampaign(db: Db, id: string, patch: CampaignPatch): Promise<CampaignView> {
  if (Object.keys(patch).length === 0) return getCampaign(db, id)
  const row = await db.updateTable('campaign').set(patch).where('id', '=', id).returning(['id', 'name', 'theme', 'batch', 'created_at']).executeTakeFirst()
  if (!row) throw new ApiError(404, 'campaign_not_found')
  return view(row)
}
