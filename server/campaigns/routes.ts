import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { jsonBody } from '../request'
import { campaignFromUrl } from './access'
import { CampaignBody, CampaignPatch } from './schemas'
import { createCampaign, listCampaigns, updateCampaign } from './store'

/** Campaigns (活动): `/api/campaigns` — list, create, read, update. */
export const campaignRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ campaigns: await listCampaigns(c.get('db'), null) }))
  .post('/', async (c) => {
    const body = await jsonBody(c, CampaignBody)
    return c.json(await createCampaign(c.get('db'), body), 201)
  })
  .get('/:campaign', async (c) => c.json(await campaignFromUrl(c)))
  .patch('/:campaign', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, CampaignPatch)
    return c.json(await updateCampaign(c.get('db'), campaign.id, body))
  })
