import { cellIndex, type EngineUnit, pooledDimensions, type ScoredRound } from './engine'
import { wilson } from './wilson'

/**
 * The JSON of a scored round. Lean and positional: every per-layer array has one entry per
 * dimension of `dimensions`, then one for the pooled layer (all per-unit dimensions together);
 * every per-level array follows `levels`. Percentages are integers in hundredths of a percent
 * (9786 = 97.86%). A block hidden by the minimum group size is `null`, numbers and all.
 */
export interface Block {
  /** Valid ballots in the group. */
  valid: number
  /** Answers in each layer's denominator (abstain and unanswered left out). */
  n: number[]
  /** Count per layer and level, flat: `counts[d · levels + l]`, abstain level included. */
  counts: number[]
  /**
   * Level rates, flat like `counts`, largest-remainder rounded so that a layer's rates add up to
   * exactly 10000; null for abstain levels and for layers with n = 0.
   */
  rates: (number | null)[]
  /** 满意率 per layer: Σ c[l] over satisfied levels / n, rounded half up (not from the rounded rates); null when n = 0. */
  sat: (number | null)[]
  /** Wilson 95% interval of 满意率 per layer, flat `[low₀, high₀, low₁, high₁ …]`, rounded to 0.01%; null when n = 0. */
  ci: (number | null)[]
  /** Mean score per layer, 2 decimals; null when n = 0. */
  score: (number | null)[]
}

export interface UnitRow {
  id: string
  name: string
  kind: string
  parentId: string | null
  ballots: { valid: number; invalid: number; handedOut: number; returnRate: number | null }
  total: Block | null
  /** One block per category (empty when asked without categories). */
  byCategory: (Block | null)[]
  weightedScore: number | null
  /**
   * The weighted score is not given because a category of the unit with answers is hidden (it
   * would be one more equation to work that category out by); absent from documents published
   * before DOCUMENT_VERSION results-7.
   */
  weightedWithheld?: boolean
  /** The ranking measure's exact value (a rate 0…1 or a score); null when unranked. */
  measure: number | null
  rank: number | null
  rankInKind: number | null
  rankInParent: number | null
  /** 补课 (the one rule, everywhere): the unit's pooled 满意率 is under the round's threshold. */
  remedial: boolean
  /** Indexes of dimensions whose 满意率 is under the threshold: shown as such (低于补课线), never as 补课. */
  belowThreshold: number[]
}

export interface ResultsJson {
  levels: { id: number; label: string; score: number; satisfied: boolean; abstain: boolean }[]
  dimensions: { id: number; label: string; kind: string; pooled: boolean }[]
  categories: { id: string; name: string; weight: number }[]
  units: UnitRow[]
  /** All units together (absent from a liaison's view). */
  overall: { ballots: { valid: number; invalid: number; handedOut: number; returnRate: number | null }; total: Block | null; byCategory: (Block | null)[] } | null
}

/**
 * True when a unit's weighted score is withheld because a category of it is hidden; for a
 * document published before the flag, inferred from its hidden category blocks.
 */
export const weightedWithheld = (u: UnitRow): boolean => u.weightedScore === null && (u.weightedWithheld ?? u.byCategory.some((b) => b === null))

const round2 = (x: number) => Math.round(x * 100) / 100
const pct = (x: number) => Math.round(x * 10000)

/**
 * Largest remainder on one layer, in hundredths of a percent, written into `out` (abstain
 * levels null); the same rounding as `displayUnits`, without sorting or allocating per cell.
 */
function roundLayer(s: ScoredRound, base: number, n: number, out: (number | null)[], floors: Float64Array, rests: Float64Array): void {
  const { levels } = s.input
  const L = s.L
  let missing = 10000
  for (let l = 0; l < L; l++) {
    if (levels[l]!.abstain) {
      rests[l] = -1
      continue
    }
    const scaled = s.counts[base + l]! * 10000
    const floor = Math.floor(scaled / n)
    floors[l] = floor
    rests[l] = scaled - floor * n
    missing -= floor
  }
  // At most one extra unit per level: give them to the largest remainders, earlier level first on ties.
  while (missing > 0) {
    let best = -1
    for (let l = 0; l < L; l++) if (rests[l]! >= 0 && (best < 0 || rests[l]! > rests[best]!)) best = l
    floors[best]! += 1
    rests[best] = -1
    missing--
  }
  for (let l = 0; l < L; l++) out.push(levels[l]!.abstain ? null : floors[l]!)
}

function block(s: ScoredRound, u: number, c: number, scratch: { floors: Float64Array; rests: Float64Array }): Block | null {
  const C1 = s.C + 1
  if (s.hidden[u * C1 + c]) return null
  const L = s.L
  const b: Block = { valid: s.valid[u * C1 + c]!, n: [], counts: [], rates: [], sat: [], ci: [], score: [] }
  for (let d = 0; d <= s.D; d++) {
    const cell = cellIndex(s, u, c, d)
    const n = s.n[cell]!
    for (let l = 0; l < L; l++) b.counts.push(s.counts[cell * L + l]!)
    b.n.push(n)
    if (n === 0) {
      for (let l = 0; l < L; l++) b.rates.push(null)
      b.sat.push(null)
      b.ci.push(null, null)
      b.score.push(null)
      continue
    }
    roundLayer(s, cell * L, n, b.rates, scratch.floors, scratch.rests)
    // 满意率 from the counts (not from the rounded level rates): equal counts, equal rates.
    b.sat.push(Math.floor((s.sat[cell]! * 20000 + n) / (2 * n)))
    // The pooled layer adds every dimension's answers of the same people: its interval counts
    // the people (the block's valid ballots), not the answers, which are not independent.
    const people = d === s.D ? Math.min(n, b.valid) || n : n
    const interval = wilson((s.sat[cell]! / n) * people, people)!
    b.ci.push(pct(interval[0]), pct(interval[1]))
    b.score.push(round2(s.points[cell]! / n))
  }
  return b
}

/** A unit's ballots and 回收率: the ballots of handed-out channels (codes, paper, meetings) over those handed out. */
function ballots(s: ScoredRound, u: number, unit: EngineUnit) {
  const g = u * (s.C + 1) + s.C
  const returned = s.valid[g]! + s.invalid[g]! - (unit.unsolicited ?? 0)
  return { valid: s.valid[g]!, invalid: s.invalid[g]!, handedOut: unit.handedOut, returnRate: unit.handedOut > 0 ? pct(returned / unit.handedOut) : null }
}

/**
 * The JSON of a scored round, suppression applied. `units` limits the rows (a liaison's
 * subtree); without it every unit and the overall figures are included.
 */
export function resultsJson(s: ScoredRound, options: { units?: ReadonlySet<string>; categories?: boolean } = {}): ResultsJson {
  const { input } = s
  const scratch = { floors: new Float64Array(s.L), rests: new Float64Array(s.L) }
  const byCategory = (u: number) => (options.categories === false ? [] : input.categories.map((_, c) => block(s, u, c, scratch)))
  const pooled = pooledDimensions(input.dimensions)
  const threshold = input.formula.remedialThreshold
  const rows: UnitRow[] = []
  input.units.forEach((unit, u) => {
    if (options.units && !options.units.has(unit.id)) return
    const total = block(s, u, s.C, scratch)
    const below: number[] = []
    if (total && threshold !== null)
      for (let d = 0; d < s.D; d++) {
        const cell = cellIndex(s, u, s.C, d)
        if (s.n[cell]! > 0 && (s.sat[cell]! / s.n[cell]!) * 100 < threshold) below.push(d)
      }
    const measure = s.measure[u]!
    rows.push({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      ballots: ballots(s, u, unit),
      total,
      byCategory: byCategory(u),
      weightedScore: Number.isNaN(s.weighted[u]!) ? null : round2(s.weighted[u]!),
      weightedWithheld: s.weightedWithheld[u] === 1,
      measure: Number.isNaN(measure) ? null : measure,
      rank: s.rank[u] || null,
      rankInKind: s.rankInKind[u] || null,
      rankInParent: s.rankInParent[u] || null,
      remedial: s.remedial[u] === 1,
      belowThreshold: below,
    })
  })
  return {
    levels: input.levels.map((l) => ({ id: l.id, label: l.label, score: l.score, satisfied: l.satisfied, abstain: l.abstain })),
    dimensions: input.dimensions.map((d, i) => ({ id: d.id, label: d.label, kind: d.kind, pooled: pooled[i]! })),
    categories: input.categories.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
    units: rows,
    overall: options.units ? null : { ballots: overallBallots(s), total: block(s, s.U, s.C, scratch), byCategory: byCategory(s.U) },
  }
}

/** 回收率 of all units: ballots returned (public link left out) to the units that recorded ballots handed out, over those. */
function overallBallots(s: ScoredRound) {
  const g = s.U * (s.C + 1) + s.C
  let handedOut = 0
  let received = 0
  s.input.units.forEach((unit, u) => {
    if (unit.handedOut <= 0) return
    handedOut += unit.handedOut
    received += s.valid[u * (s.C + 1) + s.C]! + s.invalid[u * (s.C + 1) + s.C]! - (unit.unsolicited ?? 0)
  })
  return { valid: s.valid[g]!, invalid: s.invalid[g]!, handedOut, returnRate: handedOut > 0 ? pct(received / handedOut) : null }
}
