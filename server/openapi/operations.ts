import type * as v from 'valibot'
import { CampaignBody, CampaignPatch } from '../campaigns/schemas'
import { CategoriesBody, CategoryPresetBody } from '../categories/schemas'
import { FormBody, FormPresetBody } from '../forms/schemas'
import { HandedOutBody, RoundBody, RoundPatch, RoundUnitsBody } from '../rounds/schemas'
import { UnitBody, UnitPatch } from '../units/schemas'

/** One documented operation: the route, what it does, and the valibot schema of its JSON body. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch'
  path: string
  tag: string
  summary: string
  body?: v.GenericSchema
  /** A spreadsheet upload (multipart `file` or the raw bytes) instead of JSON. */
  upload?: boolean
  /** A file download instead of JSON. */
  download?: string[]
  status?: number
}

const c = '/api/campaigns/{campaign}'

/** The campaign-setup API, in the order the document lists it. */
export const operations: Operation[] = [
  { method: 'get', path: '/api/presets', tag: 'presets', summary: 'Form, scale and category presets from the seeds' },
  { method: 'get', path: '/api/campaigns', tag: 'campaigns', summary: 'List campaigns' },
  { method: 'post', path: '/api/campaigns', tag: 'campaigns', summary: 'Create a campaign', body: CampaignBody, status: 201 },
  { method: 'get', path: c, tag: 'campaigns', summary: 'Read a campaign' },
  { method: 'patch', path: c, tag: 'campaigns', summary: 'Update a campaign', body: CampaignPatch },
  { method: 'get', path: `${c}/units`, tag: 'units', summary: 'The unit tree (`?archived=1` includes archived units)' },
  { method: 'post', path: `${c}/units`, tag: 'units', summary: 'Create a unit', body: UnitBody, status: 201 },
  { method: 'get', path: `${c}/units/export`, tag: 'units', summary: 'Export the tree as CSV (default) or XLSX (`?format=xlsx`)', download: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  { method: 'post', path: `${c}/units/import/preview`, tag: 'units', summary: 'Check an XLSX/CSV (UTF-8 or GB18030) import: parsed rows and row-numbered errors', upload: true },
  { method: 'post', path: `${c}/units/import`, tag: 'units', summary: 'Import units; writes nothing unless every row is valid', upload: true, status: 201 },
  { method: 'get', path: `${c}/units/{unit}`, tag: 'units', summary: 'Read a unit' },
  { method: 'patch', path: `${c}/units/{unit}`, tag: 'units', summary: 'Rename or move a unit (moves under itself or a descendant are refused)', body: UnitPatch },
  { method: 'post', path: `${c}/units/{unit}/archive`, tag: 'units', summary: 'Archive a unit and its subtree' },
  { method: 'post', path: `${c}/units/{unit}/restore`, tag: 'units', summary: 'Restore an archived unit' },
  { method: 'get', path: `${c}/categories`, tag: 'categories', summary: 'Evaluator categories and the sum of their weights' },
  { method: 'put', path: `${c}/categories`, tag: 'categories', summary: 'Replace the categories (weights add up to 100, or are all 0)', body: CategoriesBody },
  { method: 'post', path: `${c}/categories/preset`, tag: 'categories', summary: 'Add the standard categories of DOMAIN.md', body: CategoryPresetBody, status: 201 },
  { method: 'get', path: `${c}/forms`, tag: 'forms', summary: 'Form versions' },
  { method: 'post', path: `${c}/forms`, tag: 'forms', summary: 'Create a form', body: FormBody, status: 201 },
  { method: 'post', path: `${c}/forms/preset`, tag: 'forms', summary: 'Create a form from a question preset and a scale', body: FormPresetBody, status: 201 },
  { method: 'get', path: `${c}/forms/{form}`, tag: 'forms', summary: 'Read a form version' },
  { method: 'put', path: `${c}/forms/{form}`, tag: 'forms', summary: 'Edit a form; a frozen version gets a new version instead (201)', body: FormBody },
  { method: 'get', path: `${c}/rounds`, tag: 'rounds', summary: 'List rounds' },
  { method: 'post', path: `${c}/rounds`, tag: 'rounds', summary: 'Create a draft round', body: RoundBody, status: 201 },
  { method: 'get', path: `${c}/rounds/{round}`, tag: 'rounds', summary: 'Read a round with its units and formula' },
  { method: 'patch', path: `${c}/rounds/{round}`, tag: 'rounds', summary: 'Change a round (form, stage, channels and formula only while draft)', body: RoundPatch },
  { method: 'put', path: `${c}/rounds/{round}/units`, tag: 'rounds', summary: 'Choose the units evaluated (single units or subtrees)', body: RoundUnitsBody },
  { method: 'patch', path: `${c}/rounds/{round}/handed-out`, tag: 'rounds', summary: 'Ballots handed out per unit (for 回收率)', body: HandedOutBody },
  { method: 'post', path: `${c}/rounds/{round}/{action}`, tag: 'rounds', summary: 'Lifecycle step: open, close, reopen or publish' },
]
