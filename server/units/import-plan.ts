import type { Lang } from '../i18n'
import type { UnitRow } from './tree'

/** A problem with one cell of an import, by spreadsheet row number (the header is row 1). */
export interface ImportError {
  row: number
  column: string
  message: string
}

/** A unit to create, with its new id and its resolved parent (new or existing). */
export interface PlannedUnit {
  row: number
  id: string
  name: string
  kind: string
  code: string | null
  parentId: string | null
  /** How the parent was named in the file, for the preview. */
  parent: string
  depth: number
}

export interface ImportPlan {
  units: PlannedUnit[]
  errors: ImportError[]
}

const columns = {
  name: ['单位名称', '名称', '单位', 'name'],
  parent: ['上级单位', '上级单位名称', '上级单位编码', '上级', '所属单位', 'parent'],
  kind: ['单位类型', '类型', '单位类别', 'kind'],
  code: ['单位编码', '编码', '单位代码', '代码', 'code'],
} as const
type Column = keyof typeof columns

const label: Record<Column, string> = { name: '单位名称', parent: '上级单位', kind: '单位类型', code: '单位编码' }

const messages = {
  noName: { 'zh-CN': '缺少“单位名称”列', en: 'There is no 单位名称 (name) column' },
  noRows: { 'zh-CN': '文件中没有单位', en: 'The file has no units' },
  tooMany: { 'zh-CN': '一次最多导入 20000 个单位', en: 'At most 20,000 units per import' },
  nameMissing: { 'zh-CN': '单位名称不能为空', en: 'The name is empty' },
  nameLong: { 'zh-CN': '单位名称不能超过 200 个字', en: 'The name is longer than 200 characters' },
  kindLong: { 'zh-CN': '单位类型不能超过 20 个字', en: 'The kind is longer than 20 characters' },
  codeBad: { 'zh-CN': '单位编码只能包含字母、数字和 - _ . /，且不超过 50 个字符', en: 'A code has only letters, digits and - _ . / (at most 50)' },
  codeTwice: { 'zh-CN': '单位编码在文件中重复（另见第 {0} 行）', en: 'The code appears twice in the file (see row {0})' },
  codeTaken: { 'zh-CN': '单位编码已被现有单位“{0}”使用', en: 'The code is already used by the unit “{0}”' },
  parentMissing: { 'zh-CN': '找不到上级单位“{0}”', en: 'The parent unit “{0}” was not found' },
  parentAmbiguous: { 'zh-CN': '有多个名为“{0}”的单位，请填写上级单位编码', en: 'Several units are named “{0}”; give the parent’s code' },
  parentSelf: { 'zh-CN': '上级单位不能是本单位', en: 'A unit cannot be its own parent' },
  cycle: { 'zh-CN': '上级单位关系形成了循环', en: 'The parent references form a loop' },
  nameExists: { 'zh-CN': '同一上级下已有单位“{0}”，导入会再建一个同名单位；如确为另一单位，请改名或填写单位编码区分', en: 'A unit named “{0}” already exists under the same parent; importing would make a second one (rename it or tell them apart by code)' },
  nameTwice: { 'zh-CN': '同一上级下的单位“{0}”在文件中重复（另见第 {1} 行）', en: '“{0}” appears twice under the same parent in the file (see row {1})' },
} satisfies Record<string, Record<Lang, string>>

const say = (lang: Lang, key: keyof typeof messages, arg = '', arg2 = '') => messages[key][lang].replace('{0}', arg).replace('{1}', arg2)
const CODE = /^[\w.\-/]{1,50}$/

function findColumns(header: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {}
  header.forEach((cell, index) => {
    const text = cell.trim().replace(/^\ufeff/, '').replace(/[*＊]/g, '').toLowerCase()
    for (const [column, names] of Object.entries(columns) as [Column, readonly string[]][]) {
      if (found[column] === undefined && names.includes(text)) found[column] = index
    }
  })
  return found
}

/**
 * Checks an uploaded sheet against the campaign's existing units and plans the inserts:
 * every row becomes a unit with a new id and a resolved parent (by code first, then by a
 * unique name, in the file or among existing units), parents ordered before children.
 * Errors name the spreadsheet row (header = 1) and column, in the request's language.
 */
export function planImport(sheet: string[][], existing: UnitRow[], lang: Lang, newId: () => string): ImportPlan {
  const errors: ImportError[] = []
  const headerIndex = sheet.findIndex((row) => row.some((cell) => cell.trim() !== ''))
  const cols = findColumns(sheet[headerIndex] ?? [])
  if (cols.name === undefined) return { units: [], errors: [{ row: headerIndex + 1 || 1, column: label.name, message: say(lang, 'noName') }] }
  const cell = (row: string[], column: Column) => (cols[column] === undefined ? '' : (row[cols[column] as number] ?? '').trim())

  type Draft = { row: number; id: string; name: string; kind: string; code: string | null; parentRef: string }
  const drafts: Draft[] = []
  for (let i = headerIndex + 1; i < sheet.length; i++) {
    const row = sheet[i] ?? []
    if (row.every((c) => c.trim() === '')) continue
    drafts.push({ row: i + 1, id: newId(), name: cell(row, 'name'), kind: cell(row, 'kind') || '其他', code: cell(row, 'code') || null, parentRef: cell(row, 'parent') })
  }
  if (drafts.length === 0) return { units: [], errors: [{ row: headerIndex + 2, column: label.name, message: say(lang, 'noRows') }] }
  if (drafts.length > 20_000) return { units: [], errors: [{ row: headerIndex + 2, column: label.name, message: say(lang, 'tooMany') }] }

  const existingByCode = new Map(existing.filter((u) => u.code).map((u) => [u.code as string, u]))
  const fileByCode = new Map<string, Draft>()
  const byName = new Map<string, { id: string }[]>()
  for (const u of existing.filter((e) => !e.archived)) byName.set(u.name, [...(byName.get(u.name) ?? []), u])
  for (const d of drafts) {
    if (!d.name) errors.push({ row: d.row, column: label.name, message: say(lang, 'nameMissing') })
    else if (d.name.length > 200) errors.push({ row: d.row, column: label.name, message: say(lang, 'nameLong') })
    if (d.kind.length > 20) errors.push({ row: d.row, column: label.kind, message: say(lang, 'kindLong') })
    if (d.code !== null) {
      const taken = existingByCode.get(d.code)
      const twice = fileByCode.get(d.code)
      if (!CODE.test(d.code)) errors.push({ row: d.row, column: label.code, message: say(lang, 'codeBad') })
      else if (taken) errors.push({ row: d.row, column: label.code, message: say(lang, 'codeTaken', taken.name) })
      else if (twice) errors.push({ row: d.row, column: label.code, message: say(lang, 'codeTwice', String(twice.row)) })
      else fileByCode.set(d.code, d)
    }
    if (d.name) byName.set(d.name, [...(byName.get(d.name) ?? []), d])
  }

  const parentOf = new Map<string, string | null>()
  const activeIds = new Set(existing.filter((e) => !e.archived).map((e) => e.id))
  for (const d of drafts) {
    let parentId: string | null = null
    if (d.parentRef) {
      const byCode = fileByCode.get(d.parentRef) ?? existingByCode.get(d.parentRef)
      const named = byName.get(d.parentRef) ?? []
      if (byCode && (!('archived' in byCode) || activeIds.has(byCode.id))) parentId = byCode.id
      else if (named.length === 1) parentId = named[0]?.id ?? null
      else if (named.length > 1) errors.push({ row: d.row, column: label.parent, message: say(lang, 'parentAmbiguous', d.parentRef) })
      else errors.push({ row: d.row, column: label.parent, message: say(lang, 'parentMissing', d.parentRef) })
      if (parentId === d.id) {
        errors.push({ row: d.row, column: label.parent, message: say(lang, 'parentSelf') })
        parentId = null
      }
    }
    parentOf.set(d.id, parentId)
  }

  const draftById = new Map(drafts.map((d) => [d.id, d]))
  const depth = new Map<string, number>()
  const depthOf = (id: string, trail: Set<string>): number => {
    const known = depth.get(id)
    if (known !== undefined) return known
    const parent = parentOf.get(id) ?? null
    if (parent === null || !draftById.has(parent)) {
      depth.set(id, 0)
      return 0
    }
    if (trail.has(parent)) return -1
    trail.add(id)
    const d = depthOf(parent, trail)
    const mine = d < 0 ? -1 : d + 1
    depth.set(id, mine)
    return mine
  }
  for (const d of drafts) {
    if (parentOf.get(d.id) !== d.id && depthOf(d.id, new Set([d.id])) < 0) errors.push({ row: d.row, column: label.parent, message: say(lang, 'cycle') })
  }

  // A unit already there, or twice in the file, under the same parent: importing a file again (or a
  // copy-paste slip) would make a second one that splits its ballots. Code-less rows only: a new
  // code tells two same-named units apart.
  const sibling = (parentId: string | null, name: string) => `${parentId ?? ''}|${name}`
  const existingSiblings = new Set(existing.filter((e) => !e.archived).map((e) => sibling(e.parentId, e.name)))
  const fileSiblings = new Map<string, Draft>()
  for (const d of drafts) {
    if (!d.name || (d.parentRef && !parentOf.get(d.id))) continue // no name or no parent found: reported already
    const key = sibling(parentOf.get(d.id) ?? null, d.name)
    const earlier = fileSiblings.get(key)
    if (d.code === null && existingSiblings.has(key)) errors.push({ row: d.row, column: label.name, message: say(lang, 'nameExists', d.name) })
    else if (earlier && (d.code === null || earlier.code === null)) errors.push({ row: d.row, column: label.name, message: say(lang, 'nameTwice', d.name, String(earlier.row)) })
    if (!earlier) fileSiblings.set(key, d)
  }

  errors.sort((a, b) => a.row - b.row)
  const units = drafts
    .map((d) => ({ row: d.row, id: d.id, name: d.name, kind: d.kind, code: d.code, parentId: parentOf.get(d.id) ?? null, parent: d.parentRef, depth: depth.get(d.id) ?? 0 }))
    .sort((a, b) => a.depth - b.depth || a.row - b.row)
  return { units, errors }
}
