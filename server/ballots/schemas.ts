import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())

const UuidV4 = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i))

/**
 * A ballot as the phone form and API clients send it; answers by dimension id → level id.
 * `submissionId` is made by the client once per ballot (UUID v4) and sent again on retries.
 * With a `code`, the category is the code's; without, the round must have a public link.
 */
export const BallotBody = v.strictObject({
  submissionId: UuidV4,
  code: v.optional(v.pipe(v.string(), v.maxLength(40))),
  unitId: Id,
  categoryId: v.optional(Id),
  answers: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^\d{1,9}$/)), v.pipe(v.number(), v.integer(), v.minValue(1))),
    v.check((answers) => Object.keys(answers).length <= 100),
  ),
  opinion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
})
export type BallotBody = v.InferOutput<typeof BallotBody>

/**
 * Turns the fields of the no-JavaScript form post (`submissionId`, `code`, `unitId`,
 * `categoryId`, `d<dimension id>`, `opinion`) into a BallotBody-shaped object, for the same schema to check.
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
  const code = text('code')?.trim()
  const categoryId = text('categoryId')
  return {
    // The no-JavaScript form carries a submission id made when the page was rendered.
    submissionId: text('submissionId') ?? crypto.randomUUID(),
    ...(code ? { code } : {}),
    unitId: text('unitId') ?? '',
    ...(categoryId ? { categoryId } : {}),
    answers,
    ...(opinion ? { opinion } : {}),
  }
}

/** Most ballots in one batch: a delegate's grid is sent in pieces of at most this many. */
export const MAX_BATCH = 100

/**
 * Several ballots in one request — a delegate's grid, or a queue the phone kept while offline.
 * Each is a BallotBody checked on its own (a bad one refuses only itself).
 */
export const BallotBatchBody = v.strictObject({
  ballots: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(MAX_BATCH)),
})
