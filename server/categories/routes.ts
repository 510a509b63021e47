import { Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { categoryPresets } from './presets'
import { CategoriesBody, CategoryPresetBody, weightsValid } from './schemas'
import { listCategories, replaceCategories } from './store'

const withSum = (categories: { weight: number }[]) => ({ weightSum: Math.round(categories.reduce((s, c) => s + c.weight * 100, 0)) / 100 })

/** Evaluator categories (评议人类别) with weights: `/api/campaigns/:campaign/categories`. */
export const categoryRoutes = new Hono<AppEnv>()
  .get('/:campaign/categories', async (c) => {
    const campaign = await campaignFromUrl(c)
    const categories = await listCategories(c.get('db'), campaign.id)
    return c.json({ categories, ...withSum(categories) })
  })
  .put('/:campaign/categories', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, CategoriesBody)
    if (!weightsValid(body.categories.map((x) => x.weight))) throw new ApiError(422, 'weights_not_100', [{ path: 'categories' }])
    const categories = await c.get('db').transaction().execute(async (trx) => {
      const before = await listCategories(trx, campaign.id)
      const after = await replaceCategories(trx, campaign.id, body)
      await audit(c, trx, campaign.id, { action: 'update', entity: 'evaluator_category', before, after })
      return after
    })
    return c.json({ categories, ...withSum(categories) })
  })
  .post('/:campaign/categories/preset', async (c) => {
    const campaign = await campaignFromUrl(c)
    const { preset } = await jsonBody(c, CategoryPresetBody)
    const categories = await c.get('db').transaction().execute(async (trx) => {
      if ((await listCategories(trx, campaign.id)).length > 0) throw new ApiError(409, 'categories_exist')
      const after = await replaceCategories(trx, campaign.id, { categories: categoryPresets[preset].map((x) => ({ ...x })) })
      await audit(c, trx, campaign.id, { action: 'preset', entity: 'evaluator_category', after })
      return after
    })
    return c.json({ categories, ...withSum(categories) }, 201)
  })
