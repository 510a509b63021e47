import type { RoundDocument } from './document'
import type { Block } from './view'

/** One unit in one round: pooled 满意率 (hundredths of a percent), its interval, n, score and rank; null when hidden or not evaluated. */
export interface Point {
  n: number
  sat: number | null
  ci: [number, number] | null
  score: number | null
  rank: number | null
  remedial: boolean
}

/** A change between two rounds in the order given; `real` only where the two intervals do not overlap. */
export interface Change {
  from: number
  to: number
  delta: number
  real: boolean
}

export interface Series {
  points: (Point | null)[]
  changes: Change[]
}

export interface ComparedUnit extends Series {
  id: string
  name: string
  kind: string
  parentId: string | null
  /** Per dimension, matched across rounds by its label. */
  byDimension: ({ label: string } & Series)[]
}

function point(block: Block | null, layer: number, rank: number | null, remedial: boolean): Point | null {
  if (!block || block.n[layer] === undefined) return null
  const lo = block.ci[2 * layer]
  const hi = block.ci[2 * layer + 1]
  return { n: block.n[layer]!, sat: block.sat[layer] ?? null, ci: lo == null || hi == null ? null : [lo, hi], score: block.score[layer] ?? null, rank, remedial }
}

function changes(points: (Point | null)[]): Change[] {
  const out: Change[] = []
  let previous = -1
  points.forEach((p, i) => {
    if (p?.sat == null) return
    const before = previous >= 0 ? points[previous] : null
    if (before?.sat != null) {
      const real = before.ci !== null && p.ci !== null && (before.ci[1] < p.ci[0] || p.ci[1] < before.ci[0])
      out.push({ from: previous, to: i, delta: p.sat - before.sat, real })
    }
    previous = i
  })
  return out
}

/**
 * Units over rounds, from round documents (live or published alike): each unit's pooled
 * 满意率 per round, per dimension by label, and the changes between consecutive rounds where it
 * has a value, marked real only where the Wilson intervals do not overlap.
 */
export function compareUnits(documents: RoundDocument[], unitIds: string[]): ComparedUnit[] {
  const rows = documents.map((doc) => new Map(doc.units.map((row) => [row.id, row])))
  const labels: string[] = []
  for (const doc of documents) for (const d of doc.dimensions) if (!labels.includes(d.label)) labels.push(d.label)
  const result: ComparedUnit[] = []
  for (const id of unitIds) {
    const found = rows.map((r) => r.get(id) ?? null)
    const first = found.find((r) => r !== null)
    if (!first) continue
    const points = found.map((row, r) => (row ? point(row.total, documents[r]!.dimensions.length, row.rank, row.remedial) : null))
    result.push({
      id,
      name: first.name,
      kind: first.kind,
      parentId: first.parentId,
      points,
      changes: changes(points),
      byDimension: labels.map((label) => {
        const dimPoints = found.map((row, r) => {
          const d = documents[r]!.dimensions.findIndex((x) => x.label === label)
          return row && d >= 0 ? point(row.total, d, null, row.belowThreshold.includes(d)) : null
        })
        return { label, points: dimPoints, changes: changes(dimPoints) }
      }),
    })
  }
  return result
}
