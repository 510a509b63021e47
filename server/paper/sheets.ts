import { type CheckedBallot, checkBallot } from '../ballots/validity'
import { ApiError, type Issue } from '../errors'
import type { RoundContext } from '../rounds/store'
import type { Sheet } from './reconcile'

/**
 * Refuses a keyed slip that cannot be a slip of this round's printed ballot: a category of
 * another campaign, a unit not evaluated, a dimension or level not on the form (422 with the
 * offending cells named).
 */
export function assertSheetFits(ctx: RoundContext, sheet: Sheet): void {
  if (sheet.categoryId === '') {
    if (!sheet.spoiled && !isBlank(sheet)) throw new ApiError(422, 'paper_category_required', [{ path: 'categoryId' }])
  } else if (!ctx.categories.some((k) => k.id === sheet.categoryId)) throw new ApiError(422, 'category_not_in_campaign', [{ path: 'categoryId' }])
  const units = new Set(ctx.units.map((u) => u.id))
  const dimensions = new Set(ctx.dimensions.map((d) => String(d.id)))
  const levels = new Set(ctx.levels.map((l) => l.id))
  const issues: Issue[] = []
  for (const [unitId, row] of Object.entries(sheet.cells)) {
    if (!units.has(unitId)) {
      issues.push({ path: `cells.${unitId}` })
      continue
    }
    for (const [dimensionId, level] of Object.entries(row)) {
      if (!dimensions.has(dimensionId) || !levels.has(level)) issues.push({ path: `cells.${unitId}.${dimensionId}` })
    }
  }
  if (issues.length > 0) throw new ApiError(422, 'paper_cell_invalid', issues)
}

/** A slip with no tick anywhere and not marked spoiled: a blank ballot (空白票). */
export function isBlank(sheet: Sheet): boolean {
  return !sheet.spoiled && Object.values(sheet.cells).every((row) => Object.keys(row).length === 0)
}

export interface SheetTotals {
  sheets: number
  valid: number
  invalid: number
  blank: number
}

/**
 * Turns reconciled slips into ballots, one per unit rated on a slip, through the same validity
 * rule as every other channel (checkBallot; unticked cells are unanswered). A spoiled slip gives
 * one invalid ballot for every unit of the round (reason `spoiled`) — none when it names no
 * category, which a ballot needs: it then counts in the register's invalid slips only. A blank
 * slip gives none and is counted as blank. A slip counts as valid when at least one of its
 * ballots is valid; one with ticks and no category (left so by a settled mismatch) counts as
 * invalid, with no ballots.
 */
export function sheetsToBallots(ctx: RoundContext, sheets: Sheet[]): { ballots: CheckedBallot[]; totals: SheetTotals } {
  const ballots: CheckedBallot[] = []
  const totals: SheetTotals = { sheets: sheets.length, valid: 0, invalid: 0, blank: 0 }
  for (const sheet of sheets) {
    if (isBlank(sheet)) {
      totals.blank++
      continue
    }
    if (sheet.spoiled || sheet.categoryId === '') {
      totals.invalid++
      if (sheet.categoryId === '') continue
      for (const unit of ctx.units) ballots.push({ unitId: unit.id, categoryId: sheet.categoryId, answers: {}, opinion: null, valid: false, invalidReason: 'spoiled' })
      continue
    }
    let anyValid = false
    for (const unit of ctx.units) {
      const row = sheet.cells[unit.id]
      if (!row || Object.keys(row).length === 0) continue
      const ballot = checkBallot(ctx, { submissionId: '', unitId: unit.id, categoryId: sheet.categoryId, answers: row }, { allowUnanswered: true })
      anyValid ||= ballot.valid
      ballots.push(ballot)
    }
    if (anyValid) totals.valid++
    else totals.invalid++
  }
  return { ballots, totals }
}
