import type { Lang } from '../i18n'
import { type ImportIssue, label, say } from './import-text'
import type { UnitRow } from './tree'

/** A row of the file with its parent resolved (null: a root, or a parent that was not found). */
export interface SiblingDraft {
  row: number
  id: string
  name: string
  code: string | null
  parentRef: string
}

/**
 * Same names under one parent, in the file or already in the campaign. A unit picker, the
 * liaison list and the phone form show names, so two same-named siblings need codes to be told
 * apart: when the row (or its twin in the file) has none, it is most likely the same unit twice
 * (an import run again, a copy-paste slip) and is an error; when both have codes, it may be
 * meant (two 东湖村 with their own codes) and is a warning naming the other row or unit.
 * Rows already in error (a code taken, a parent not found) get no warning on top.
 */
export function checkSiblings(
  drafts: SiblingDraft[],
  parentOf: Map<string, string | null>,
  existing: UnitRow[],
  erroneous: Set<number>,
  lang: Lang,
): { errors: ImportIssue[]; warnings: ImportIssue[] } {
  const errors: ImportIssue[] = []
  const warnings: ImportIssue[] = []
  const key = (parentId: string | null, name: string) => `${parentId ?? ''}|${name}`
  const existingByKey = new Map<string, UnitRow>()
  for (const u of existing) if (!u.archived && !existingByKey.has(key(u.parentId, u.name))) existingByKey.set(key(u.parentId, u.name), u)
  const fileByKey = new Map<string, SiblingDraft>()
  for (const d of drafts) {
    if (!d.name || (d.parentRef && !parentOf.get(d.id))) continue // no name or no parent found: reported already
    const k = key(parentOf.get(d.id) ?? null, d.name)
    const earlier = fileByKey.get(k)
    const there = existingByKey.get(k)
    const at = { row: d.row, column: label.name }
    if (d.code === null && there) errors.push({ ...at, message: say(lang, 'nameExists', d.name) })
    else if (earlier && (d.code === null || earlier.code === null)) errors.push({ ...at, message: say(lang, 'nameTwice', d.name, earlier.row) })
    else if (there && !erroneous.has(d.row)) warnings.push({ ...at, message: say(lang, 'twinExists', d.name, there.code ? say(lang, 'code', there.code) : say(lang, 'noCode')) })
    else if (earlier && !erroneous.has(d.row)) warnings.push({ ...at, message: say(lang, 'twinInFile', d.name, earlier.row, earlier.code ?? '') })
    if (!earlier) fileByKey.set(k, d)
  }
  return { errors, warnings }
}
