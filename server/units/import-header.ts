/**
 * The names a column may go by in an uploaded sheet's header: the template's Chinese headers,
 * their usual variants in office spreadsheets, and English ones (compared in lower case).
 */
const columns = {
  name: ['单位名称', '名称', '单位', 'name', 'unit', 'unit name'],
  parent: ['上级单位', '上级单位名称', '上级单位编码', '上级', '所属单位', 'parent', 'parent unit', 'parent name', 'parent code'],
  kind: ['单位类型', '类型', '单位类别', 'kind', 'type', 'unit kind', 'unit type'],
  code: ['单位编码', '编码', '单位代码', '代码', 'code', 'unit code'],
} as const
export type Column = keyof typeof columns

/** Filled rows searched for the header: a title and a line or two of notes may sit above it. */
export const HEADER_SEARCH = 5

function findColumns(header: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {}
  header.forEach((cell, index) => {
    const text = cell.replace(/^\ufeff/, '').replace(/[*＊]/g, '').trim().replace(/\s+/g, ' ').toLowerCase()
    for (const [column, names] of Object.entries(columns) as [Column, readonly string[]][]) {
      if (found[column] === undefined && names.includes(text)) found[column] = index
    }
  })
  return found
}

/**
 * The header row: the first of the sheet's first HEADER_SEARCH filled rows that has a name
 * column (office sheets often put a merged title such as “2026年评议单位名单” above it).
 * Without one, `index` is the first filled row (where the error is reported) and `columns` is null.
 * @example findHeader([['2026年评议单位名单'], ['单位名称', '上级单位']]) // { index: 1, columns: { name: 0, parent: 1 } }
 */
export function findHeader(sheet: string[][]): { index: number; columns: Partial<Record<Column, number>> & { name: number } } | { index: number; columns: null } {
  let first = -1
  let seen = 0
  for (let i = 0; i < sheet.length && seen < HEADER_SEARCH; i++) {
    const row = sheet[i] ?? []
    if (row.every((cell) => cell.trim() === '')) continue
    if (first < 0) first = i
    seen++
    const found = findColumns(row)
    if (found.name !== undefined) return { index: i, columns: { ...found, name: found.name } }
  }
  return { index: Math.max(first, 0), columns: null }
}
