import { describe, expect, it } from 'vitest'
import { mergedText, renderTable, type Row } from '../../bench/report'

const row = (section: string, name: string, value: number): Row => ({ section, name, value, unit: '/s' })

describe('bench results merged after a run of some sections', () => {
  const full = `# Benchmark results\n\nFull run of 2026-12-05T16:41Z on linux.\n\n${renderTable([row('start-up', 'a', 1), row('ingest (PostgreSQL, 64 connections)', 'b', 2), row('phone page', 'c', 3)])}\n`

  it('replaces the rerun sections’ rows in place and keeps the others', () => {
    const text = mergedText(full, [row('ingest (PostgreSQL, 64 connections)', 'b', 20)], '2026-12-06T10:00')
    expect(text).toContain('| ingest (PostgreSQL, 64 connections) | b | 20.0 /s |')
    expect(text).not.toContain('| b | 2.00 /s |')
    expect(text.indexOf('| start-up |')).toBeLessThan(text.indexOf('| ingest'))
    expect(text.indexOf('| ingest')).toBeLessThan(text.indexOf('| phone page |'))
  })

  it('says once where each section’s rows are from: an older note loses the sections run again (names with commas too)', () => {
    const first = mergedText(full, [row('start-up', 'a', 10), row('ingest (PostgreSQL, 64 connections)', 'b', 20)], '2026-12-06T10:00')
    expect(first).toContain('Rows of start-up, ingest (PostgreSQL, 64 connections): from a run of those sections alone at 2026-12-06T10:00Z.')
    const second = mergedText(first, [row('ingest (PostgreSQL, 64 connections)', 'b', 30)], '2026-12-06T12:00')
    const header = second.split('\n')[2]!
    expect(header).toBe('Full run of 2026-12-05T16:41Z on linux. Rows of start-up: from a run of that section alone at 2026-12-06T10:00Z. Rows of ingest (PostgreSQL, 64 connections): from a run of that section alone at 2026-12-06T12:00Z.')
    // Run again alone, a section's last note is replaced, not repeated.
    const third = mergedText(second, [row('ingest (PostgreSQL, 64 connections)', 'b', 40)], '2026-12-06T13:00')
    expect(third.split('\n')[2]!.match(/ingest/g)).toHaveLength(1)
  })
})
