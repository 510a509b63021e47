import type { Lang } from '../i18n'
import { rt } from '../results-pages/text'
import { writeCsv } from '../units/spreadsheet'
import type { Cell, ExportTable } from './table'

const cellText = (cell: Cell, lang: Lang): string => {
  switch (cell.kind) {
    case 'text':
      return cell.value
    case 'int':
      return String(cell.value)
    case 'pct':
      return `${(cell.value / 100).toFixed(2)}%`
    case 'suppressed':
      return rt(lang, 'suppressed')
    case 'empty':
      return ''
  }
}

/**
 * The table as CSV (UTF-8 with BOM, formula-like cells made safe by writeCsv). A CSV cannot merge
 * cells, so the group name is repeated over each of its columns: every column reads on its own.
 * The ballots per channel follow under the table, then the notes, then the counts per level.
 */
export function tableCsv(table: ExportTable, lang: Lang): string {
  const groupRow = [...table.lead, ...table.groups.flatMap((g) => g.columns.map(() => g.name)), ...table.tail]
  const columnRow = [...table.lead.map(() => ''), ...table.groups.flatMap((g) => g.columns), ...table.tail.map(() => '')]
  const cells = (rows: Cell[][]) => rows.map((r) => r.map((c) => cellText(c, lang)))
  const channels = table.channels ? [[], table.channels.header, ...cells(table.channels.rows)] : []
  const levels = [[], [table.levels.title], table.levels.header, ...cells(table.levels.rows)]
  return writeCsv([[table.title], groupRow, columnRow, ...cells(table.rows), ...channels, [], ...table.notes.map((n) => [n]), ...levels])
}
