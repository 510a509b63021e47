import type { Level } from '../rounds/store'

/**
 * Largest-remainder rounding of shares to `decimals` places: the displayed values of a cell
 * always sum to exactly 100 (when any count is positive). Ties in the remainder go to the
 * earlier level, so the result is deterministic. Returns integers in units of 10^-decimals %.
 * @example displayUnits([1, 1, 1]) // [3334, 3333, 3333] → 33.34 + 33.33 + 33.33
 */
export function displayUnits(counts: readonly number[], decimals = 2): number[] {
  const total = counts.reduce((a, b) => a + b, 0)
  if (total === 0) return counts.map(() => 0)
  const whole = 100 * 10 ** decimals
  const floors = counts.map((c) => Math.floor((c * whole) / total))
  const remainders = counts.map((c, i) => ({ i, r: c * whole - (floors[i] ?? 0) * total }))
  let missing = whole - floors.reduce((a, b) => a + b, 0)
  remainders.sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of remainders) {
    if (missing <= 0) break
    floors[i] = (floors[i] ?? 0) + 1
    missing--
  }
  return floors
}

/** Formats units of 10^-decimals % as a fixed-point string: 9786 → "97.86". */
export function formatUnits(units: number, decimals = 2): string {
  const scale = 10 ** decimals
  const int = Math.floor(units / scale)
  const frac = String(units % scale).padStart(decimals, '0')
  return decimals > 0 ? `${int}.${frac}` : String(int)
}

/** A share rounded half-up to `decimals` places of a percent, as a string: (2757, 2817) → "97.87". */
export function formatShare(part: number, total: number, decimals = 2): string {
  const whole = 100 * 10 ** decimals
  return formatUnits(Math.floor((part * whole * 2 + total) / (2 * total)), decimals)
}

export interface LevelResult {
  levelId: number
  label: string
  count: number
  /** c[l] / n; null for abstain levels, which count in no denominator. */
  rate: number | null
  /** The rate in percent, 2 decimals, largest-remainder rounded; null for abstain levels. */
  display: string | null
}

export interface CellResult {
  /** Valid answers counted in the denominator (abstain and unanswered left out). */
  n: number
  abstained: number
  levels: LevelResult[]
  /** 满意率: Σ c[l] over satisfied levels / n; null when n = 0. */
  satisfaction: { rate: number; display: string } | null
  /** Σ c[l]·score[l] / n; null when n = 0. */
  score: number | null
}

/** Scores one cell (round × unit × dimension, optionally × category) from its level counts. */
export function scoreCell(levels: readonly Level[], counts: ReadonlyMap<number, number>): CellResult {
  const counted = levels.filter((l) => !l.abstain)
  const countOf = (l: Level) => counts.get(l.id) ?? 0
  const n = counted.reduce((sum, l) => sum + countOf(l), 0)
  const abstained = levels.filter((l) => l.abstain).reduce((sum, l) => sum + countOf(l), 0)
  const units = displayUnits(counted.map(countOf))
  const displayById = new Map(counted.map((l, i) => [l.id, units[i] ?? 0]))
  const satisfied = counted.filter((l) => l.satisfied).reduce((sum, l) => sum + countOf(l), 0)
  const points = counted.reduce((sum, l) => sum + countOf(l) * l.score, 0)
  return {
    n,
    abstained,
    levels: levels.map((l) => ({
      levelId: l.id,
      label: l.label,
      count: countOf(l),
      rate: l.abstain || n === 0 ? null : countOf(l) / n,
      display: l.abstain || n === 0 ? null : formatUnits(displayById.get(l.id) ?? 0),
    })),
    satisfaction: n === 0 ? null : { rate: satisfied / n, display: formatShare(satisfied, n) },
    score: n === 0 ? null : points / n,
  }
}
