import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

/** One measured figure, with the baseline measured in the same run where there is one. */
export interface Row {
  section: string
  name: string
  value: number
  unit: string
  baseline?: { name: string; value: number }
  /** How the value compares with the baseline, e.g. "60.2× faster". */
  ratio?: string
  target?: string
  met?: boolean
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2))

/** Renders rows as a Markdown table (printed, and written to bench/results.md). */
export function renderTable(rows: Row[]): string {
  const lines = ['| section | measure | figure | baseline (same run) | ratio | target | met |', '| --- | --- | --- | --- | --- | --- | --- |']
  for (const r of rows) {
    const baseline = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : ''
    const met = r.met === undefined ? '' : r.met ? 'yes' : 'no'
    lines.push(`| ${r.section} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${baseline} | ${r.ratio ?? ''} | ${r.target ?? ''} | ${met} |`)
  }
  return lines.join('\n')
}

/** Writes the table: full runs to bench/results.md (kept in git), quick runs beside it (ignored). */
export function writeResults(rows: Row[], header: string, quick: boolean): string {
  mkdirSync('bench', { recursive: true })
  const path = quick ? 'bench/results-quick.md' : 'bench/results.md'
  writeFileSync(path, `# Benchmark results\n\n${header}\n\n${renderTable(rows)}\n`)
  return path
}

/**
 * After a full run of some sections only (`--only=…`): replaces those sections' rows in
 * bench/results.md, keeps the rest, and says in the header which rows are from which run.
 */
export function mergeResults(rows: Row[], when: string): string {
  const path = 'bench/results.md'
  writeFileSync(path, mergedText(readFileSync(path, 'utf8'), rows, when))
  return path
}

/** bench/results.md's text `old` with `rows` (a run of their sections alone, at `when`) merged in. */
export function mergedText(old: string, rows: Row[], when: string): string {
  const lines = old.split('\n')
  const sections = new Set(rows.map((r) => r.section))
  const fresh = renderTable(rows).split('\n').slice(2)
  const kept: string[] = []
  let placed = false
  for (const line of lines.filter((l) => /^\| (?!section |---)/.test(l))) {
    if (!sections.has(line.split(' | ')[0]!.slice(2))) kept.push(line)
    else if (!placed) (kept.push(...fresh), (placed = true))
  }
  if (!placed) kept.push(...fresh)
  // The header: the full run's line, then one sentence per section run alone since (the latest of each).
  const [base = '', ...notes] = (lines.find((l) => /^(Full|Quick) run of /.test(l)) ?? '').split(/ (?=Rows of )/)
  const note = `Rows of ${[...sections].join(', ')}: from a run of ${sections.size > 1 ? 'those sections' : 'that section'} alone at ${when}Z.`
  // An earlier note keeps only the sections this run did not measure again (names hold commas:
  // "ingest (PostgreSQL, 64 connections)", so they are found by the table's own names).
  const known = new Set(kept.map((line) => line.split(' | ')[0]!.slice(2)))
  const others = notes.flatMap((n) => {
    const [, list = '', rest = ''] = /^Rows of (.*?): from a run of (?:those sections|that section) (alone at .*)$/.exec(n) ?? []
    if (!list) return [n]
    const left = [...known].filter((section) => !sections.has(section) && list.includes(section))
    return left.length ? [`Rows of ${left.join(', ')}: from a run of ${left.length > 1 ? 'those sections' : 'that section'} ${rest}`] : []
  })
  return `# Benchmark results\n\n${[base, ...others, note].join(' ')}\n\n${renderTable([])}\n${kept.join('\n')}\n`
}
