import type * as v from 'valibot'
import { BallotBatchBody, BallotBody } from '../ballots/schemas'
import { CampaignBody, CampaignPatch } from '../campaigns/schemas'
import { CategoriesBody, CategoryPresetBody } from '../categories/schemas'
import { FormBody, FormPresetBody } from '../forms/schemas'
import { ExportQuery } from '../opinions/export'
import { AreasBody, BulkBody, ImportBody, ListQuery, MergeBody, NewOpinionBody, OpinionPatchBody, ReplyBody } from '../opinions/schemas'
import { DecisionBody, NewBatchBody, NewSittingBody, RegisterBody, ResolutionsBody, SheetBody } from '../paper/schemas'
import { PublishBody } from '../publications/schemas'
import { ItemsBody } from '../recheck/schemas'
import { BoardBody, ItemPatchBody, ItemQuery, LinkBody, NewItemBody, UpdateBody } from '../rectification/schemas'
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
const t = '/api/tracking/{campaign}'

/** The JSON API (campaign setup, ballots, paper, results, opinions and rectification), in the order the document lists it. */
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
  {
    method: 'post',
    path: `${c}/units/import`,
    tag: 'units',
    summary:
      'Import units; writes nothing unless every row is valid (422 `import_invalid`, row-numbered issues). 201 `{ created, warnings: [{ row, column, message }], warningCount }`: the same warnings as the preview (e.g. two units of one name under one parent), which did not block the import but should be checked',
    upload: true,
    status: 201,
  },
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
    summary: 'Lifecycle step: open, close, reopen or publish. Closing refuses (409 paper_batches_pending) while paper batches are keyed and not committed, unless the optional body says {"leavePaper": true}. Closing a closed round whose closing work was cut short (the close answered 500) finishes that work and answers 200; otherwise 409 round_bad_transition',
    body: CloseBody,
  },
  {
    method: 'get',
    path: '/api/results/rounds/{round}',
    tag: 'results',
    summary: 'A round’s results: unit × dimension × level, by evaluator category, overall, ranking, 补课 flags, Wilson intervals, minimum group size applied (organisers: live; others: what is published to them)',
    query: RoundResultsQuery,
  },
  { method: 'get', path: '/api/results/rounds/{round}/turnout', tag: 'results', summary: 'Live turnout: ballots in per unit and category and 回收率, never a result; invalid ballots counted apart only once the round has closed, null before (organisers and leaders)' },
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
    summary: 'Cast one ballot (the phone form): with a `code`, or through the round’s public link (device cookie). Exactly once per client-made `submissionId` (with a code: per id, code and unit); 201 `{ status: "counted", valid }`',
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
  { method: 'get', path: `${t}/areas`, tag: 'opinions', summary: 'Opinion areas (分类) with how many opinions each holds, and the 13 preset areas' },
  { method: 'put', path: `${t}/areas`, tag: 'opinions', summary: 'Replace the areas (organisers): a listed id is kept (renamed, re-ordered), a name without id added, an area left out removed and its opinions left unclassified', body: AreasBody },
  { method: 'post', path: `${t}/areas/preset`, tag: 'opinions', summary: 'Use the 13 preset areas (organisers); 409 areas_exist once the campaign has areas', status: 201 },
  { method: 'get', path: `${t}/opinions`, tag: 'opinions', summary: 'Opinions after merging, searched and filtered, a page at a time (leaders read all; liaisons those their subtree answers for); ballot opinions of a unit below the minimum group size are left out', query: ListQuery },
  { method: 'post', path: `${t}/opinions`, tag: 'opinions', summary: 'Enter an opinion received through a channel other than the ballot (organisers)', body: NewOpinionBody, status: 201 },
  { method: 'post', path: `${t}/opinions/merge`, tag: 'opinions', summary: 'Merge opinions into one (organisers); the originals are kept and can be restored with unmerge', body: MergeBody, status: 201 },
  { method: 'post', path: `${t}/opinions/bulk`, tag: 'opinions', summary: 'Classify, assign or merge the listed ids or every opinion a filter finds, at most 20,000, in one transaction (organisers); with `Accept: application/x-ndjson`, progress lines and then the result', body: BulkBody },
  { method: 'get', path: `${t}/opinions/export`, tag: 'opinions', summary: 'The opinions the list’s filter finds, as CSV (default) or XLSX (`?format=xlsx`), in the list’s order and scope', query: ExportQuery, download: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  { method: 'get', path: `${t}/opinions/{opinion}`, tag: 'opinions', summary: 'Read an opinion (liaisons: one their subtree answers for)' },
  { method: 'patch', path: `${t}/opinions/{opinion}`, tag: 'opinions', summary: 'Edit, classify or assign an opinion (organisers); a ballot’s opinion keeps its words, channel and unit, a merged one the channel, unit and date of its originals', body: OpinionPatchBody },
  { method: 'delete', path: `${t}/opinions/{opinion}`, tag: 'opinions', summary: 'Delete an opinion (organisers; audited); 409 where that would break a merge, a link to an item or a ballot’s words' },
  { method: 'post', path: `${t}/opinions/{opinion}/reply`, tag: 'opinions', summary: 'Answer an opinion (organisers; liaisons for their subtree); dated today unless `repliedOn` is given, never later than today', body: ReplyBody },
  { method: 'post', path: `${t}/opinions/{opinion}/unmerge`, tag: 'opinions', summary: 'Undo a merge: the original opinions come back (organisers)' },
  { method: 'post', path: `${t}/opinion-imports`, tag: 'opinions', summary: 'Import a closed round’s ballot opinions (organisers): text, unit and round only; reports how many the minimum group size holds back', body: ImportBody, status: 201 },
  { method: 'get', path: `${t}/items`, tag: 'rectification', summary: 'Rectification items (整改事项) with what is computed on read — overdue, stalled, done late — filtered by unit, status, `overdue=1`, `stalled=1` (leaders read all; liaisons their subtree)', query: ItemQuery },
  { method: 'get', path: `${t}/overview`, tag: 'rectification', summary: 'Per unit: items, done, done late, overdue and stalled; and the overdue and stalled items (`stalledDays`, default 14)', query: ItemQuery },
  { method: 'post', path: `${t}/items`, tag: 'rectification', summary: 'Create an item (四明确一承诺) linked to the opinions it answers (organisers; liaisons for their own units, not public)', body: NewItemBody, status: 201 },
  { method: 'get', path: `${t}/items/{item}`, tag: 'rectification', summary: 'An item with its progress reports, linked opinions and re-check results' },
  { method: 'patch', path: `${t}/items/{item}`, tag: 'rectification', summary: 'Edit an item: organisers any field; liaisons status, target and measures only (403 with one issue per field the office sets)', body: ItemPatchBody },
  { method: 'post', path: `${t}/items/{item}/updates`, tag: 'rectification', summary: 'Report progress, dated no later than today in Shanghai; a report that marks the item done dates its completion (done_on)', body: UpdateBody, status: 201 },
  { method: 'put', path: `${t}/items/{item}/opinions`, tag: 'rectification', summary: 'Set the opinions an item answers, exactly (liaisons: opinions their subtree answers for)', body: LinkBody },
  { method: 'put', path: `${t}/board`, tag: 'rectification', summary: 'Set the public board’s address /board/{slug}, or null for /board/{campaign} (organisers)', body: BoardBody },
  { method: 'get', path: `${t}/rounds/{round}/recheck-items`, tag: 'recheck', summary: 'The public items a rectification or review round asks 整改是否到位 about' },
  { method: 'put', path: `${t}/rounds/{round}/recheck-items`, tag: 'recheck', summary: 'Choose those items, exactly (organisers; while the round is a draft; public items of the round’s units)', body: ItemsBody },
]
