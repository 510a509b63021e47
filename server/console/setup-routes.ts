import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { campaignPageRoutes } from './campaign-routes'
import { formPageRoutes } from './form-routes'
import { requireConsoleUser } from './guard'
import { roundPageRoutes } from './round-routes'
import { unitPageRoutes } from './unit-routes'
import { userPageRoutes } from './user-routes'

/**
 * The organisers' campaign setup pages (issue 3): campaigns, units, categories, forms, rounds
 * and accounts. Organisers only, as in the API; every page then checks the campaign in its URL
 * with the API's own `campaignFromUrl`, and every post goes through the API's schemas and stores.
 */
export const setupPageRoutes = new Hono<AppEnv>()
  .use('/console/campaigns', requireConsoleUser('organiser'))
  .use('/console/campaigns/*', requireConsoleUser('organiser'))
  .use('/console/users', requireConsoleUser('organiser'))
  .use('/console/users/*', requireConsoleUser('organiser'))
  .route('/', campaignPageRoutes)
  .route('/', unitPageRoutes)
  .route('/', formPageRoutes)
  .route('/', roundPageRoutes)
  .route('/', userPageRoutes)
