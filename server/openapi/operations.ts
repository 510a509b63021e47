import type * as v from 'valibot'
import { BallotBatchBody, BallotBody } from '../ballots/schemas'
import { CampaignBody, CampaignPatch } from '../campaigns/schemas'
import { CategoriesBody, CategoryPresetBody } from '../categories/schemas'
import { FormBody, FormPresetBody } from '../forms/schemas'
import { DecisionBody, NewBatchBody, NewSittingBody, RegisterBody, ResolutionsBody, SheetBody } from '../paper/schemas'
import { PublishBody } from '../publications/schemas'
import { CompareQuery, RoundResultsQuery, UnitResultsQuery } from '../results/schemas'
import { CloseBody, HandedOutBody, RoundBody, RoundPatch, RoundUnitsBody } from '../rounds/schemas'
import { UnitBody, UnitPatch } from '../units/schemas'

/** One documented operation: the route, what it does, and the valibot schema of its JSON body. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  tag: string
  summary: string
  body?: v.GenericSchema
  /** The valibot schema of the query string (an object of strings). */
  query?: v.GenericSchema
  /** A spreadsheet upload (multipart `file` or the raw bytes) instead of JSON. */
  upload?: boolean
  /** A file download instead of JSON. */
  download?: string[]
  status?: number
}

const c = '/api/campaigns/{campaign}'
const p = '/api/rounds/{round}'

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
  { method: 'get', path: `${c}/units/import/template`, tag: 'units', summary: 'An import template with three example rows, CSV (default) or XLSX (`?format=xlsx`)', download: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  { method: 'post', path: `${c}/units/import/preview`, tag: 'units', summary: 'Check an XLSX/CSV (UTF-8 or GB18030) import: parsed rows, row-numbered errors and warnings', upload: true },
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
  {
    method: 'post',
    path: `${c}/rounds/{round}/{action}`,
    tag: 'rounds',
    summary: 'Lifecycle step: open, close, reopen or publish. Closing refuses (409 paper_batches_pending) while paper batches are keyed and not committed, unless the optional body says {"leavePaper": true}',
    body: CloseBody,
  },
  {
    method: 'get',
    path: '/api/results/rounds/{round}',
    tag: 'results',
    summary: 'A round’s results: unit × dimension × level, by evaluator category, overall, ranking, 补课 flags, Wilson intervals, minimum group size applied (organisers: live; others: what is published to them)',
    query: RoundResultsQuery,
  },
  { method: 'get', path: '/api/results/rounds/{round}/turnout', tag: 'results', summary: 'Live turnout: ballots in per unit and category and 回收率, never a result (organisers and leaders)' },
  { method: 'get', path: '/api/results/units/{unit}', tag: 'results', summary: 'One unit across rounds (`?rounds=a,b`; default every round of the unit the caller may see)', query: UnitResultsQuery },
  { method: 'post', path: '/api/results/rounds/{round}/publications', tag: 'publications', summary: 'Publish a closed round to an audience (leaders, named units with their subtrees, the public; organisers always) as an immutable snapshot with its formula and SHA-256; optional 公示 window', body: PublishBody, status: 201 },
  { method: 'get', path: '/api/results/rounds/{round}/publications', tag: 'publications', summary: 'A round’s publications, newest first, without content (organisers)' },
  { method: 'get', path: '/api/results/publications/{publication}', tag: 'publications', summary: 'A publication’s snapshot for a reader in its audience (liaisons: their own subtree)' },
  { method: 'post', path: '/api/results/publications/{publication}/revoke', tag: 'publications', summary: 'Revoke a publication (organisers); it is no longer served' },
  { method: 'get', path: '/api/results/public/{slug}', tag: 'publications', summary: 'A public publication’s snapshot, for anyone, inside its 公示 window (page: /p/{slug})' },
  { method: 'get', path: '/api/results/compare', tag: 'results', summary: 'Units (`units=a,b` or `subtree=id`) over rounds (`rounds=a,b`): 满意率 with intervals, changes marked real only where the intervals do not overlap', query: CompareQuery },
  {
    method: 'post',
    path: `${p}/ballots`,
    tag: 'ballots',
    summary: 'Cast one ballot (the phone form): with a `code`, or through the round’s public link (device cookie). Exactly once per client-made `submissionId`; 201 `{ status: "counted", valid }`',
    body: BallotBody,
    status: 201,
  },
  {
    method: 'post',
    path: `${p}/ballots/batch`,
    tag: 'ballots',
    summary: 'Cast up to 100 ballots in one request (a delegate’s grid, an offline queue): 200 `{ results: [...] }` in order, each `{ status: "counted", valid }` or `{ status: "refused", error, retryAfter? }`; a server failure answers the whole request and resending it is safe',
    body: BallotBatchBody,
  },
  { method: 'get', path: `${p}/sittings`, tag: 'paper', summary: 'Sittings (会议/场次) of a round with their register: handed out, returned, valid, invalid, blank, held, return rate, void flag and decision, and their batches (clerks of the round, organisers)' },
  { method: 'post', path: `${p}/sittings`, tag: 'paper', summary: 'Open a sitting (meeting or paper hand-out) of a round that uses that channel', body: NewSittingBody, status: 201 },
  { method: 'patch', path: `${p}/sittings/{sitting}`, tag: 'paper', summary: 'Record the register counted by hand, or rename; counts lock once a batch is held or committed', body: RegisterBody },
  { method: 'post', path: `${p}/sittings/{sitting}/decision`, tag: 'paper', summary: 'Accept or reject a void sitting (returned > handed out); accepting commits its held batches (organisers)', body: DecisionBody },
  { method: 'post', path: `${p}/sittings/{sitting}/batches`, tag: 'paper', summary: 'Start a named entry batch', body: NewBatchBody, status: 201 },
  { method: 'get', path: `${p}/paper-batches/{batch}`, tag: 'paper', summary: 'A batch: its keyings, the caller’s own slips, and the mismatches once two keyings are done' },
  { method: 'put', path: `${p}/paper-batches/{batch}/sheets/{sheet}`, tag: 'paper', summary: 'Key slip n in the caller’s keying (the next one, or a correction); a third keyer keys disputed slips by number', body: SheetBody },
  { method: 'delete', path: `${p}/paper-batches/{batch}/sheets/{sheet}`, tag: 'paper', summary: 'Remove the last slip of the caller’s keying' },
  { method: 'post', path: `${p}/paper-batches/{batch}/done`, tag: 'paper', summary: 'Finish the caller’s keying' },
  { method: 'post', path: `${p}/paper-batches/{batch}/resolutions`, tag: 'paper', summary: 'Settle mismatched fields from the paper (organisers); audited', body: ResolutionsBody },
  { method: 'post', path: `${p}/paper-batches/{batch}/commit`, tag: 'paper', summary: 'Count a reconciled batch, exactly once (held instead while its sitting is void and undecided)' },
]
