import { Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import { CampaignBody } from '../campaigns/schemas'
import { createCampaign, listCampaigns } from '../campaigns/store'
import { categoryPresets } from '../categories/presets'
import { CategoriesBody, CategoryPresetBody, weightsValid } from '../categories/schemas'
import { listCategories, replaceCategories } from '../categories/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { listForms } from '../forms/store'
import { errorMessages } from '../i18n'
import { listCampaignRounds } from '../rounds/setup-store'
import { listUnitRows } from '../units/store'
import { parseOrThrow } from '../validate'
import { CampaignOverview, CampaignsPage } from './campaign-pages'
import { CategoriesPage } from './category-page'
import { numberOrText, readForm, refused, statusOf } from './form-kit'
import { consolePage } from './guard'

/** Console pages for campaigns (list, create, overview) and their evaluator categories. */
export const campaignPageRoutes = new Hono<AppEnv>()
  .get('/console/campaigns', async (c) => {
    const req = consolePage(c)
    return c.html(<CampaignsPage req={req} campaigns={await listCampaigns(c.get('db'), req.user.campaignId)} />)
  })
  .post('/console/campaigns', async (c) => {
    const req = consolePage(c)
    // As in the API: an organiser bound to one campaign could not reach a new one.
    if (req.user.campaignId !== null) throw new ApiError(403, 'forbidden')
    const form = await readForm(c)
    let id: string
    try {
      const body = parseOrThrow(CampaignBody, { name: form.text('name'), theme: form.text('theme'), batch: form.text('batch') }, req.lang)
      id = await c.get('db').transaction().execute(async (trx) => {
        const created = await createCampaign(trx, body)
        await audit(c, trx, created.id, { action: 'create', entity: 'campaign', entityId: created.id, after: created })
        return created.id
      })
    } catch (error) {
      const campaigns = await listCampaigns(c.get('db'), null)
      return c.html(<CampaignsPage req={req} campaigns={campaigns} state={refused(error, form.values, req.lang)} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${id}`, 303)
  })
  .get('/console/campaigns/:campaign', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const db = c.get('db')
    const [units, categories, forms, rounds] = await Promise.all([listUnitRows(db, campaign.id), listCategories(db, campaign.id), listForms(db, campaign.id), listCampaignRounds(db, campaign.id)])
    return c.html(<CampaignOverview req={req} campaign={campaign} units={units.length} categories={categories} forms={forms.length} rounds={rounds} />)
  })
  .get('/console/campaigns/:campaign/categories', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const saved = c.req.query('saved') === '1'
    return c.html(<CategoriesPage req={req} campaign={campaign} categories={await listCategories(c.get('db'), campaign.id)} saved={saved} />)
  })
  .post('/console/campaigns/:campaign/categories', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    const rowCount = Math.min(Number(form.text('rows')) || 0, 60)
    // Rows left blank are not categories; `rowOf` maps the body's index back to the row on the page.
    const rowOf: number[] = []
    const items = []
    for (let i = 0; i < rowCount; i++) {
      const name = form.text(`name.${i}`)
      const weight = form.text(`weight.${i}`)
      if (!name.trim() && !weight.trim()) continue
      rowOf.push(i)
      const id = form.text(`id.${i}`)
      items.push({ ...(id ? { id } : {}), name, ...(weight.trim() ? { weight: numberOrText(weight) } : {}) })
    }
    try {
      const body = parseOrThrow(CategoriesBody, { categories: items }, req.lang)
      if (!weightsValid(body.categories.map((x) => x.weight))) throw new ApiError(422, 'weights_not_100', [{ path: 'weightCheck', message: errorMessages.weights_not_100[req.lang] }])
      await c.get('db').transaction().execute(async (trx) => {
        const before = await listCategories(trx, campaign.id)
        const after = await replaceCategories(trx, campaign.id, body)
        await audit(c, trx, campaign.id, { action: 'update', entity: 'evaluator_category', before, after })
      })
    } catch (error) {
      // `categories.2.weight` → `weight.<row>`; a whole-list problem (unique names) → the form.
      const state = refused(error, form.values, req.lang, (path) => {
        const match = /^categories\.(\d+)\.(\w+)$/.exec(path)
        return match ? `${match[2]}.${rowOf[Number(match[1])] ?? 0}` : path === 'categories' ? 'weightSum' : path
      })
      const categories = await listCategories(c.get('db'), campaign.id)
      return c.html(<CategoriesPage req={req} campaign={campaign} categories={categories} state={state} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/categories?saved=1`, 303)
  })
  .post('/console/campaigns/:campaign/categories/preset', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    try {
      const { preset } = parseOrThrow(CategoryPresetBody, { preset: form.text('preset') }, req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        if ((await listCategories(trx, campaign.id)).length > 0) throw new ApiError(409, 'categories_exist')
        const after = await replaceCategories(trx, campaign.id, { categories: categoryPresets[preset].map((x) => ({ ...x })) })
        await audit(c, trx, campaign.id, { action: 'preset', entity: 'evaluator_category', after })
      })
    } catch (error) {
      const categories = await listCategories(c.get('db'), campaign.id)
      return c.html(<CategoriesPage req={req} campaign={campaign} categories={categories} state={refused(error, {}, req.lang)} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/categories?saved=1`, 303)
  })
