import type { Lang } from '../i18n'

/**
 * The names a column may go by in an uploaded sheet's header (compared in lower case): the
 * template's Chinese headers and their usual variants in office spreadsheets, and English ones.
 * The first name in each language is how import issues name the column (see `columnName`).
 */
const columns = {
  name: { 'zh-CN': ['单位名称', '名称', '单位'], en: ['unit name', 'name', 'unit'] },
  parent: { 'zh-CN': ['上级单位', '上级单位名称', '上级单位编码', '上级', '所属单位'], en: ['parent', 'parent unit', 'parent name', 'parent code'] },
  kind: { 'zh-CN': ['单位类型', '类型', '单位类别'], en: ['kind', 'type', 'unit kind', 'unit type'] },
  code: { 'zh-CN': ['单位编码', '编码', '单位代码', '代码'], en: ['code', 'unit code'] },
} as const satisfies Record<string, Record<Lang, readonly string[]>>
export type Column = keyof typeof columns

/** A column's header in a language: the template's Chinese one, or the English one the importer reads. */
export const columnHeader = (column: Column, lang: Lang): string => {
  const first = columns[column][lang][0]
  return lang === 'en' ? first.charAt(0).toUpperCase() + first.slice(1) : first
}

/**
 * How an import issue's column (the template's Chinese header, stable, also in the API's
 * `path`) reads in a language.
 * @example columnName('单位名称', 'en') // 'Unit name'
 */
export function columnName(header: string, lang: Lang): string {
  const column = (Object.keys(columns) as Column[]).find((c) => columns[c]['zh-CN'][0] === header)
  return column ? columnHeader(column, lang) : header
}

/** Filled rows searched for the header: a title and a line or two of notes may sit above it. */
export const HEADER_SEARCH = 5

function findColumns(header: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {}
  header.forEach((cell, index) => {
    const text = cell.replace(/^\ufeff/, '').replace(/[*＊]/g, '').trim().replace(/\s+/g, ' ').toLowerCase()
    for (const [column, names] of Object.entries(columns) as [Column, Record<Lang, readonly string[]>][]) {
      if (found[column] === undefined && (names['zh-CN'].includes(text) || names.en.includes(text))) found[column] = index
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
