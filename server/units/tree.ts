/** A unit row as the tree logic needs it. */
export interface UnitRow {
  id: string
  parentId: string | null
  name: string
  kind: string
  code: string | null
  position: number
  archived: boolean
}

/** A unit with its children, in display order. */
export interface UnitNode extends UnitRow {
  children: UnitNode[]
}

const byPosition = (a: UnitRow, b: UnitRow) => a.position - b.position || a.name.localeCompare(b.name, 'zh-CN')

/**
 * Nests rows into a forest: roots are rows without a parent or whose parent is not among
 * the rows (e.g. archived and left out), children sorted by position then name.
 */
export function buildTree(rows: UnitRow[]): UnitNode[] {
  const nodes = new Map(rows.map((row) => [row.id, { ...row, children: [] as UnitNode[] }]))
  const roots: UnitNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    ;(parent ? parent.children : roots).push(node)
  }
  const sort = (list: UnitNode[]) => {
    list.sort(byPosition)
    for (const node of list) sort(node.children)
  }
  sort(roots)
  return roots
}

/** Depth-first order with each unit's depth (0 for roots): parents always before children. */
export function flattenTree(roots: UnitNode[]): { node: UnitNode; depth: number }[] {
  const out: { node: UnitNode; depth: number }[] = []
  const walk = (list: UnitNode[], depth: number) => {
    for (const node of list) {
      out.push({ node, depth })
      walk(node.children, depth + 1)
    }
  }
  walk(roots, 0)
  return out
}

/**
 * True when making `newParentId` the parent of `unitId` would close a loop: the new parent is
 * the unit itself or one of its descendants.
 */
export function wouldCycle(parentOf: ReadonlyMap<string, string | null>, unitId: string, newParentId: string | null): boolean {
  const seen = new Set<string>()
  for (let at = newParentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
    if (at === unitId || seen.has(at)) return true
    seen.add(at)
  }
  return false
}

/** The ids of the given units and all their descendants. */
export function subtreeIds(rows: Pick<UnitRow, 'id' | 'parentId'>[], rootIds: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>()
  for (const row of rows) {
    if (!row.parentId) continue
    const list = children.get(row.parentId) ?? []
    list.push(row.id)
    children.set(row.parentId, list)
  }
  const out = new Set<string>()
  const stack = [...rootIds]
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (out.has(id)) continue
    out.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  return out
}
