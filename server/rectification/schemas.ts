import * as v from 'valibot'
import { CalendarDate } from '../opinions/schemas'

const Id = v.pipe(v.string(), v.uuid())
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max))
const Optional = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)), '')

export const CLASSES = ['immediate', 'effort', 'beyond'] as const
export const STATUSES = ['not_started', 'in_progress', 'done'] as const

/** 四明确一承诺: item, target and deadline, measures, responsible person (and unit), public commitment. */
export const NewItemBody = v.strictObject({
  unitId: Id,
  title: Text(200),
  target: Optional(2000),
  deadline: CalendarDate,
  measures: Optional(4000),
  owner: Text(100),
  commitment: Optional(2000),
  class: v.picklist(CLASSES),
  public: v.optional(v.boolean(), false),
  opinionIds: v.optional(v.pipe(v.array(Id), v.maxLength(1000)), []),
})
export type NewItemBody = v.InferOutput<typeof NewItemBody>

export const ItemPatchBody = v.strictObject({
  unitId: v.optional(Id),
  title: v.optional(Text(200)),
  target: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
  deadline: v.optional(CalendarDate),
  measures: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000))),
  owner: v.optional(Text(100)),
  commitment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
  class: v.optional(v.picklist(CLASSES)),
  status: v.optional(v.picklist(STATUSES)),
  public: v.optional(v.boolean()),
})
export type ItemPatchBody = v.InferOutput<typeof ItemPatchBody>

/** A progress report: the date, what was done, and optionally the new status. */
export const UpdateBody = v.strictObject({ onDate: CalendarDate, body: Text(2000), status: v.optional(v.picklist(STATUSES)) })
export type UpdateBody = v.InferOutput<typeof UpdateBody>

/**
 * What only the campaign office sets: the item as promised (title, unit, responsible person,
 * deadline, public commitment, class) and whether the public board shows it. A liaison reports
 * progress and status and may refine the target and measures, never these.
 */
export const ORGANISER_FIELDS = ['unitId', 'title', 'deadline', 'owner', 'commitment', 'class', 'public'] as const

/** The API's PUT: the opinions an item answers, exactly. */
export const LinkBody = v.strictObject({ opinionIds: v.pipe(v.array(Id), v.maxLength(1000)) })

/** The console's form: opinions to link, and those to unlink (every listed one left unticked). */
export const LinkChange = v.strictObject({ link: v.pipe(v.array(Id), v.maxLength(1000)), unlink: v.pipe(v.array(Id), v.maxLength(1000)) })
export type LinkChange = v.InferOutput<typeof LinkChange>

/** The opinion picker on an item's page: words to search for, and the page. */
export const PickerQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  offset: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)), '0'),
})

export const ItemQuery = v.object({
  unit: v.optional(Id),
  status: v.optional(v.picklist(STATUSES)),
  overdue: v.optional(v.picklist(['1'])),
  stalled: v.optional(v.picklist(['1'])),
  stalledDays: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(365)), '14'),
})

export const BoardBody = v.strictObject({ slug: v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9][a-z0-9-]{1,62}$/))) })
