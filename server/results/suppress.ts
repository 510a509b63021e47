/**
 * Minimum group size with complementary suppression, on a units × categories table with its
 * margins: the unit totals (row ALL), the category totals over units (column ALL) and the grand
 * total. A cell is a (row, column) of the extended (U+1) × (C+1) grid; row U and column C are
 * the margins. Every row and every column of that grid is one linear equation (the inner cells
 * add up to the margin), so the hidden cells of one layer (a dimension) are the unknowns of a
 * system whose solutions move along cycles of the bipartite graph rows–columns with one edge
 * per hidden cell. A hidden cell can be worked out, by subtraction or any combination of
 * subtractions, exactly when its edge lies on no cycle (it is a bridge). So: hide every cell
 * with 0 < n < k, then, for each bridge, hide the visible cells of the cheapest path between its
 * two ends (inner cells before totals, small before large), until no hidden cell with answers is
 * a bridge in any layer.
 *
 * One pattern serves every layer (each dimension and the pooled "all dimensions" layer), so the
 * pooled cells, being sums of the dimension cells, add no equation that the layers lack. In a
 * layer where a hidden cell has n = 0 it protects nothing (its value is known to be zero), so it
 * is left out of that layer's graph.
 *
 * Subtraction also gives the hidden cells of a line together: a unit's total minus its shown
 * categories is the count (and the satisfied count, and each level) of its hidden categories as
 * one group. So each line (row or column of the grid, margins included) whose total is shown
 * leaves its hidden cells at least k answers in all (`protectRemainders`): whatever subtraction
 * gives is a group of k or more, as a shown cell is. What it cannot stop, no cell suppression
 * can: a group of k or more that answered alike says so of each of its members, whether it is
 * a shown cell or such a remainder (every one of them satisfied, say); no group smaller than k
 * has its figures shown or worked out.
 *
 * The engine adds one more layer, checked last: the ballots (valid and invalid) of each cell.
 * n leaves 不了解 out, so a cell whose one ballot answered 不了解 throughout (valid under the
 * default rule), or whose few ballots were invalid, has n = 0 in every answer layer, yet showing
 * it shows those ballots whole. In the ballots layer it is a small cell like any other: hidden,
 * and protected by bridges and remainders (at least k ballots). Where every cell with ballots
 * has an answer in n, the layer asks nothing the answer layers do not (once they hold, each of
 * its hidden cells lies on their cycles and remainders): 20,000 random small tables gave the
 * pattern without it every time. Such a cell costs more than a small cell with answers: having
 * none, it carries no cycle in the answer layers, so its partners there need cycles of their
 * own. Measured on random 200 units × 6 categories tables, k = 5, 20 seeds each: with every
 * other cell of 5–60 ballots, one such cell hides 8.4 inner cells of 1,200 (one small cell with
 * answers: 4.0), ten hide 37.4 (25.0); with ballots per cell uniform up to 8–200 by category and
 * 5% of answers 不了解, 1% of ballots invalid and 1% 不了解 throughout hide 1.5–1.8 more (of
 * 430–438), 2% and 3% hide 3.6–5.0 more (of 435–447). No unit or category total was hidden in
 * any of these; the pattern's time (10–22 ms) moved within the run's noise.
 */

/** n of each grid cell per layer (answers, or ballots in the ballots layer): `n[layer][row * (C + 1) + col]`. */
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
    for (const n of layers) {
      while (protectLayer(units, categories, n, hidden)) changed = true
      if (protectRemainders(units, categories, n, k, hidden)) changed = true
    }
    if (!changed) break
  }
  return hidden
}

/** A total (a margin row or column) tells readers most: it costs more than any inner cell. */
function cellCost(units: number, categories: number, n: ArrayLike<number>, cell: number): number {
  const cols = categories + 1
  return n[cell]! + (cell % cols === categories || cell >= units * cols ? 1e15 : 0)
}

/**
 * Hides more cells where a line's hidden cells hold fewer than k answers in all (its shown total
 * minus its shown cells would give that small group's figures): the line's smallest shown cells
 * with answers join them until they hold k. Returns whether it hid any.
 */
function protectRemainders(units: number, categories: number, n: ArrayLike<number>, k: number, hidden: Uint8Array): boolean {
  const cols = categories + 1
  const lines: number[][] = []
  for (let r = 0; r <= units; r++) lines.push(Array.from({ length: cols }, (_, c) => r * cols + c))
  for (let c = 0; c < cols; c++) lines.push(Array.from({ length: units + 1 }, (_, r) => r * cols + c))
  let added = false
  for (const line of lines) {
    const total = line[line.length - 1]!
    if (hidden[total]) continue
    const cells = line.slice(0, -1).filter((cell) => n[cell]! > 0)
    let remainder = 0
    for (const cell of cells) if (hidden[cell]) remainder += n[cell]!
    if (remainder === 0 || remainder >= k) continue
    const shown = cells.filter((cell) => !hidden[cell]).sort((a, b) => cellCost(units, categories, n, a) - cellCost(units, categories, n, b))
    for (const cell of shown) {
      if (remainder >= k) break
      hidden[cell] = 1
      remainder += n[cell]!
      added = true
    }
  }
  return added
}

/** Hides one more cell if this layer has a bridge; returns whether it did. */
function protectLayer(units: number, categories: number, n: ArrayLike<number>, hidden: Uint8Array): boolean {
  const cols = categories + 1
  const nodes = units + 1 + cols // rows 0..U, then columns
  const edges: [number, number, number][] = [] // [row node, column node, cell]
  for (let r = 0; r <= units; r++) for (let c = 0; c < cols; c++) if (hidden[r * cols + c] && n[r * cols + c]! > 0) edges.push([r, units + 1 + c, r * cols + c])
  const bridge = findBridge(nodes, edges)
  if (bridge === null) return false
  // Close a cycle through the bridge along the cheapest path between its two ends: hidden cells
  // are free, a visible one costs its n, and a total (it tells readers most) more than any inner
  // cell. Cells with no answers in this layer protect nothing and are no path.
  const cost = (cell: number) => cellCost(units, categories, n, cell)
  const node = (cell: number): [number, number] => [Math.floor(cell / cols), units + 1 + (cell % cols)]
  const dist = new Float64Array(nodes).fill(Infinity)
  const via = new Int32Array(nodes).fill(-1) // the cell reaching each node on the cheapest path
  const done = new Uint8Array(nodes)
  const queue = new MinQueue()
  dist[bridge[0]] = 0
  queue.push(0, bridge[0])
  while (queue.size > 0) {
    const at = queue.pop()
    if (done[at]) continue
    if (at === bridge[1]) break
    done[at] = 1
    const isRow = at <= units
    for (let i = 0; i < (isRow ? cols : units + 1); i++) {
      const cell = isRow ? at * cols + i : i * cols + (at - units - 1)
      if (cell === bridge[2] || !(n[cell]! > 0)) continue
      const [r, c] = node(cell)
      const other = isRow ? c : r
      const d = dist[at]! + (hidden[cell] ? 0 : cost(cell))
      if (d < dist[other]!) {
        dist[other] = d
        via[other] = cell
        queue.push(d, other)
      }
    }
  }
  if (dist[bridge[1]] === Infinity) return false // no cell with answers can close it
  let added = false
  for (let x = bridge[1]; x !== bridge[0]; ) {
    const cell = via[x]!
    if (!hidden[cell]) {
      hidden[cell] = 1
      added = true
    }
    const [r, c] = node(cell)
    x = x === r ? c : r
  }
  return added
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

/** A binary min-heap of (priority, node) for the cheapest-path search. */
class MinQueue {
  private keys: number[] = []
  private values: number[] = []
  get size(): number {
    return this.keys.length
  }
  push(key: number, value: number): void {
    let i = this.keys.length
    this.keys.push(key)
    this.values.push(value)
    while (i > 0) {
      const up = (i - 1) >> 1
      if (this.keys[up]! <= key) break
      this.keys[i] = this.keys[up]!
      this.values[i] = this.values[up]!
      i = up
    }
    this.keys[i] = key
    this.values[i] = value
  }
  /** Removes and returns the value of the smallest key. */
  pop(): number {
    const top = this.values[0]!
    const key = this.keys.pop()!
    const value = this.values.pop()!
    const n = this.keys.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const child = l + 1 < n && this.keys[l + 1]! < this.keys[l]! ? l + 1 : l
        if (this.keys[child]! >= key) break
        this.keys[i] = this.keys[child]!
        this.values[i] = this.values[child]!
        i = child
      }
      this.keys[i] = key
      this.values[i] = value
    }
    return top
  }
}
