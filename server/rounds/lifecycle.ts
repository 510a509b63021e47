import type { RankingMeasure, RoundStatus } from '../db/schema'
import type { ErrorCode } from '../i18n'
import type { RoundAction } from './schemas'

const steps: Record<RoundAction, { from: RoundStatus; to: RoundStatus }> = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
  reopen: { from: 'closed', to: 'open' },
  publish: { from: 'closed', to: 'published' },
}

/** The status a lifecycle step leads to from `status`, or null when the step is not allowed. */
export function nextStatus(status: RoundStatus, action: RoundAction): RoundStatus | null {
  const step = steps[action]
  return step.from === status ? step.to : null
}

/** What a round needs before it may open. */
export interface OpeningFacts {
  formId: string | null
  units: number
  categories: number
  /** Sum of category weights in hundredths of a percent. */
  weightCents: number
  rankingMeasure: RankingMeasure
  /** The round's satisfied levels, if chosen, and the form's non-abstain level ids. */
  satisfiedLevels: number[] | null
  formLevels: number[]
}

/** The first reason a round may not open, or null when it may. */
export function openingProblem(f: OpeningFacts): ErrorCode | null {
  if (!f.formId) return 'round_needs_form'
  if (f.units === 0) return 'round_needs_units'
  if (f.categories === 0) return 'round_needs_categories'
  if (f.rankingMeasure === 'weighted_score' && f.weightCents !== 100_00) return 'round_needs_weights'
  if (f.satisfiedLevels && !f.satisfiedLevels.every((id) => f.formLevels.includes(id))) return 'form_invalid'
  return null
}
