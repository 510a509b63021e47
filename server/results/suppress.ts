/**
 * Minimum group size with complementary suppression, on a units × categories table with its
 * margins: the unit totals (row ALL), the category totals over units (column ALL) and the grand
 * total. A cell is a (row, column) of the extended (U+1) × (C+1) grid; row U and column C are
 * the margins. Every row and every column of that grid is one linear equation (the inner cells
 * add up to the margin), so the hidden cells of one layer (a dimension) are the unknowns of a
 * system whose solutions move along cycles of the bipartite graph rows–columns with one edge
 * per hidden cell. A hidden cell can be worked out, by subtraction or any combination of
 * subtractions, exactly when its edge lies on no cycle (it is a bridge). So: hide every cell
 * with 0 < n < k, then hide further cells, the smallest first, until no hidden cell with
 * answers is a bridge in any layer.
 *
 * One pattern serves every layer (each dimension and the pooled "all dimensions" layer), so the
 * pooled cells, being sums of the dimension cells, add no equation that the layers lack. In a
 * layer where a hidden cell has n = 0 it protects nothing (its value is known to be zero), so it
 * is left out of that layer's graph.
 *
 * Known limit (as with any cell suppression): when every ballot in a group of hidden cells chose
 * the same level, bounds (counts are ≥ 0) can still reveal it; the pattern stops linear
 * subtraction, not inference from unanimity.
 */

/** n of each grid cell per layer: `n[layer][row * (C + 1) + col]`. */
export type LayerCounts = ArrayLike<number>[]

/**
 * The cells to hide: a flag per grid cell `row * (C + 1) + col`, shared by every layer.
 * @example suppressionPattern(2, 2, [n], 5) // n has (2+1)·(2+1) entries, margins included
 */
export function suppressionPattern(units: number, categories: number, layers: LayerCounts, k: number): Uint8Array {
  const cols = categories + 1
  const size = (units + 1) * cols
  const hidden = new Uint8Array(size)
  for (const n of layers) for (let i = 0; i < size; i++) if (n[i]! > 0 && n[i]! < k) hidden[i] = 1
  if (!hidden.includes(1)) return hidden
  for (let pass = 0; pass < size; pass++) {
    let changed = false
    for (const n of layers) while (protectLayer(units, categories, n, hidden)) changed = true
    if (!changed) break
  }
  return hidden
}

/** Hides one more cell if this layer has a bridge; returns whether it did. */
function protectLayer(units: number, categories: number, n: ArrayLike<number>, hidden: Uint8Array): boolean {
  const cols = categories + 1
  const nodes = units + 1 + cols // rows 0..U, then columns
  const edges: [number, number, number][] = [] // [row node, column node, cell]
  for (let r = 0; r <= units; r++) for (let c = 0; c < cols; c++) if (hidden[r * cols + c] && n[r * cols + c]! > 0) edges.push([r, units + 1 + c, r * cols + c])
  const bridge = findBridge(nodes, edges)
  if (bridge === null) return false
  const adjacency = adjacencyOf(nodes, edges)
  const sideA = reachable(adjacency, edges, bridge[0], bridge[2])
  const sideB = reachable(adjacency, edges, bridge[1], bridge[2])
  // Cheapest first: inner cells before totals (totals tell readers more), then the smallest n.
  let best = -1
  const cost = (cell: number) => n[cell]! + (cell % cols === categories || cell >= units * cols ? 1e15 : 0)
  const consider = (row: number, col: number) => {
    const cell = row * cols + (col - units - 1)
    if (!hidden[cell] && n[cell]! > 0 && (best < 0 || cost(cell) < cost(best))) best = cell
  }
  const rowsOf = (side: number[]) => side.filter((x) => x <= units)
  const colsOf = (side: number[]) => side.filter((x) => x > units)
  const [aRows, aCols, bRows, bCols] = [rowsOf(sideA), colsOf(sideA), rowsOf(sideB), colsOf(sideB)]
  // A visible cell joining the two sides closes a cycle through the bridge.
  for (const r of aRows) for (const c of bCols) consider(r, c)
  for (const r of bRows) for (const c of aCols) consider(r, c)
  if (best < 0) {
    // Nothing joins the sides directly: grow either side by one visible cell to an outside node.
    const inside = new Uint8Array(nodes)
    for (const x of [...sideA, ...sideB]) inside[x] = 1
    for (const r of [...aRows, ...bRows]) for (let c = units + 1; c < nodes; c++) if (!inside[c]) consider(r, c)
    for (const c of [...aCols, ...bCols]) for (let r = 0; r <= units; r++) if (!inside[r]) consider(r, c)
  }
  if (best < 0) return false // every cell with answers is hidden already
  hidden[best] = 1
  return true
}

/** The first bridge edge of an undirected multigraph, or null (iterative Tarjan low-link). */
export function findBridge(nodes: number, edges: readonly (readonly [number, number, number])[]): readonly [number, number, number] | null {
  const adjacency = adjacencyOf(nodes, edges)
  const order = new Int32Array(nodes).fill(-1)
  const low = new Int32Array(nodes)
  let counter = 0
  for (let root = 0; root < nodes; root++) {
    if (order[root] !== -1) continue
    const stack: [node: number, viaEdge: number, next: number][] = [[root, -1, 0]]
    order[root] = low[root] = counter++
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const [node, via] = top
      const list = adjacency[node]!
      if (top[2] < list.length) {
        const e = list[top[2]++]!
        if (e === via) continue
        const [a, b] = edges[e]!
        const other = a === node ? b : a
        if (order[other] === -1) {
          order[other] = low[other] = counter++
          stack.push([other, e, 0])
        } else low[node] = Math.min(low[node]!, order[other]!)
        continue
      }
      stack.pop()
      if (via >= 0) {
        const [a, b] = edges[via]!
        const parent = a === node ? b : a
        low[parent] = Math.min(low[parent]!, low[node]!)
        if (low[node]! > order[parent]!) return edges[via]!
      }
    }
  }
  return null
}

function adjacencyOf(nodes: number, edges: readonly (readonly [number, number, number])[]): number[][] {
  const adjacency: number[][] = Array.from({ length: nodes }, () => [])
  edges.forEach(([a, b], i) => {
    adjacency[a]!.push(i)
    adjacency[b]!.push(i)
  })
  return adjacency
}

/** The nodes reachable from `start` without crossing the edge of `skipCell`. */
function reachable(adjacency: number[][], edges: readonly (readonly [number, number, number])[], start: number, skipCell: number): number[] {
  const seen = new Set([start])
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.pop()!
    for (const e of adjacency[node]!) {
      const [a, b, cell] = edges[e]!
      if (cell === skipCell) continue
      const other = a === node ? b : a
      if (!seen.has(other)) {
        seen.add(other)
        queue.push(other)
      }
    }
  }
  return [...seen]
}
