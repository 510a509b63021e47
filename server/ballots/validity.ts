import type { Answers } from '../db/schema'
import { ApiError } from '../errors'
import type { RoundContext } from '../rounds/store'
import type { BallotBody } from './schemas'

export interface CheckedBallot<C extends string | null = string> {
  unitId: string
  categoryId: C
  answers: Answers
  opinion: string | null
  valid: boolean
  invalidReason: string | null
}

/**
 * Checks a ballot against the round's frozen form. Input that cannot be a ballot of this form
 * is refused (ApiError); a ballot that is a real answer but fails the form's validity rule
 * (fewer than `minAnswered` non-abstain answers) is kept and marked invalid with its reason.
 * A null category is decided later (a code ballot's is its batch's, in the group commit).
 * `allowUnanswered` is for paper slips, where an unticked cell is unanswered (left out of every
 * denominator) rather than a form error.
 */
export function checkBallot<C extends string | null>(ctx: RoundContext, body: Omit<BallotBody, 'categoryId'> & { categoryId: C }, options: { allowUnanswered?: boolean } = {}): CheckedBallot<C> {
  if (!ctx.units.some((u) => u.id === body.unitId)) throw new ApiError(422, 'unit_not_in_round', [{ path: 'unitId' }])
  if (body.categoryId !== null && !ctx.categories.some((c) => c.id === body.categoryId))
    throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
  const dimensionIds = new Set(ctx.dimensions.map((d) => String(d.id)))
  const levels = new Map(ctx.levels.map((l) => [l.id, l]))
  for (const [dimensionId, levelId] of Object.entries(body.answers)) {
    if (!dimensionIds.has(dimensionId)) throw new ApiError(422, 'unknown_dimension', [{ path: `answers.${dimensionId}` }])
    if (!levels.has(levelId)) throw new ApiError(422, 'answer_out_of_scale', [{ path: `answers.${dimensionId}` }])
  }
  const missing = ctx.dimensions.filter((d) => body.answers[String(d.id)] === undefined)
  if (missing.length > 0 && !options.allowUnanswered)
    throw new ApiError(
      422,
      'missing_answer',
      missing.map((d) => ({ path: `answers.${d.id}`, message: d.label })),
    )
  const substantive = Object.values(body.answers).filter((levelId) => !levels.get(levelId)?.abstain).length
  const valid = substantive >= ctx.form.minAnswered
  return {
    unitId: body.unitId,
    categoryId: body.categoryId,
    answers: body.answers,
    opinion: body.opinion ? body.opinion : null,
    valid,
    invalidReason: valid ? null : 'too_few_answers',
  }
}
