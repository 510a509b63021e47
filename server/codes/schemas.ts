import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())

/** A new batch: category, scope (every unit of the round, or a list), how many, and the download wanted. */
export const NewBatchBody = v.strictObject({
  categoryId: Id,
  units: v.union([v.literal('all'), v.pipe(v.array(Id), v.minLength(1), v.maxLength(5000))]),
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
  /** json: the codes in the response; csv: a download; slips: the printable A4 page. */
  format: v.optional(v.picklist(['json', 'csv', 'slips']), 'json'),
})
export type NewBatchBody = v.InferOutput<typeof NewBatchBody>

/** How to hand back the codes of a reissue. */
export const ReissueBody = v.strictObject({ format: v.optional(v.picklist(['json', 'csv', 'slips']), 'json') })
