import { Hono } from 'hono'
import { currentUser } from '../auth/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { audit, campaignFromUrl } from './access'
import { CampaignBody, CampaignPatch } from './schemas'
import { createCampaign, listCampaigns, updateCampaign } from './store'

/** Campaigns (活动): `/api/campaigns` — list, create, read, update. */
export const campaignRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ campaigns: await listCampaigns(c.get('db'), currentUser(c).campaignId) }))
  .post('/', async (c) => {
    // An organiser bound to one campaign could not reach a new one: only the office creates them.
    if (currentUser(c).campaignId !== null) throw new ApiError(403, 'forbidden')
    const body = await jsonBody(c, CampaignBody)
    const campaign = await c.get('db').transaction().execute(async (trx) => {
      const created = await createCampaign(trx, body)
      await audit(c, trx, created.id, { action: 'create', entity: 'campaign', entityId: created.id, after: created })
      return created
    })
    return c.json(campaign, 201)
  })
  .get('/:campaign', async (c) => c.json(await campaignFromUrl(c)))
  .patch('/:campaign', async (c) => {
    const before = await campaignFromUrl(c)
    const body = await jsonBody(c, CampaignPatch)
    const after = await c.get('db').transaction().execute(async (trx) => {
      const updated = await updateCampaign(trx, before.id, body)
      await audit(c, trx, before.id, { action: 'update', entity: 'campaign', entityId: before.id, before, after: updated })
      return updated
    })
    return c.json(after)
  })
