import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))
const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))

/** `POST /api/rounds/:round/sittings`: a meeting (评议大会) or a paper hand-out (书面评议). */
export const NewSittingBody = v.strictObject({
  name: Name,
  channel: v.optional(v.picklist(['meeting', 'paper']), 'meeting'),
})

/** `PATCH /api/rounds/:round/sittings/:sitting`: the register counted by hand. */
export const RegisterBody = v.strictObject({
  name: v.optional(Name),
  handedOut: v.optional(v.nullable(Count)),
  returned: v.optional(v.nullable(Count)),
})

/** `POST …/sittings/:sitting/decision` on a void sitting. */
export const DecisionBody = v.strictObject({ decision: v.picklist(['accept', 'reject']) })

/** `POST …/sittings/:sitting/batches`. */
export const NewBatchBody = v.strictObject({ name: Name })

/**
 * One keyed slip: category ('' or null: none, for a blank or spoiled slip), spoiled, and ticked
 * cells {unit id: {dimension id: level id}}.
 */
export const SheetBody = v.strictObject({
  categoryId: v.pipe(v.optional(v.nullable(v.union([Id, v.literal('')])), ''), v.transform((id) => id ?? '')),
  spoiled: v.optional(v.boolean(), false),
  cells: v.pipe(
    v.record(Id, v.pipe(v.record(v.pipe(v.string(), v.regex(/^\d{1,9}$/)), v.pipe(v.number(), v.integer(), v.minValue(1))), v.check((row) => Object.keys(row).length <= 100))),
    v.check((cells) => Object.keys(cells).length <= 500),
  ),
})
export type SheetBody = v.InferOutput<typeof SheetBody>

/** A slip number in a URL. */
export const SheetNumber = v.pipe(v.string(), v.regex(/^[1-9]\d{0,4}$/), v.transform(Number))

/** `POST …/paper-batches/:batch/resolutions`: an organiser's value for mismatched fields. */
export const ResolutionsBody = v.strictObject({
  items: v.pipe(
    v.array(
      v.strictObject({
        sheet: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100000)),
        field: v.pipe(v.string(), v.regex(/^(present|category|spoiled|[0-9a-f-]{36}:\d{1,9})$/i)),
        value: v.pipe(v.string(), v.maxLength(100)),
      }),
    ),
    v.minLength(1),
    v.maxLength(500),
  ),
})
export type ResolutionsBody = v.InferOutput<typeof ResolutionsBody>
