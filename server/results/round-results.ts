import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { RoundContext } from '../rounds/store'
import { type CellResult, scoreCell } from './scoring'
import { unitBallotCounts, unitDimensionCounts } from './store'

export interface RoundResults {
  round: { id: string; name: string; stage: string; status: string }
  formula: string
  levels: { id: number; label: string; satisfied: boolean; abstain: boolean }[]
  units: {
    unitId: string
    name: string
    /** `pending`: accepted and staged, not yet in the tallies (they join them at a flush or the close). */
    ballots: { valid: number; invalid: number; pending: number }
    dimensions: ({ dimensionId: number; label: string } & CellResult)[]
  }[]
}

export const FORMULA_ZH =
  '各等次比率 = 选择该等次的有效票数 ÷ 该项有效票数（“不了解”及未作答不计入分母），按最大余数法保留两位小数，合计为100.00%；满意率 = 满意等次票数之和 ÷ 该项有效票数。'

/** Per unit and dimension: counts, level rates and 满意率 of a round, from the tallies. */
export async function roundResults(db: Kysely<Database>, ctx: RoundContext): Promise<RoundResults> {
  const [cellCounts, ballotCounts] = await Promise.all([unitDimensionCounts(db, ctx.round.id), unitBallotCounts(db, ctx.round.id)])
  return {
    round: { id: ctx.round.id, name: ctx.round.name, stage: ctx.round.stage, status: ctx.round.status },
    formula: FORMULA_ZH,
    levels: ctx.levels.map((l) => ({ id: l.id, label: l.label, satisfied: l.satisfied, abstain: l.abstain })),
    units: ctx.units.map((unit) => ({
      unitId: unit.id,
      name: unit.name,
      ballots: ballotCounts(unit.id),
      dimensions: ctx.dimensions.map((d) => ({ dimensionId: d.id, label: d.label, ...scoreCell(ctx.levels, cellCounts(unit.id, d.id)) })),
    })),
  }
}
