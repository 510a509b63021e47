import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cellIndex, type EngineInput, scoreRound } from '../../server/results/engine'
import { sharedRanks } from '../../server/results/rank'
import { suppressionPattern } from '../../server/results/suppress'
import { resultsJson } from '../../server/results/view'
import { separated, wilson } from '../../server/results/wilson'

const scale = [
  { id: 1, label: '满意', score: 100, satisfied: true, abstain: false },
  { id: 2, label: '比较满意', score: 80, satisfied: true, abstain: false },
  { id: 3, label: '不太满意', score: 60, satisfied: false, abstain: false },
  { id: 4, label: '不满意', score: 0, satisfied: false, abstain: false },
  { id: 5, label: '不了解', score: 0, satisfied: false, abstain: true },
]

/** Layer d of a flat per-level array. */
const layer = <T>(flat: T[] | undefined, d: number, L: number) => flat?.slice(d * L, d * L + L)

/** An engine input from per-unit, per-category, per-dimension level counts. */
function input(counts: number[][][][], opts: Partial<EngineInput['formula']> & { weights?: number[]; kinds?: string[]; parents?: (string | null)[]; levels?: typeof scale; invalid?: number[] } = {}): EngineInput {
  const levels = opts.levels ?? scale
  const U = counts.length
  const C = counts[0]!.length
  const D = counts[0]![0]!.length
  const flat: number[] = []
  const valid: number[] = []
  for (const unit of counts)
    for (const cat of unit) {
      valid.push(Math.max(0, ...cat.map((dim) => dim.reduce((a, b) => a + b, 0))))
      for (const dim of cat) flat.push(...dim)
    }
  return {
    levels,
    dimensions: Array.from({ length: D }, (_, d) => ({ id: d + 1, label: `维度${d + 1}`, kind: 'dimension' as const })),
    categories: Array.from({ length: C }, (_, c) => ({ id: `c${c}`, name: `类别${c}`, weight: opts.weights?.[c] ?? 0 })),
    units: Array.from({ length: U }, (_, u) => ({ id: `u${u}`, name: `单位${u}`, kind: opts.kinds?.[u] ?? '机关', parentId: opts.parents?.[u] ?? null, handedOut: 0 })),
    counts: flat,
    valid,
    invalid: valid.map((_, i) => opts.invalid?.[i] ?? 0),
    formula: { rankingMeasure: opts.rankingMeasure ?? 'satisfaction', minGroupSize: opts.minGroupSize ?? 1, remedialThreshold: opts.remedialThreshold ?? null },
  }
}

describe('seed 002: the 整改落实 satisfaction survey of 28,249 evaluators', () => {
  // Two overall questions, four levels, 28,249 evaluators: 4,956 两代表一委员, 18,842 基层党员群众代表,
  // the other 4,451 in two further categories. The seed gives only the totals; the split of
  // 比较满意 over the categories is ours, and the totals are the seed's.
  const levels = scale.slice(0, 4)
  const categories = [4956, 18842, 2000, 2451]
  const fairly = [
    [106, 404, 43, 52], // 对活动开展情况: 605 比较满意
    [145, 550, 60, 70], // 对解决突出问题: 825 比较满意
  ]
  const counts = [categories.map((size, c) => fairly.map((q) => [size - q[c]!, q[c]!, 0, 0]))]
  const scored = scoreRound({
    ...input(counts, { levels, minGroupSize: 5 }),
    dimensions: [
      { id: 1, label: '对我市开展深入学习实践科学发展观活动情况', kind: 'overall' },
      { id: 2, label: '对我市解决影响制约科学发展突出问题', kind: 'overall' },
    ],
  })
  const json = resultsJson(scored)

  it('counts 28,249 ballots, 4,956 两代表一委员 and 18,842 基层党员群众代表', () => {
    expect(json.overall?.ballots.valid).toBe(28_249)
    expect(json.overall?.byCategory.map((b) => b?.valid)).toEqual([4956, 18_842, 2000, 2451])
    expect(json.overall?.total?.n).toEqual([28_249, 28_249, 56_498])
  })

  it('prints 97.86% / 2.14% / 0.00% / 0.00% and 97.08% / 2.92% / 0.00% / 0.00%', () => {
    const show = (rates: (number | null)[] | null | undefined) => rates?.map((r) => `${((r ?? 0) / 100).toFixed(2)}%`)
    expect(show(layer(json.overall?.total?.rates, 0, 4))).toEqual(['97.86%', '2.14%', '0.00%', '0.00%'])
    expect(show(layer(json.overall?.total?.rates, 1, 4))).toEqual(['97.08%', '2.92%', '0.00%', '0.00%'])
    // The unit (the city) is the whole survey: the same figures on its row.
    expect(layer(json.units[0]?.total?.rates, 0, 4)).toEqual([9786, 214, 0, 0])
    expect(layer(json.units[0]?.total?.counts, 0, 4)).toEqual([27_644, 605, 0, 0])
    expect(layer(json.units[0]?.total?.counts, 1, 4)).toEqual([27_424, 825, 0, 0])
  })

  it('gives 满意率 100.00% with both satisfied levels, and its Wilson interval', () => {
    expect(json.overall?.total?.sat).toEqual([10_000, 10_000, 10_000])
    const onlyTop = resultsJson(scoreRound({ ...scored.input, levels: levels.map((l) => ({ ...l, satisfied: l.id === 1 })) }))
    expect(onlyTop.overall?.total?.sat.slice(0, 2)).toEqual([9786, 9708])
    const [lo, hi] = wilson(27_644, 28_249)!
    expect(onlyTop.overall?.total?.ci.slice(0, 2)).toEqual([Math.round(lo * 10000), Math.round(hi * 10000)])
    expect(lo).toBeCloseTo(0.97683, 5)
    expect(hi).toBeCloseTo(0.9802, 4)
  })
})

describe('cell numbers', () => {
  it('leaves abstain and unanswered out of n, rates sum to 10000, 满意率 from the counts, rounded half up', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50_000 }), { minLength: 5, maxLength: 5 }), (levelCounts) => {
        const s = scoreRound(input([[[levelCounts]]]))
        const b = resultsJson(s).units[0]!.total!
        const n = levelCounts.slice(0, 4).reduce((a, x) => a + x, 0)
        expect(b.n[0]).toBe(n)
        const rates = layer(b.rates, 0, 5)!
        if (n === 0) return expect(rates).toEqual([null, null, null, null, null])
        expect(rates[4]).toBeNull()
        expect(rates.slice(0, 4).reduce((a, x) => a! + x!, 0)).toBe(10_000)
        rates.slice(0, 4).forEach((r, i) => expect(Math.abs(r! - (levelCounts[i]! * 10_000) / n)).toBeLessThan(1))
        // DESIGN.md: Σ c[l] over satisfied levels / n — not the sum of the rounded level rates, so
        // two dimensions with the same counts always show the same 满意率 (29/38: 76.32%, never 76.31%).
        expect(b.sat[0]).toBe(Math.floor(((levelCounts[0]! + levelCounts[1]!) * 20_000 + n) / (2 * n)))
        expect(Math.abs(b.sat[0]! - ((levelCounts[0]! + levelCounts[1]!) * 10_000) / n)).toBeLessThanOrEqual(0.5)
        expect(Math.abs(b.sat[0]! - (rates[0]! + rates[1]!))).toBeLessThan(2)
        // Scores are shown to 2 decimals: within half a hundredth of the exact mean.
        expect(Math.abs(b.score[0]! - (levelCounts[0]! * 100 + levelCounts[1]! * 80 + levelCounts[2]! * 60) / n)).toBeLessThanOrEqual(0.005 + 1e-9)
        const [lo, hi] = b.ci as [number, number]
        // The interval holds the exact rate; the shown 满意率 is within 2 hundredths of it, the bounds within a half.
        expect(lo).toBeLessThanOrEqual(b.sat[0]! + 2.5)
        expect(hi).toBeGreaterThanOrEqual(b.sat[0]! - 2.5)
      }),
      { numRuns: 3000 },
    )
  })

  it('gives the pooled 总体满意率 an interval over the evaluators, not over their answers', () => {
    // 4 evaluators, 5 dimensions, the same 3 satisfied on each: 15 of 20 answers, but 4 people.
    const b = resultsJson(scoreRound(input([[Array.from({ length: 5 }, () => [2, 1, 1, 0, 0])]]))).units[0]!.total!
    expect(b.n[5]).toBe(20)
    expect(b.sat[5]).toBe(7500)
    const perPerson = wilson(3, 4)!.map((x) => Math.round(x * 10000))
    expect(b.ci.slice(10, 12)).toEqual(perPerson)
    // The same interval as each dimension's: pooling identical answers adds no certainty.
    expect(b.ci.slice(0, 2)).toEqual(perPerson)
    expect(wilson(15, 20)![1] - wilson(15, 20)![0]).toBeLessThan(wilson(3, 4)![1] - wilson(3, 4)![0])
  })

  it('weights the unit score over the categories that have ballots only', () => {
    // Category 0: all 满意 (100); category 1: all 不太满意 (60); category 2: no ballots.
    const s = scoreRound(input([[[[10, 0, 0, 0, 0]], [[0, 0, 5, 0, 0]], [[0, 0, 0, 0, 0]]]], { weights: [30, 20, 50], rankingMeasure: 'weighted_score' }))
    const row = resultsJson(s).units[0]!
    expect(row.weightedScore).toBe((30 * 100 + 20 * 60) / 50)
    expect(row.measure).toBe(84)
    // Unweighted, the pooled score is (10·100 + 5·60) / 15.
    expect(row.total?.score[1]).toBe(86.67)
  })

  it('counts valid and invalid ballots and 回收率 from ballots handed out', () => {
    const base = input([[[[3, 1, 0, 0, 0]]], [[[2, 0, 0, 0, 0]]]])
    const s = scoreRound({ ...base, invalid: [1, 0], units: base.units.map((u, i) => ({ ...u, handedOut: i === 0 ? 8 : 0 })) })
    const json = resultsJson(s)
    expect(json.units[0]?.ballots).toEqual({ valid: 4, invalid: 1, handedOut: 8, returnRate: 6250 })
    expect(json.units[1]?.ballots.returnRate).toBeNull()
    expect(json.overall?.ballots).toEqual({ valid: 6, invalid: 1, handedOut: 8, returnRate: 6250 })
    // 2 of the 5 came by the public link: received, but never handed out
    const mixed = resultsJson(scoreRound({ ...base, invalid: [1, 0], units: base.units.map((u, i) => ({ ...u, handedOut: i === 0 ? 8 : 0, unsolicited: 2 })) }))
    expect(mixed.units[0]?.ballots).toEqual({ valid: 4, invalid: 1, handedOut: 8, returnRate: 3750 })
    expect(mixed.overall?.ballots).toEqual({ valid: 6, invalid: 1, handedOut: 8, returnRate: 3750 })
  })
})

describe('ranking', () => {
  it('shares ranks on ties and skips after them (1, 2, 2, 4)', () => {
    expect(Array.from(sharedRanks([0.9, 0.8, 0.8, 0.7]))).toEqual([1, 2, 2, 4])
    expect(Array.from(sharedRanks([0.5, Number.NaN, 0.9]))).toEqual([2, 0, 1])
    expect(Array.from(sharedRanks([3 / 4, 6 / 8, 0.1 + 0.2, 0.3]))).toEqual([1, 1, 3, 3])
  })

  it('ranks every unit so that rank = 1 + the number of strictly better units, overall and in peer groups', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom('机关', '学校', '村')), { minLength: 1, maxLength: 30 }), (units) => {
        const values = units.map(([v]) => v / 20)
        const kinds = units.map(([, k]) => k)
        const overall = sharedRanks(values)
        const inKind = sharedRanks(values, kinds)
        values.forEach((v, i) => {
          expect(overall[i]).toBe(1 + values.filter((w) => w > v).length)
          expect(inKind[i]).toBe(1 + values.filter((w, j) => kinds[j] === kinds[i] && w > v).length)
        })
      }),
    )
  })

  it('ranks units within the same kind and the same parent, and flags 补课 under the threshold', () => {
    const unit = (top: number, low: number) => [[[top, 0, 0, low, 0]]]
    const s = scoreRound(input([unit(9, 1), unit(8, 2), unit(8, 2), unit(5, 5)], { kinds: ['村', '村', '社区', '社区'], parents: ['p1', 'p2', 'p1', 'p2'], remedialThreshold: 80 }))
    const rows = resultsJson(s).units
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 2, 4])
    expect(rows.map((r) => r.rankInKind)).toEqual([1, 2, 1, 2])
    expect(rows.map((r) => r.rankInParent)).toEqual([1, 1, 2, 2])
    expect(rows.map((r) => r.remedial)).toEqual([false, false, false, true])
    expect(rows[3]?.belowThreshold).toEqual([0])
  })
})

describe('Wilson interval', () => {
  it('contains the rate, stays in 0…1, and narrows with n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const x = Math.round(n * p)
        const [lo, hi] = wilson(x, n)!
        expect(lo).toBeGreaterThanOrEqual(0)
        expect(hi).toBeLessThanOrEqual(1)
        expect(lo).toBeLessThanOrEqual(x / n + 1e-12)
        expect(hi).toBeGreaterThanOrEqual(x / n - 1e-12)
        const [lo4, hi4] = wilson(4 * x, 4 * n)!
        expect(hi4 - lo4).toBeLessThan(hi - lo + 1e-12)
      }),
    )
    expect(wilson(0, 0)).toBeNull()
    expect(separated([0.1, 0.2], [0.25, 0.3])).toBe(true)
    expect(separated([0.1, 0.26], [0.25, 0.3])).toBe(false)
  })
})

/**
 * Whether a hidden cell's value follows from the published cells: the layer's row and column
 * equations restricted to the hidden unknowns, by Gaussian elimination — the cell is determined
 * exactly when its unit vector lies in the row space. Independent of the suppression code.
 */
function determinedCells(U: number, C: number, n: ArrayLike<number>, hidden: Uint8Array): number[] {
  const cols = C + 1
  const unknowns: number[] = []
  for (let g = 0; g < (U + 1) * cols; g++) if (hidden[g] && n[g]! > 0) unknowns.push(g)
  const position = new Map(unknowns.map((g, i) => [g, i]))
  const equations: number[][] = []
  const equation = (cells: number[], total: number) => {
    const row = new Array(unknowns.length).fill(0)
    for (const g of cells) if (position.has(g)) row[position.get(g)!] += 1
    if (position.has(total)) row[position.get(total)!] -= 1
    if (row.some((x) => x !== 0)) equations.push(row)
  }
  for (let r = 0; r <= U; r++) equation(Array.from({ length: C }, (_, c) => r * cols + c), r * cols + C)
  for (let c = 0; c <= C; c++) equation(Array.from({ length: U }, (_, r) => r * cols + c), U * cols + c)
  const rank = (rows: number[][]) => {
    const m = rows.map((r) => [...r])
    let rk = 0
    for (let col = 0; col < unknowns.length && rk < m.length; col++) {
      const pivot = m.findIndex((r, i) => i >= rk && Math.abs(r[col]!) > 1e-9)
      if (pivot < 0) continue
      ;[m[rk], m[pivot]] = [m[pivot]!, m[rk]!]
      for (let i = 0; i < m.length; i++) {
        if (i === rk) continue
        const f = m[i]![col]! / m[rk]![col]!
        if (f !== 0) m[i] = m[i]!.map((x, j) => x - f * m[rk]![j]!)
      }
      rk++
    }
    return rk
  }
  const base = rank(equations)
  return unknowns.filter((_, i) => rank([...equations, unknowns.map((__, j) => (j === i ? 1 : 0))]) === base)
}

/**
 * Lines (rows and columns of the grid with its margins) whose total is shown while their hidden
 * cells hold between 1 and k − 1 answers in all: the total minus the shown cells gives that small
 * group's counts. Independent of the suppression code.
 */
function smallRemainders(U: number, C: number, n: ArrayLike<number>, hidden: Uint8Array, k: number): number[][] {
  const cols = C + 1
  const lines: number[][] = []
  for (let u = 0; u <= U; u++) lines.push(Array.from({ length: cols }, (_, c) => u * cols + c))
  for (let c = 0; c <= C; c++) lines.push(Array.from({ length: U + 1 }, (_, u) => u * cols + c))
  return lines.filter((line) => {
    const total = line[line.length - 1]!
    if (hidden[total]) return false
    const remainder = line.slice(0, -1).reduce((sum, g) => sum + (hidden[g] ? n[g]! : 0), 0)
    return remainder > 0 && remainder < k
  })
}

describe('minimum group size with complementary suppression', () => {
  const table = fc
    .record({ U: fc.integer({ min: 1, max: 5 }), C: fc.integer({ min: 1, max: 4 }), D: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 2, max: 8 }) })
    .chain(({ U, C, D, k }) =>
      fc.record({
        U: fc.constant(U),
        C: fc.constant(C),
        D: fc.constant(D),
        k: fc.constant(k),
        counts: fc.array(fc.array(fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })), { minLength: 5, maxLength: 5 }), { minLength: D, maxLength: D }), { minLength: C, maxLength: C }), { minLength: U, maxLength: U }),
        invalid: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })), { minLength: U * C, maxLength: U * C }),
      }),
    )

  it('hides every cell with 0 < n < k or 0 < ballots < k, and leaves no hidden cell that the visible ones determine', () => {
    fc.assert(
      fc.property(table, ({ U, C, D, k, counts, invalid }) => {
        const s = scoreRound(input(counts, { minGroupSize: k, invalid }))
        const layers: Float64Array[] = []
        for (let d = 0; d <= D; d++) {
          const layer = new Float64Array((U + 1) * (C + 1))
          for (let u = 0; u <= U; u++) for (let c = 0; c <= C; c++) layer[u * (C + 1) + c] = s.n[cellIndex(s, u, c, d)]!
          layers.push(layer)
        }
        // The ballots, valid and invalid, summed here from the input rather than taken from the engine.
        const ballots = new Float64Array((U + 1) * (C + 1))
        for (let u = 0; u < U; u++)
          for (let c = 0; c < C; c++) {
            const b = Math.max(0, ...counts[u]![c]!.map((dim) => dim.reduce((a, x) => a + x, 0))) + invalid[u * C + c]!
            for (const g of [u * (C + 1) + c, u * (C + 1) + C, U * (C + 1) + c, U * (C + 1) + C]) ballots[g]! += b
          }
        layers.push(ballots)
        for (const layer of layers) {
          layer.forEach((n, g) => {
            if (n > 0 && n < k) expect(s.hidden[g]).toBe(1)
          })
          expect(determinedCells(U, C, layer, s.hidden)).toEqual([])
          expect(smallRemainders(U, C, layer, s.hidden, k)).toEqual([])
        }
        // The JSON carries nothing of a hidden block.
        const json = resultsJson(s)
        json.units.forEach((row, u) => row.byCategory.forEach((b, c) => expect(b === null).toBe(s.hidden[u * (C + 1) + c] === 1)))
      }),
      { numRuns: 400 },
    )
  })

  it('hides a second category when one is small, and the other unit\'s pair too (the rectangle)', () => {
    // Two units, two categories: unit 0 has 3 ballots in category 1 — hidden; its row, and
    // both columns, need a second hidden cell, or subtraction gives it back.
    const cell = (n: number) => [[n, 0, 0, 0, 0]]
    const s = scoreRound(input([[cell(30), cell(3)], [cell(20), cell(25)]], { minGroupSize: 5 }))
    const hidden = Array.from(s.hidden)
    expect(hidden).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0])
    expect(resultsJson(s).units[0]?.total).not.toBeNull()
  })

  it('protects small cells along the cheapest path, not by hiding whole units that are big enough', () => {
    // A round of 8 units in 3 categories, k = 3, as an office ran it: two units (rows 5, 6) have
    // small cells. Hiding unit 0's two cells closes every cycle; the old greedy search hid the
    // 满意 column of five units of 3–5 ballots and then their totals (they read 人数不足 throughout).
    const rows = [[4, 3, 3], [5, 0, 0], [5, 0, 0], [3, 0, 0], [3, 0, 0], [2, 2, 1], [2, 2, 0], [3, 0, 0]]
    const s = scoreRound(input(rows.map((r) => r.map((n) => [[n, 0, 0, 0, 0]])), { minGroupSize: 3 }))
    const hiddenOf = (u: number) => Array.from(s.hidden.slice(u * 4, u * 4 + 4))
    expect(rows.map((_, u) => hiddenOf(u))).toEqual([[0, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]])
    expect(resultsJson(s).units.every((u) => u.total !== null)).toBe(true)
  })

  it('hides more where a row\'s hidden cells hold fewer than k in all (the total minus the shown cells gives them)', () => {
    // A walk's round, k = 5: unit 0 has 党员干部 23 (18 satisfied), 两代表一委员 6, 服务对象代表 3
    // and 老党员老干部 1, the last three all satisfied. With only the two small ones hidden, the
    // unit's 30 of 35 minus the shown 18 of 23 and 6 of 6 gave their 4 ballots: all satisfied,
    // the one old cadre's answer among them. The smallest shown cell of the row joins them.
    const cell = (satisfied: number, not: number) => [[satisfied, 0, not, 0, 0]]
    const rows = [
      [cell(18, 5), cell(6, 0), cell(3, 0), cell(1, 0)],
      [cell(20, 6), cell(5, 2), cell(4, 3), cell(3, 2)],
      [cell(25, 4), cell(6, 1), cell(6, 2), cell(2, 2)],
    ]
    const s = scoreRound(input(rows, { minGroupSize: 5 }))
    expect(Array.from(s.hidden.slice(0, 5))).toEqual([0, 1, 1, 1, 0])
    for (let d = 0; d <= s.D; d++) {
      const layer = Array.from({ length: 4 * 5 }, (_, g) => s.n[g * (s.D + 1) + d]!)
      expect(smallRemainders(3, 4, layer, s.hidden, 5)).toEqual([])
      expect(determinedCells(3, 4, layer, s.hidden)).toEqual([])
    }
    expect(resultsJson(s).units[0]?.total).not.toBeNull()
  })

  it('hides a cell whose one ballot answered 不了解 throughout (n = 0 in every layer), and what would give it back', () => {
    // Unit 0's one ballot of category 1 says 不了解 to both questions: shown, the cell would read
    // valid 1, 不了解 × every dimension. It is hidden by its ballots; having no answers, it carries
    // no cycle in the answer layers, so its partners there need cycles of their own: eight inner
    // cells (four for a small cell with answers), every total shown.
    const answered = (n: number) => [[n, 0, 0, 0, 0], [0, n, 0, 0, 0]]
    const abstained = [[0, 0, 0, 0, 1], [0, 0, 0, 0, 1]]
    const rows = [[answered(6), abstained, answered(6)], [answered(7), answered(8), answered(9)], [answered(10), answered(11), answered(12)]]
    const s = scoreRound(input(rows, { minGroupSize: 5 }))
    expect(Array.from(s.hidden)).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    const json = resultsJson(s)
    expect(json.units[0]!.byCategory[1]).toBeNull()
    expect(json.units.every((u) => u.total !== null)).toBe(true)
  })

  it('hides a cell of a few invalid ballots alone, as a small cell like any other', () => {
    const answered = (n: number) => [[n, 0, 0, 0, 0]]
    const rows = [[answered(6), answered(0), answered(6)], [answered(7), answered(8), answered(9)], [answered(10), answered(11), answered(12)]]
    const s = scoreRound(input(rows, { minGroupSize: 5, invalid: [0, 2, 0, 0, 0, 0, 0, 0, 0] }))
    expect(Array.from(s.hidden)).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    expect(Array.from(scoreRound(input(rows, { minGroupSize: 5 })).hidden)).toEqual(new Array(16).fill(0))
  })

  it('shows everything when every cell has k or more answers', () => {
    expect(Array.from(suppressionPattern(2, 2, [[5, 6, 11, 7, 8, 15, 12, 14, 26]], 5))).toEqual(new Array(9).fill(0))
  })
})

describe('speed', () => {
  it('scores 200 units × 6 categories × 6 dimensions × 4 levels in a few milliseconds (figure printed)', () => {
    const U = 200
    const counts = Array.from({ length: U }, (_, u) => Array.from({ length: 6 }, (_, c) => Array.from({ length: 6 }, (_, d) => [5000 + u + c, 300 + d, 20 + ((u * c) % 7), (u + d) % 3, 40])))
    const data = input(counts, { weights: [20, 20, 20, 20, 10, 10], minGroupSize: 5 })
    for (let i = 0; i < 5; i++) JSON.stringify(resultsJson(scoreRound(data)))
    const runs = 20
    const time = (work: () => unknown) => {
      const started = performance.now()
      for (let i = 0; i < runs; i++) work()
      return (performance.now() - started) / runs
    }
    const scored = scoreRound(data)
    const json = resultsJson(scored)
    const score = time(() => scoreRound(data))
    const build = time(() => resultsJson(scored))
    const stringify = time(() => JSON.stringify(json))
    const bytes = JSON.stringify(json).length
    console.log(`results engine, 200 units × 6 categories × 6 dimensions × 5 levels: scoring ${score.toFixed(2)} ms, JSON objects ${build.toFixed(2)} ms, stringify ${stringify.toFixed(2)} ms, ${(bytes / 1024).toFixed(0)} KiB`)
    expect(bytes).toBeGreaterThan(0)
  })
})
