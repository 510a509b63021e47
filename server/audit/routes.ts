import { Hono } from 'hono'
import { assertCampaignAccess, currentUser, requireUser } from '../auth/guard'
import type { AppEnv } from '../env'
import { parseOrThrow } from '../validate'
import { AuditQuery } from './schemas'
import { listAudit } from './store'

/**
 * `GET /api/audit?entity=&entityId=&campaignId=&before=&limit=`: the audit log for organisers,
 * newest first. A campaign's organiser sees that campaign's records only.
 */
export const auditRoutes = new Hono<AppEnv>().get('/', requireUser('organiser'), async (c) => {
  const user = currentUser(c)
  const query = parseOrThrow(AuditQuery, c.req.query(), c.get('lang'))
  if (query.campaignId) assertCampaignAccess(user, query.campaignId)
  const campaignId = query.campaignId ?? user.campaignId ?? undefined
  return c.json(await listAudit(c.get('db'), { ...query, campaignId }))
})
