import { expect, it } from 'vitest'
import { SERIES_COLORS, seriesStyle } from '../../web/results-charts'

// The comparison chart draws one line per unit: no two lines may look alike.
it('gives the first ten lines ten different colours, each a #rrggbb that the 95% band can tint', () => {
  const colors = Array.from({ length: 10 }, (_, i) => seriesStyle(i).color)
  expect(new Set(colors).size).toBe(10)
  expect(colors).toEqual([...SERIES_COLORS])
  for (const c of colors) expect(c).toMatch(/^#[0-9a-f]{6}$/)
})

it('keeps every line of up to 40 distinct by colour and marker, and lines of one colour apart by dash too', () => {
  for (const n of [1, 6, 7, 12, 20, 40]) {
    const looks = Array.from({ length: n }, (_, i) => seriesStyle(i)).map((s) => `${s.color} ${s.point} ${s.dash.join(',')}`)
    expect(new Set(looks).size, `${n} lines`).toBe(n)
  }
  expect(seriesStyle(0)).toEqual({ color: '#08519c', dash: [], point: 'circle' })
  expect(seriesStyle(10)).toEqual({ color: '#08519c', dash: [4, 2, 1, 2], point: 'rectRot' })
  for (let i = 0; i < 10; i++) expect(seriesStyle(i + 10).dash, `line ${i + 10}`).not.toEqual(seriesStyle(i).dash)
})
