import type { Context } from 'hono'
import { assertCampaignAccess, currentUser } from '../auth/guard'
import { type AuditEntry, recordAudit } from '../audit/record'
import type { Db } from './store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { type CampaignView, getCampaign } from './store'

/**
 * The campaign named in the URL, after checking that the caller may work on it: every
 * campaign-setup route starts here, so an id swapped in the URL is refused in one place
 * (403 for another campaign's id, before anything about it is read).
 */
export async function campaignFromUrl(c: Context<AppEnv>): Promise<CampaignView> {
  const id = c.req.param('campaign')
  if (!isUuid(id)) throw new ApiError(404, 'campaign_not_found')
  assertCampaignAccess(currentUser(c), id)
  return getCampaign(c.get('db'), id)
}

/**
 * Records a setup change in the audit log, in the transaction that makes it.
 * @example await audit(c, trx, campaign.id, { action: 'update', entity: 'unit', entityId: id, before, after })
 */
export function audit(c: Context<AppEnv>, trx: Db, campaignId: string | null, entry: Pick<AuditEntry, 'action' | 'entity' | 'entityId' | 'before' | 'after'>) {
  const user = currentUser(c)
  return recordAudit(trx, { ...entry, actor: { id: user.id, name: user.name }, campaignId, at: c.get('now')() })
}
