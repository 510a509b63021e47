import { type Context, Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { Db } from '../campaigns/store'
import type { AppEnv } from '../env'
import { jsonBody } from '../request'
import { formFromPreset } from './presets'
import { FormBody, FormPresetBody } from './schemas'
import { createForm, type FormView, getForm, listForms, updateForm } from './store'
import { parseOrThrow } from '../validate'

async function createAudited(c: Context<AppEnv>, trx: Db, campaignId: string, body: FormBody): Promise<FormView> {
  const form = await createForm(trx, campaignId, body)
  await audit(c, trx, campaignId, { action: 'create', entity: 'form', entityId: form.id, after: form })
  return form
}

/** Forms (评议表), versioned: `/api/campaigns/:campaign/forms…`. */
export const formRoutes = new Hono<AppEnv>()
  .get('/:campaign/forms', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.json({ forms: await listForms(c.get('db'), campaign.id) })
  })
  .post('/:campaign/forms', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, FormBody)
    return c.json(await c.get('db').transaction().execute((trx) => createAudited(c, trx, campaign.id, body)), 201)
  })
  .post('/:campaign/forms/preset', async (c) => {
    const campaign = await campaignFromUrl(c)
    const choice = await jsonBody(c, FormPresetBody)
    const body = parseOrThrow(FormBody, formFromPreset(choice.preset, choice.scale, choice.abstain, choice.name), c.get('lang'))
    return c.json(await c.get('db').transaction().execute((trx) => createAudited(c, trx, campaign.id, body)), 201)
  })
  .get('/:campaign/forms/:form', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.json(await getForm(c.get('db'), campaign.id, c.req.param('form')))
  })
  .put('/:campaign/forms/:form', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, FormBody)
    const form = await getForm(c.get('db'), campaign.id, c.req.param('form'))
    const result = await c.get('db').transaction().execute(async (trx) => {
      const change = await updateForm(trx, campaign.id, form.id, body)
      const action = change.created ? 'new_version' : 'update'
      await audit(c, trx, campaign.id, { action, entity: 'form', entityId: change.after.id, before: change.before, after: change.after })
      return change
    })
    return c.json({ ...result.after, newVersion: result.created }, result.created ? 201 : 200)
  })
