import { Hono } from 'hono'
import type { Context } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { AppEnv } from '../env'
import { formFromPreset } from '../forms/presets'
import { FormBody, FormPresetBody } from '../forms/schemas'
import { createForm, type FormView, getForm, listForms, updateForm } from '../forms/store'
import { parseOrThrow } from '../validate'
import { FormPage, formNotices, FormsPage, LEVEL_ROWS } from './form-pages'
import { type Posted, numberOrText, readForm, refused, statusOf } from './form-kit'
import { consolePage } from './guard'

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)

/** The edit form's fields as the API's FormBody, and which page row each level came from. */
function formInput(form: Posted) {
  const rowOf: number[] = []
  const levels = []
  for (let i = 0; i < LEVEL_ROWS; i++) {
    const label = form.text(`label.${i}`)
    const score = form.text(`score.${i}`)
    if (!label.trim() && !score.trim()) continue
    rowOf.push(i)
    levels.push({ label, score: numberOrText(score), satisfied: form.text(`satisfied.${i}`) === '1', abstain: form.text(`abstain.${i}`) === '1' })
  }
  const minAnswered = numberOrText(form.text('minAnswered'))
  const input = {
    name: form.text('name'),
    dimensions: lines(form.text('dimensions')),
    overall: lines(form.text('overall')),
    levels,
    opinionBox: form.text('opinionBox') === '1',
    ...(minAnswered === undefined ? {} : { minAnswered }),
  }
  // `levels.2.score` → `score.<row>`; `dimensions.4` → the dimensions box.
  const rename = (path: string) => {
    const level = /^levels\.(\d+)\.(\w+)$/.exec(path)
    if (level) return `${level[2]}.${rowOf[Number(level[1])] ?? 0}`
    return path.replace(/^(dimensions|overall)\.\d+$/, '$1')
  }
  return { input, rename }
}

async function nextVersion(c: Context<AppEnv>, campaignId: string, name: string): Promise<number> {
  const versions = (await listForms(c.get('db'), campaignId)).filter((f) => f.name === name).map((f) => f.version)
  return Math.max(0, ...versions) + 1
}

async function createAudited(c: Context<AppEnv>, campaignId: string, body: FormBody): Promise<FormView> {
  return c.get('db').transaction().execute(async (trx) => {
    const form = await createForm(trx, campaignId, body)
    await audit(c, trx, campaignId, { action: 'create', entity: 'form', entityId: form.id, after: form })
    return form
  })
}

/** Console pages for a campaign's forms: versions, a form from a preset, a version's questions and its edit form. */
export const formPageRoutes = new Hono<AppEnv>()
  .get('/console/campaigns/:campaign/forms', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.html(<FormsPage req={consolePage(c)} campaign={campaign} forms={await listForms(c.get('db'), campaign.id)} />)
  })
  .post('/console/campaigns/:campaign/forms/preset', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    let created: FormView
    try {
      const name = form.text('name').trim()
      const choice = parseOrThrow(FormPresetBody, { preset: form.text('preset'), scale: form.text('scale'), abstain: form.text('abstain') === '1', ...(name ? { name } : {}) }, req.lang)
      const body = parseOrThrow(FormBody, formFromPreset(choice.preset, choice.scale, choice.abstain, choice.name), req.lang)
      created = await createAudited(c, campaign.id, body)
    } catch (error) {
      const forms = await listForms(c.get('db'), campaign.id)
      return c.html(<FormsPage req={req} campaign={campaign} forms={forms} state={refused(error, form.values, req.lang)} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/forms/${created.id}`, 303)
  })
  .get('/console/campaigns/:campaign/forms/:form', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await getForm(c.get('db'), campaign.id, c.req.param('form'))
    const notice = c.req.query('done') === 'new' ? formNotices.newVersion(req.lang) : c.req.query('done') === 'saved' ? formNotices.saved(req.lang) : undefined
    return c.html(<FormPage req={req} campaign={campaign} form={form} nextVersion={await nextVersion(c, campaign.id, form.name)} notice={notice} />)
  })
  .post('/console/campaigns/:campaign/forms/:form', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await getForm(c.get('db'), campaign.id, c.req.param('form'))
    const posted = await readForm(c)
    const { input, rename } = formInput(posted)
    let result: { after: FormView; created: boolean }
    try {
      const body = parseOrThrow(FormBody, input, req.lang)
      result = await c.get('db').transaction().execute(async (trx) => {
        const change = await updateForm(trx, campaign.id, form.id, body)
        await audit(c, trx, campaign.id, { action: change.created ? 'new_version' : 'update', entity: 'form', entityId: change.after.id, before: change.before, after: change.after })
        return change
      })
    } catch (error) {
      const state = refused(error, posted.values, req.lang, rename)
      return c.html(<FormPage req={req} campaign={campaign} form={form} nextVersion={await nextVersion(c, campaign.id, form.name)} state={state} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/forms/${result.after.id}?done=${result.created ? 'new' : 'saved'}`, 303)
  })
