import { Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { exportRows, importTemplate } from './export'
import { columnName } from './import-header'
import type { ImportPlan } from './import-plan'
import { insertPlannedUnits, planUpload } from './import-store'
import { UnitBody, UnitPatch } from './schemas'
import { writeCsv, writeXlsx } from './spreadsheet'
import { archiveUnit, createUnit, getUnit, listUnitRows, restoreUnit, updateUnit } from './store'
import { buildTree } from './tree'
import { readUpload } from './upload'

const PREVIEW_ROWS = 500
/** Issues listed in a response (every one is counted). */
const ISSUES_LISTED = 1000

/** Parses an upload into an import plan; an unreadable file is a 422 `import_unreadable`. */
async function plan(c: Parameters<typeof readUpload>[0], campaignId: string): Promise<ImportPlan> {
  return planUpload(c.get('db'), campaignId, await readUpload(c), c.get('lang'))
}

/** Units of a campaign: `/api/campaigns/:campaign/units…` — tree, edits, import, export. */
export const unitRoutes = new Hono<AppEnv>()
  .get('/:campaign/units', async (c) => {
    const campaign = await campaignFromUrl(c)
    const rows = await listUnitRows(c.get('db'), campaign.id, { archived: c.req.query('archived') === '1' })
    return c.json({ units: buildTree(rows) })
  })
  .post('/:campaign/units', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, UnitBody)
    const unit = await c.get('db').transaction().execute(async (trx) => {
      const created = await createUnit(trx, campaign.id, body)
      await audit(c, trx, campaign.id, { action: 'create', entity: 'unit', entityId: created.id, after: created })
      return created
    })
    return c.json(unit, 201)
  })
  .get('/:campaign/units/export', async (c) => {
    const campaign = await campaignFromUrl(c)
    const rows = exportRows(await listUnitRows(c.get('db'), campaign.id))
    const filename = encodeURIComponent(`${campaign.name}-单位`)
    if (c.req.query('format') === 'xlsx') {
      const bytes = await writeXlsx('单位', rows)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${filename}.xlsx`,
      })
    }
    return c.body(writeCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename*=UTF-8''${filename}.csv` })
  })
  .get('/:campaign/units/import/template', async (c) => {
    await campaignFromUrl(c)
    const filename = encodeURIComponent('单位导入模板')
    if (c.req.query('format') === 'xlsx') {
      const bytes = await writeXlsx('单位', importTemplate)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${filename}.xlsx`,
      })
    }
    return c.body(writeCsv(importTemplate), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename*=UTF-8''${filename}.csv` })
  })
  .post('/:campaign/units/import/preview', async (c) => {
    const campaign = await campaignFromUrl(c)
    const { units, errors, warnings } = await plan(c, campaign.id)
    const rows = units.slice(0, PREVIEW_ROWS).map(({ row, name, kind, code, parent, depth }) => ({ row, name, kind, code, parent, depth }))
    return c.json({ total: units.length, valid: errors.length === 0, rows, errors: errors.slice(0, ISSUES_LISTED), errorCount: errors.length, warnings: warnings.slice(0, ISSUES_LISTED), warningCount: warnings.length })
  })
  .post('/:campaign/units/import', async (c) => {
    const campaign = await campaignFromUrl(c)
    const { units, errors, warnings } = await plan(c, campaign.id)
    const lang = c.get('lang')
    if (errors.length > 0) {
      throw new ApiError(
        422,
        'import_invalid',
        errors.slice(0, 50).map((e) => {
          // `path` keeps the template's header whatever the language; the message says the page's.
          const column = columnName(e.column, lang)
          return { path: `${e.row}.${e.column}`, message: lang === 'en' ? `Row ${e.row}, ${column}: ${e.message}` : `第 ${e.row} 行 ${column}：${e.message}` }
        }),
      )
    }
    const created = await c.get('db').transaction().execute(async (trx) => {
      const n = await insertPlannedUnits(trx, campaign.id, units)
      await audit(c, trx, campaign.id, { action: 'import', entity: 'unit', after: { created: n } })
      return n
    })
    // The preview's warnings again: a program that imports without previewing must hear them too.
    return c.json({ created, warnings: warnings.slice(0, ISSUES_LISTED), warningCount: warnings.length }, 201)
  })
  .get('/:campaign/units/:unit', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.json(await getUnit(c.get('db'), campaign.id, c.req.param('unit')))
  })
  .patch('/:campaign/units/:unit', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, UnitPatch)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const change = await updateUnit(trx, campaign.id, unit.id, body)
      const action = change.before.parentId !== change.after.parentId ? 'move' : 'update'
      await audit(c, trx, campaign.id, { action, entity: 'unit', entityId: unit.id, ...change })
      return change.after
    })
    return c.json(after)
  })
  .post('/:campaign/units/:unit/archive', async (c) => {
    const campaign = await campaignFromUrl(c)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    const archived = await c.get('db').transaction().execute(async (trx) => {
      const ids = await archiveUnit(trx, campaign.id, unit.id, c.get('now')())
      await audit(c, trx, campaign.id, { action: 'archive', entity: 'unit', entityId: unit.id, before: unit, after: { archived: ids } })
      return ids
    })
    return c.json({ archived: archived.length })
  })
  .post('/:campaign/units/:unit/restore', async (c) => {
    const campaign = await campaignFromUrl(c)
    const unit = await getUnit(c.get('db'), campaign.id, c.req.param('unit'))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const restored = await restoreUnit(trx, campaign.id, unit.id)
      await audit(c, trx, campaign.id, { action: 'restore', entity: 'unit', entityId: unit.id, before: unit, after: restored })
      return restored
    })
    return c.json(after)
  })
