import type { PaperCells } from '../db/schema'

/** One paper slip as keyed: its evaluator category, whether it is spoiled (作废), and its ticked cells. */
export interface Sheet {
  /** '' when none was ticked: allowed on a blank or spoiled slip only. */
  categoryId: string
  spoiled: boolean
  cells: PaperCells
}

/** A keying of a batch: slips by their number (1, 2, …). */
export type PassSheets = Map<number, Sheet>

/**
 * One field of one slip on which the first two keyings disagree. `field` is `present` (the slip
 * exists in one keying only), `category`, `spoiled`, or `<unit id>:<dimension id>`; values are
 * text, '' for blank / absent / no. `resolved` is the value that counts, once there is one.
 */
export interface Mismatch {
  sheet: number
  field: string
  unitId: string | null
  dimensionId: number | null
  first: string
  second: string
  third: string | null
  resolved: string | null
  resolvedBy: 'organiser' | 'third' | null
}

/** Every field of a slip as text, keyed as in Mismatch. */
function fieldsOf(sheet: Sheet): Map<string, string> {
  const fields = new Map<string, string>([
    ['category', sheet.categoryId],
    ['spoiled', sheet.spoiled ? '1' : ''],
  ])
  for (const [unitId, row] of Object.entries(sheet.cells)) for (const [dimensionId, level] of Object.entries(row)) fields.set(`${unitId}:${dimensionId}`, String(level))
  return fields
}

function cellOf(field: string): { unitId: string | null; dimensionId: number | null } {
  const match = /^([0-9a-f-]{36}):(\d+)$/i.exec(field)
  return match ? { unitId: match[1]!, dimensionId: Number(match[2]) } : { unitId: null, dimensionId: null }
}

/** A field's value in a keying; for the third keying, null where it did not key the slip. */
function valueIn(pass: PassSheets | undefined, sheet: number, field: string, partial = false): string | null {
  if (!pass) return null
  const s = pass.get(sheet)
  if (!s && partial) return null
  if (field === 'present') return s ? '1' : ''
  if (!s) return ''
  return fieldsOf(s).get(field) ?? ''
}

/**
 * Compares the first two keyings of a batch field by field. A mismatch is settled by an
 * organiser's resolution (`resolutions`, keyed `<sheet>|<field>`) or else by a third keying that
 * agrees with one of the first two. Pure: no I/O.
 * @example reconcile([first, second], new Map()).mismatches
 */
export function reconcile(passes: [PassSheets, PassSheets, PassSheets?], resolutions: Map<string, string>): { mismatches: Mismatch[]; sheets: Sheet[] | null } {
  const [first, second, third] = passes
  const numbers = [...new Set([...first.keys(), ...second.keys()])].sort((a, b) => a - b)
  const mismatches: Mismatch[] = []
  const sheets: Sheet[] = []
  let open = 0
  for (const n of numbers) {
    const a = first.get(n)
    const b = second.get(n)
    const differing: string[] = []
    if (!a || !b) differing.push('present')
    else {
      const fa = fieldsOf(a)
      const fb = fieldsOf(b)
      for (const field of new Set([...fa.keys(), ...fb.keys()])) if ((fa.get(field) ?? '') !== (fb.get(field) ?? '')) differing.push(field)
    }
    const settled = new Map<string, string>()
    for (const field of differing) {
      const one = valueIn(first, n, field)!
      const two = valueIn(second, n, field)!
      const three = valueIn(third, n, field, true)
      const byOrganiser = resolutions.get(`${n}|${field}`)
      const byThird = three !== null && (three === one || three === two) ? three : null
      const resolved = byOrganiser ?? byThird
      if (resolved === null) open++
      else settled.set(field, resolved)
      mismatches.push({ sheet: n, field, ...cellOf(field), first: one, second: two, third: three, resolved, resolvedBy: byOrganiser !== undefined ? 'organiser' : byThird !== null ? 'third' : null })
    }
    const base = a ?? b!
    if (settled.get('present') === '') continue
    sheets.push(applySettled(base, settled))
  }
  return { mismatches, sheets: open === 0 ? sheets : null }
}

function applySettled(base: Sheet, settled: Map<string, string>): Sheet {
  const cells: PaperCells = Object.fromEntries(Object.entries(base.cells).map(([unit, row]) => [unit, { ...row }]))
  const sheet: Sheet = { categoryId: base.categoryId, spoiled: base.spoiled, cells }
  for (const [field, value] of settled) {
    if (field === 'category') sheet.categoryId = value
    else if (field === 'spoiled') sheet.spoiled = value === '1'
    else if (field !== 'present') {
      const { unitId, dimensionId } = cellOf(field)
      if (!unitId || dimensionId === null) continue
      const row = (cells[unitId] ??= {})
      if (value === '') delete row[String(dimensionId)]
      else row[String(dimensionId)] = Number(value)
      if (Object.keys(row).length === 0) delete cells[unitId]
    }
  }
  return sheet
}
