import { says } from '../validate'
import * as v from 'valibot'
import { isCalendarDate } from '../tracking/dates'
import { STAFF_CHANNELS } from './channels'

const Id = v.pipe(v.string(), v.uuid())
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max))
export const CalendarDate = v.pipe(v.string(), v.check(isCalendarDate, says('应为有效日期（年-月-日）', 'must be a date (YYYY-MM-DD)')))

/** A staff-entered opinion: what was said, through which channel, when, about which unit. */
export const NewOpinionBody = v.strictObject({
  body: Text(2000),
  channel: v.picklist(STAFF_CHANNELS),
  unitId: Id,
  receivedOn: CalendarDate,
  areaId: v.optional(v.nullable(Id)),
})
export type NewOpinionBody = v.InferOutput<typeof NewOpinionBody>

/**
 * Edits one opinion: what entry sets (text, channel, date, unit concerned, area) and the unit
 * assigned to answer it; null clears area or assignment. A ballot's opinion keeps the evaluator's
 * words, channel and unit; a merged one takes channel, unit and date from its originals
 * (`editOpinion` in actions.ts refuses a change to those).
 */
export const OpinionPatchBody = v.strictObject({
  body: v.optional(Text(2000)),
  channel: v.optional(v.picklist(STAFF_CHANNELS)),
  unitId: v.optional(Id),
  receivedOn: v.optional(CalendarDate),
  areaId: v.optional(v.nullable(Id)),
  assignedUnitId: v.optional(v.nullable(Id)),
})
export type OpinionPatchBody = v.InferOutput<typeof OpinionPatchBody>

export const ReplyBody = v.strictObject({ reply: Text(2000), repliedOn: v.optional(CalendarDate) })

/** Which opinions a list or a bulk action covers. `area: 'none'` means unclassified. */
export const OpinionFilter = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  area: v.optional(v.union([v.literal('none'), Id])),
  unit: v.optional(Id),
  channel: v.optional(v.picklist([...STAFF_CHANNELS, 'ballot'] as const)),
  replied: v.optional(v.picklist(['yes', 'no'])),
  round: v.optional(Id),
})
export type OpinionFilter = v.InferOutput<typeof OpinionFilter>

export const ListQuery = v.object({
  ...OpinionFilter.entries,
  limit: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(500)), '50'),
  offset: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)), '0'),
})

export const MergeBody = v.strictObject({
  ids: v.pipe(v.array(Id), v.minLength(2), v.maxLength(20_000)),
  body: v.optional(Text(2000)),
  areaId: v.optional(v.nullable(Id)),
})

/** A bulk action on listed ids, or on every opinion a filter finds (at most 20,000). */
export const BulkBody = v.strictObject({
  action: v.picklist(['classify', 'assign', 'merge']),
  ids: v.optional(v.pipe(v.array(Id), v.minLength(1), v.maxLength(20_000))),
  filter: v.optional(v.strictObject(OpinionFilter.entries)),
  areaId: v.optional(v.nullable(Id)),
  unitId: v.optional(v.nullable(Id)),
  body: v.optional(Text(2000)),
})
export type BulkBody = v.InferOutput<typeof BulkBody>

export const AreasBody = v.strictObject({
  areas: v.pipe(v.array(v.strictObject({ id: v.optional(Id), name: Text(50) })), v.maxLength(100)),
})

export const ImportBody = v.strictObject({ roundId: Id })
