import { buildTree, flattenTree, type UnitRow } from './tree'

/** The export's header: the same columns the import reads, so an export can be re-imported. */
export const exportHeader = ['单位名称', '上级单位', '单位类型', '单位编码', '层级']

/**
 * A file to fill in for the import: the header and three example rows (a parent by code, one by
 * name, a unit without a code), marked 示例 so that an unedited upload is easy to tell.
 */
export const importTemplate: string[][] = [
  exportHeader.slice(0, 4),
  ['示例市', '', '市', 'SL'],
  ['示例街道', 'SL', '街道', 'SL-JD'],
  ['示例社区', '示例街道', '社区', ''],
]

/**
 * The tree as spreadsheet rows, parents first; the parent column holds the parent's code
 * when it has one (unambiguous on re-import), else its name.
 */
export function exportRows(rows: UnitRow[]): string[][] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const out = [exportHeader]
  for (const { node, depth } of flattenTree(buildTree(rows))) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined
    out.push([node.name, parent ? (parent.code ?? parent.name) : '', node.kind, node.code ?? '', String(depth + 1)])
  }
  return out
}
