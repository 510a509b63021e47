import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayUnits, formatShare, formatUnits, scoreCell } from '../../server/results/scoring'

const levels = [
  { id: 1, label: '满意', score: 100, satisfied: true, abstain: false },
  { id: 2, label: '比较满意', score: 80, satisfied: true, abstain: false },
  { id: 3, label: '不太满意', score: 60, satisfied: false, abstain: false },
  { id: 4, label: '不满意', score: 0, satisfied: false, abstain: false },
  { id: 5, label: '不了解', score: 0, satisfied: false, abstain: true },
]

describe('largest-remainder display rounding', () => {
  it('sums to exactly 100.00 for any counts with a positive total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (counts) => {
        fc.pre(counts.some((c) => c > 0))
        const units = displayUnits(counts)
        expect(units.reduce((a, b) => a + b, 0)).toBe(10_000)
        // Each displayed share is within one unit of the exact share.
        const total = counts.reduce((a, b) => a + b, 0)
        counts.forEach((c, i) => expect(Math.abs((units[i] ?? 0) - (c * 10_000) / total)).toBeLessThan(1))
      }),
      { numRuns: 2000 },
    )
  })

  it('gives thirds as 33.34 / 33.33 / 33.33, the leftover to the earlier level on a tie', () => {
    expect(displayUnits([1, 1, 1]).map((u) => formatUnits(u))).toEqual(['33.34', '33.33', '33.33'])
  })

  it('shows zeros when nothing was counted', () => {
    expect(displayUnits([0, 0])).toEqual([0, 0])
  })

  it('formats and rounds single shares half up', () => {
    expect(formatUnits(9786)).toBe('97.86')
    expect(formatUnits(5)).toBe('0.05')
    expect(formatShare(1, 8)).toBe('12.50')
    expect(formatShare(2, 3)).toBe('66.67')
  })
})

describe('scoreCell', () => {
  it('reproduces seed 002: 28,249 evaluators, 97.86% / 2.14% / 0 / 0', () => {
    const cell = scoreCell(levels, new Map([[1, 27_644], [2, 605]]))
    expect(cell.n).toBe(28_249)
    expect(cell.levels.map((l) => l.display)).toEqual(['97.86', '2.14', '0.00', '0.00', null])
    expect(cell.satisfaction?.display).toBe('100.00')
  })

  it('leaves abstain answers out of every denominator', () => {
    const cell = scoreCell(levels, new Map([[1, 3], [3, 1], [5, 6]]))
    expect(cell.n).toBe(4)
    expect(cell.abstained).toBe(6)
    expect(cell.levels.map((l) => l.display)).toEqual(['75.00', '0.00', '25.00', '0.00', null])
    expect(cell.satisfaction).toEqual({ rate: 0.75, display: '75.00' })
    expect(cell.score).toBe(90)
  })

  it('has no rates, satisfaction or score for an empty cell', () => {
    const cell = scoreCell(levels, new Map([[5, 2]]))
    expect(cell.n).toBe(0)
    expect(cell.satisfaction).toBeNull()
    expect(cell.score).toBeNull()
    expect(cell.levels.every((l) => l.display === null)).toBe(true)
  })
})
