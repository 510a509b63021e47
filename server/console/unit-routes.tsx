import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { insertPlannedUnits, planUpload } from '../units/import-store'
import { UnitBody, UnitPatch } from '../units/schemas'
import { archiveUnit, createUnit, getUnit, listUnitRows, updateUnit } from '../units/store'
import { parseOrThrow } from '../validate'
import { fromBase64, toBase64 } from './base64'
import { type Posted, readForm, refused, statusOf } from './form-kit'
import { consolePage } from './guard'
import { ImportDonePage, ImportPage, ImportPreviewPage, importDoneWords } from './import-pages'
import { UnitEditPage, UnitsPage, unitNotices } from './unit-pages'

/** A unit form's fields as the API's body: empty code and parent mean none. */
function unitInput(form: Posted) {
  return { name: form.text('name'), kind: form.text('kind'), code: form.text('code').trim() || null, parentId: form.text('parentId') || null }
}

const fieldOfCode: Record<string, string> = { unit_code_taken: 'code', unit_cycle: 'parentId', unit_parent_archived: 'parentId', unit_not_found: 'parentId' }

/** A refused unit form: store refusals go next to the field they are about. */
function unitRefused(error: unknown, form: Posted, lang: Parameters<typeof refused>[2]) {
  const state = refused(error, form.values, lang)
  const field = error instanceof ApiError ? fieldOfCode[error.code] : undefined
  if (field && error instanceof ApiError) {
    state.errors[field] = errorMessages[error.code][lang]
    delete state.error
  }
  return state
}

/** Console pages for a campaign's units (organisers; the campaign in the URL checked like the API). */
export const unitPageRoutes = new Hono<AppEnv>()
  .get('/console/campaigns/:campaign/units', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const rows = await listUnitRows(c.get('db'), campaign.id)
    const archived = c.req.query('archived')
    const imported = c.req.query('imported')
    const notice = archived && /^\d+$/.test(archived) ? unitNotices.archived(req.lang, archived) : imported && /^\d+$/.test(imported) ? unitNotices.imported(req.lang, imported) : undefined
    return c.html(<UnitsPage req={req} campaign={campaign} rows={rows} notice={notice} />)
  })
  .post('/console/campaigns/:campaign/units', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    try {
      const body = parseOrThrow(UnitBody, unitInput(form), req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        const created = await createUnit(trx, campaign.id, body)
        await audit(c, trx, campaign.id, { action: 'create', entity: 'unit', entityId: created.id, after: created })
      })
    } catch (error) {
      const state = unitRefused(error, form, req.lang)
      const rows = await listUnitRows(c.get('db'), campaign.id)
      return c.html(<UnitsPage req={req} campaign={campaign} rows={rows} state={state} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/units`, 303)
  })
  .get('/console/campaigns/:campaign/units/import', async (c) => c.html(<ImportPage req={consolePage(c)} campaign={await campaignFromUrl(c)} />))
  .post('/console/campaigns/:campaign/units/import/preview', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    const file = form.file('file')
    try {
      if (!file || file.size === 0) throw new ApiError(422, 'import_unreadable')
      const bytes = new Uint8Array(await file.arrayBuffer())
      const plan = await planUpload(c.get('db'), campaign.id, bytes, req.lang)
      const page = <ImportPreviewPage req={req} campaign={campaign} plan={plan} fileName={file.name} data={toBase64(bytes)} />
      return c.html(page, plan.errors.length ? 422 : 200)
    } catch (error) {
      return c.html(<ImportPage req={req} campaign={campaign} state={refused(error, {}, req.lang)} />, statusOf(error))
    }
  })
  .post('/console/campaigns/:campaign/units/import', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const form = await readForm(c)
    const bytes = fromBase64(form.text('data'))
    const fileName = form.text('fileName').slice(0, 200)
    let plan: Awaited<ReturnType<typeof planUpload>>
    try {
      if (bytes.length === 0) throw new ApiError(422, 'import_unreadable')
      plan = await planUpload(c.get('db'), campaign.id, bytes, req.lang)
    } catch (error) {
      return c.html(<ImportPage req={req} campaign={campaign} state={refused(error, {}, req.lang)} />, statusOf(error))
    }
    // Checked again in full: the units may have changed since the preview. Any error writes nothing.
    if (plan.errors.length > 0) return c.html(<ImportPreviewPage req={req} campaign={campaign} plan={plan} fileName={fileName} data={form.text('data')} />, 422)
    const write = (progress?: (done: number, total: number) => Promise<void>) =>
      c.get('db').transaction().execute(async (trx) => {
        const n = await insertPlannedUnits(trx, campaign.id, plan.units, progress)
        await audit(c, trx, campaign.id, { action: 'import', entity: 'unit', after: { created: n } })
        return n
      })
    const done = (n: number) => `/console/campaigns/${campaign.id}/units?imported=${n}`
    if (!(c.req.header('accept') ?? '').includes('application/x-ndjson')) {
      const n = await write()
      // Warnings did not block the import but must be checked: they are shown again, not lost in a redirect.
      if (plan.warnings.length === 0) return c.redirect(done(n), 303)
      return c.html(<ImportDonePage req={req} campaign={campaign} created={n} warnings={plan.warnings} />)
    }
    const warned = (n: number) => {
      if (plan.warnings.length === 0) return {}
      const words = importDoneWords(req.lang, n, plan.warnings.length)
      return { notice: `${words.imported}${req.lang === 'en' ? ' ' : ''}${words.check}`, next: words.next }
    }
    // The page's script asked for progress: NDJSON lines, then where to go (or the error); after
    // warnings, what to say first (the preview's warnings table is still on screen).
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8')
    c.header('Cache-Control', 'no-store, no-transform')
    return stream(c, async (out) => {
      await out.write(`${JSON.stringify({ done: 0, total: plan.units.length })}\n`)
      try {
        const n = await write((d, total) => out.write(`${JSON.stringify({ done: d, total })}\n`).then(() => undefined))
        await out.write(`${JSON.stringify({ done: n, total: n, location: done(n), ...warned(n) })}\n`)
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'internal'
        await out.write(`${JSON.stringify({ error: { code, message: errorMessages[code][req.lang] } })}\n`)
      }
    })
  })
  .get('/console/campaigns/:campaign/units/:unit', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    return c.html(<UnitEditPage req={req} campaign={campaign} unit={unit} rows={await listUnitRows(c.get('db'), campaign.id)} />)
  })
  .post('/console/campaigns/:campaign/units/:unit', async (c) => {
    const req = consolePage(c)
    const campaign = await campaignFromUrl(c)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    const form = await readForm(c)
    try {
      const body = parseOrThrow(UnitPatch, unitInput(form), req.lang)
      await c.get('db').transaction().execute(async (trx) => {
        const change = await updateUnit(trx, campaign.id, unit.id, body)
        const action = change.before.parentId !== change.after.parentId ? 'move' : 'update'
        await audit(c, trx, campaign.id, { action, entity: 'unit', entityId: unit.id, ...change })
      })
    } catch (error) {
      const state = unitRefused(error, form, req.lang)
      const rows = await listUnitRows(c.get('db'), campaign.id)
      return c.html(<UnitEditPage req={req} campaign={campaign} unit={unit} rows={rows} state={state} />, statusOf(error))
    }
    return c.redirect(`/console/campaigns/${campaign.id}/units`, 303)
  })
  .post('/console/campaigns/:campaign/units/:unit/archive', async (c) => {
    const campaign = await campaignFromUrl(c)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    const ids = await c.get('db').transaction().execute(async (trx) => {
      const archived = await archiveUnit(trx, campaign.id, unit.id, c.get('now')())
      await audit(c, trx, campaign.id, { action: 'archive', entity: 'unit', entityId: unit.id, before: unit, after: { archived } })
      return archived
    })
    return c.redirect(`/console/campaigns/${campaign.id}/units?archived=${ids.length}`, 303)
  })
