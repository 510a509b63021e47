import type { DimensionKind, RankingMeasure } from '../db/schema'
import { sharedRanks } from './rank'
import { suppressionPattern } from './suppress'

/**
 * The scoring engine: DESIGN.md "The numbers", pure and without I/O. It works on flat typed
 * arrays (one number per tally cell) so that a round of 200 units × 6 categories × 6 dimensions
 * × 4 levels costs a few milliseconds, however many ballots the tallies count.
 */

export interface EngineLevel {
  id: number
  label: string
  score: number
  /** Counts toward 满意率 (after the round's formula override). */
  satisfied: boolean
  /** 不了解: counts in no denominator. */
  abstain: boolean
}

export interface EngineUnit {
  id: string
  name: string
  kind: string
  parentId: string | null
  /** Ballots handed out to this unit, for 回收率 (0: not recorded). */
  handedOut: number
  /** Ballots from the public link, which nobody handed out: left out of 回收率 (0 when absent). */
  unsolicited?: number
}

/** Everything a round's numbers depend on, in display order; counts come from the tallies. */
export interface EngineInput {
  levels: EngineLevel[]
  dimensions: { id: number; label: string; kind: DimensionKind }[]
  categories: { id: string; name: string; weight: number }[]
  units: EngineUnit[]
  /** Level counts of valid ballots: `counts[((u·C + c)·D + d)·L + l]`. */
  counts: ArrayLike<number>
  /** Valid and invalid ballots per unit and category: `[u·C + c]`. */
  valid: ArrayLike<number>
  invalid: ArrayLike<number>
  formula: { rankingMeasure: RankingMeasure; minGroupSize: number; remedialThreshold: number | null }
}

/** A scored round. Cells are addressed on the extended grid: unit U and category C are "all". */
export interface ScoredRound {
  input: EngineInput
  U: number
  C: number
  /** Layers: the D dimensions, then the pooled layer (all per-unit dimensions together). */
  D: number
  L: number
  /** Level counts per extended cell: `[((u·(C+1) + c)·(D+1) + d)·L + l]`. */
  counts: Float64Array
  /** n (non-abstain answers), satisfied answers and score points per extended cell `[(u·(C+1) + c)·(D+1) + d]`. */
  n: Float64Array
  sat: Float64Array
  points: Float64Array
  /** Suppressed (u, c) grid cells, the same in every layer, from n in each layer and the ballots: `[u·(C+1) + c]`. */
  hidden: Uint8Array
  /** Valid and invalid ballots on the extended grid `[u·(C+1) + c]`. */
  valid: Float64Array
  invalid: Float64Array
  /** Per unit: weighted score (NaN: none or hidden), ranking measure, ranks (0: unranked), 补课 flag. */
  weighted: Float64Array
  /** Per unit: 1 when the weighted score is withheld because one of its categories with answers is hidden. */
  weightedWithheld: Uint8Array
  measure: Float64Array
  rank: Int32Array
  rankInKind: Int32Array
  rankInParent: Int32Array
  remedial: Uint8Array
}

/** Which dimensions the pooled layer adds up: the per-unit dimensions, or every question if there are none. */
export function pooledDimensions(dimensions: EngineInput['dimensions']): boolean[] {
  const any = dimensions.some((d) => d.kind === 'dimension')
  return dimensions.map((d) => !any || d.kind === 'dimension')
}

/**
 * Scores a round.
 * @example const scored = scoreRound(input); cellIndex(scored, u, scored.C, scored.D) // unit u, all categories, pooled
 */
export function scoreRound(input: EngineInput): ScoredRound {
  const U = input.units.length
  const C = input.categories.length
  const D = input.dimensions.length
  const L = input.levels.length
  const C1 = C + 1
  const D1 = D + 1
  const cells = (U + 1) * C1 * D1
  const counts = new Float64Array(cells * L)
  const pooled = pooledDimensions(input.dimensions)
  const pooledIdx: number[] = []
  pooled.forEach((p, d) => {
    if (p) pooledIdx.push(d)
  })
  // Inner cells first, then the pooled layer, then the margins as sums of what they cover.
  for (let u = 0; u < U; u++)
    for (let c = 0; c < C; c++) {
      const to = (u * C1 + c) * D1
      const from = (u * C + c) * D
      for (let d = 0; d < D; d++) for (let l = 0; l < L; l++) counts[(to + d) * L + l] = input.counts[(from + d) * L + l] ?? 0
      for (const d of pooledIdx) for (let l = 0; l < L; l++) counts[(to + D) * L + l]! += counts[(to + d) * L + l]!
    }
  const stride = D1 * L
  for (let u = 0; u < U; u++)
    for (let c = 0; c < C; c++) {
      const from = (u * C1 + c) * stride
      const rowTotal = (u * C1 + C) * stride
      const colTotal = (U * C1 + c) * stride
      const grand = (U * C1 + C) * stride
      for (let i = 0; i < stride; i++) {
        const v = counts[from + i]!
        if (v === 0) continue
        counts[rowTotal + i]! += v
        counts[colTotal + i]! += v
        counts[grand + i]! += v
      }
    }

  const n = new Float64Array(cells)
  const sat = new Float64Array(cells)
  const points = new Float64Array(cells)
  for (let cell = 0; cell < cells; cell++) {
    for (let l = 0; l < L; l++) {
      const level = input.levels[l]!
      if (level.abstain) continue
      const v = counts[cell * L + l]!
      n[cell]! += v
      if (level.satisfied) sat[cell]! += v
      points[cell]! += v * level.score
    }
  }

  const valid = new Float64Array((U + 1) * C1)
  const invalid = new Float64Array((U + 1) * C1)
  for (let u = 0; u < U; u++)
    for (let c = 0; c < C; c++) {
      const v = input.valid[u * C + c] ?? 0
      const w = input.invalid[u * C + c] ?? 0
      for (const g of [u * C1 + c, u * C1 + C, U * C1 + c, U * C1 + C]) {
        valid[g]! += v
        invalid[g]! += w
      }
    }

  const layers = Array.from({ length: D1 }, (_, d) => {
    const layer = new Float64Array((U + 1) * C1)
    for (let g = 0; g < layer.length; g++) layer[g] = n[g * D1 + d]!
    return layer
  })
  // The ballots (valid and invalid) of each cell are one more layer, checked last: n leaves 不了解
  // out, so a cell whose few ballots answered 不了解 throughout, or were all invalid, has n = 0 in
  // every layer above, and would show those ballots whole. Where every cell with ballots has an
  // answer in n, this layer hides nothing more (see suppress.ts).
  const ballots = new Float64Array((U + 1) * C1)
  for (let g = 0; g < ballots.length; g++) ballots[g] = valid[g]! + invalid[g]!
  const hidden = suppressionPattern(U, C, [...layers, ballots], input.formula.minGroupSize)

  const weighted = new Float64Array(U).fill(Number.NaN)
  const weightedWithheld = new Uint8Array(U)
  const measure = new Float64Array(U).fill(Number.NaN)
  const remedial = new Uint8Array(U)
  const threshold = input.formula.remedialThreshold
  for (let u = 0; u < U; u++) {
    const total = (u * C1 + C) * D1 + D
    let wSum = 0
    let wScore = 0
    let anyHidden = false
    for (let c = 0; c < C; c++) {
      const cell = (u * C1 + c) * D1 + D
      if (n[cell] === 0) continue
      if (hidden[u * C1 + c]) anyHidden = true
      const w = input.categories[c]!.weight
      wSum += w
      wScore += (w * points[cell]!) / n[cell]!
    }
    // A weighted score over a hidden category would be one more equation to solve it by.
    if (wSum > 0 && !anyHidden) weighted[u] = wScore / wSum
    if (anyHidden) weightedWithheld[u] = 1
    if (n[total] === 0 || hidden[u * C1 + C]) continue
    const rate = sat[total]! / n[total]!
    measure[u] = input.formula.rankingMeasure === 'satisfaction' ? rate : input.formula.rankingMeasure === 'score' ? points[total]! / n[total]! : weighted[u]!
    if (threshold !== null && rate * 100 < threshold) remedial[u] = 1
  }
  return {
    input,
    U,
    C,
    D,
    L,
    counts,
    n,
    sat,
    points,
    hidden,
    valid,
    invalid,
    weighted,
    weightedWithheld,
    measure,
    rank: sharedRanks(measure),
    rankInKind: sharedRanks(measure, input.units.map((unit) => unit.kind)),
    rankInParent: sharedRanks(measure, input.units.map((unit) => unit.parentId)),
    remedial,
  }
}

/** The index of an extended cell in `n`, `sat` and `points`; `counts` starts at `index · L`. */
export function cellIndex(s: ScoredRound, u: number, c: number, d: number): number {
  return (u * (s.C + 1) + c) * (s.D + 1) + d
}
