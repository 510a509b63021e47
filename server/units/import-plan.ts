import type { Lang } from '../i18n'
import { type Column, findHeader } from './import-header'
import { checkSiblings } from './import-siblings'
import { type ImportIssue, label, say } from './import-text'
import type { UnitRow } from './tree'

export type { ImportIssue } from './import-text'

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

/** Errors block the import; warnings are shown for a person to check and do not. */
export interface ImportPlan {
  units: PlannedUnit[]
  errors: ImportIssue[]
  warnings: ImportIssue[]
}

const CODE = /^[\w.\-/]{1,50}$/

/**
 * Checks an uploaded sheet against the campaign's existing units and plans the inserts:
 * every row becomes a unit with a new id and a resolved parent (by code first, then by a
 * unique name, in the file or among existing units), parents ordered before children.
 * The header may sit below a title (see findHeader). Errors and warnings name the row as the
 * spreadsheet numbers it (the first row is 1) and the column, in the request's language.
 */
export function planImport(sheet: string[][], existing: UnitRow[], lang: Lang, newId: () => string): ImportPlan {
  const errors: ImportIssue[] = []
  const { index: headerIndex, columns: cols } = findHeader(sheet)
  const refuse = (row: number, key: 'noName' | 'noRows' | 'tooMany'): ImportPlan => ({ units: [], errors: [{ row, column: label.name, message: say(lang, key) }], warnings: [] })
  if (cols === null) return refuse(headerIndex + 1, 'noName')
  const cell = (row: string[], column: Column) => (cols[column] === undefined ? '' : (row[cols[column] as number] ?? '').trim())

  type Draft = { row: number; id: string; name: string; kind: string; code: string | null; parentRef: string }
  const drafts: Draft[] = []
  for (let i = headerIndex + 1; i < sheet.length; i++) {
    const row = sheet[i] ?? []
    if (row.every((c) => c.trim() === '')) continue
    drafts.push({ row: i + 1, id: newId(), name: cell(row, 'name'), kind: cell(row, 'kind') || '其他', code: cell(row, 'code') || null, parentRef: cell(row, 'parent') })
  }
  if (drafts.length === 0) return refuse(headerIndex + 2, 'noRows')
  if (drafts.length > 20_000) return refuse(headerIndex + 2, 'tooMany')

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
      else if (twice) errors.push({ row: d.row, column: label.code, message: say(lang, 'codeTwice', twice.row) })
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

  const siblings = checkSiblings(drafts, parentOf, existing, new Set(errors.map((e) => e.row)), lang)
  errors.push(...siblings.errors)
  errors.sort((a, b) => a.row - b.row)
  const warnings = siblings.warnings.sort((a, b) => a.row - b.row)
  const units = drafts
    .map((d) => ({ row: d.row, id: d.id, name: d.name, kind: d.kind, code: d.code, parentId: parentOf.get(d.id) ?? null, parent: d.parentRef, depth: depth.get(d.id) ?? 0 }))
    .sort((a, b) => a.depth - b.depth || a.row - b.row)
  return { units, errors, warnings }
}
