import type { Answers } from '../db/schema'
import { ApiError } from '../errors'
import type { Level, RoundContext } from '../rounds/store'
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
  const form = formOf(ctx)
  if (!unitInRound(ctx, body.unitId)) throw new ApiError(422, 'unit_not_in_round', [{ path: 'unitId' }])
  if (body.categoryId !== null && !form.categories.has(body.categoryId)) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
  let answered = 0
  let substantive = 0
  for (const dimensionId of Object.keys(body.answers)) {
    if (!form.dimensions.has(dimensionId)) throw new ApiError(422, 'unknown_dimension', [{ path: `answers.${dimensionId}` }])
    const level = form.levels.get(body.answers[dimensionId]!)
    if (!level) throw new ApiError(422, 'answer_out_of_scale', [{ path: `answers.${dimensionId}` }])
    answered++
    if (!level.abstain) substantive++
  }
  // Every answer names a dimension of the form, once: fewer answers than dimensions is a missing one.
  if (answered < ctx.dimensions.length && !options.allowUnanswered)
    throw new ApiError(
      422,
      'missing_answer',
      ctx.dimensions.filter((d) => body.answers[String(d.id)] === undefined).map((d) => ({ path: `answers.${d.id}`, message: d.label })),
    )
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

/** Whether the unit is one of the round's (the lookup checkBallot uses). */
export const unitInRound = (ctx: RoundContext, unitId: string): boolean => formOf(ctx).units.has(unitId)

/** A round context's units, categories, dimensions and levels as lookups: what every ballot is checked against. */
interface FormLookups {
  units: Set<string>
  categories: Set<string>
  /** Dimension ids as the keys of `answers` spell them. */
  dimensions: Set<string>
  levels: Map<number, Level>
}

/**
 * Built once per context, not per ballot (a delegate's grid checks 24 ballots against the same
 * one; the evaluator's path keeps a round's context for a while: ingest/round-cache.ts).
 */
const lookups = new WeakMap<RoundContext, FormLookups>()

function formOf(ctx: RoundContext): FormLookups {
  let form = lookups.get(ctx)
  if (!form) {
    form = {
      units: new Set(ctx.units.map((u) => u.id)),
      categories: new Set(ctx.categories.map((c) => c.id)),
      dimensions: new Set(ctx.dimensions.map((d) => String(d.id))),
      levels: new Map(ctx.levels.map((l) => [l.id, l])),
    }
    lookups.set(ctx, form)
  }
  return form
}
