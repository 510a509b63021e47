import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())

/** A ballot as the phone form and API clients send it; answers by dimension id → level id. */
export const BallotBody = v.strictObject({
  unitId: Id,
  categoryId: Id,
  answers: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^\d{1,9}$/)), v.pipe(v.number(), v.integer(), v.minValue(1))),
    v.check((answers) => Object.keys(answers).length <= 100),
  ),
  opinion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
})
export type BallotBody = v.InferOutput<typeof BallotBody>

/**
 * Turns the fields of the no-JavaScript form post (`unitId`, `categoryId`, `d<dimension id>`,
 * `opinion`) into a BallotBody-shaped object, for the same schema to check.
 */
export function ballotFromFormFields(fields: Record<string, string | File | (string | File)[]>): unknown {
  const text = (key: string) => {
    const value = fields[key]
    return typeof value === 'string' ? value : undefined
  }
  const answers: Record<string, number> = {}
  for (const [key, value] of Object.entries(fields)) {
    const match = /^d(\d{1,9})$/.exec(key)
    if (match?.[1] && typeof value === 'string' && /^\d{1,9}$/.test(value)) answers[match[1]] = Number(value)
  }
  const opinion = text('opinion')
  return {
    unitId: text('unitId') ?? '',
    categoryId: text('categoryId') ?? '',
    answers,
    ...(opinion ? { opinion } : {}),
  }
}
