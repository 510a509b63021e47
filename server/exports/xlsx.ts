import type { Lang } from '../i18n'
import { rt } from '../results-pages/text'
import { formulaSafe, loadExcelJS } from '../units/spreadsheet'
import type ExcelJSModule from 'exceljs'
import type { Cell, ExportTable } from './table'

/** First data row of the sheet: the title, then two header rows. */
export const FIRST_DATA_ROW = 4

/**
 * The table as an XLSX workbook: title row, merged group headers (合计 and each category over
 * their dimension columns, the lead and tail headers merged over both header rows), numbers stored
 * as numbers (满意率 as a fraction shown `0.00%`), suppressed cells as the word; below, the ballots
 * per channel as a small table, then the notes.
 */
export async function tableXlsx(table: ExportTable, lang: Lang, sheetName: string): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS()
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'results', { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] })
  const width = table.lead.length + table.groups.reduce((n, g) => n + g.columns.length, 0) + table.tail.length
  sheet.getCell(1, 1).value = formulaSafe(table.title)
  sheet.mergeCells(1, 1, 1, width)
  sheet.getCell(1, 1).font = { bold: true, size: 14 }
  let col = 1
  const header = (row: number, column: number, value: string) => {
    const cell = sheet.getCell(row, column)
    cell.value = formulaSafe(value)
    cell.font = { bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }
  }
  const spanning = (name: string) => {
    header(2, col, name)
    header(3, col, name)
    sheet.mergeCells(2, col, 3, col)
    col++
  }
  table.lead.forEach(spanning)
  for (const group of table.groups) {
    header(2, col, group.name)
    group.columns.forEach((name, i) => header(3, col + i, name))
    if (group.columns.length > 1) sheet.mergeCells(2, col, 2, col + group.columns.length - 1)
    col += group.columns.length
  }
  table.tail.forEach(spanning)
  const fill = (rowNumber: number, cells: Cell[]) => fillRow(sheet.getRow(rowNumber), cells, lang)
  table.rows.forEach((cells, r) => fill(FIRST_DATA_ROW + r, cells))
  let next = FIRST_DATA_ROW + table.rows.length + 1
  if (table.channels) {
    table.channels.header.forEach((name, i) => header(next, i + 1, name))
    table.channels.rows.forEach((cells, r) => fill(next + 1 + r, cells))
    next += table.channels.rows.length + 2
  }
  const notesFrom = next
  table.notes.forEach((note, i) => {
    sheet.getCell(notesFrom + i, 1).value = formulaSafe(note)
    sheet.mergeCells(notesFrom + i, 1, notesFrom + i, width)
    sheet.getCell(notesFrom + i, 1).alignment = { wrapText: true, vertical: 'top' }
    sheet.getRow(notesFrom + i).height = note.length > 120 ? 60 : 18
  })
  sheet.getColumn(1).width = 22
  for (let c = 2; c <= width; c++) sheet.getColumn(c).width = 11
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:3' }

  // The counts per level on a sheet of their own: one header row, then one row per unit and dimension.
  const counts = workbook.addWorksheet(table.levels.title, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] })
  const head = counts.getRow(1)
  table.levels.header.forEach((name, i) => {
    head.getCell(i + 1).value = formulaSafe(name)
    head.getCell(i + 1).font = { bold: true }
  })
  table.levels.rows.forEach((cells, r) => fillRow(counts.getRow(2 + r), cells, lang))
  counts.getColumn(1).width = 22
  counts.getColumn(2).width = 24
  counts.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** Writes cells into a row: numbers as numbers, 满意率 as a fraction shown `0.00%`, suppressed as the word. */
function fillRow(row: ExcelJSModule.Row, cells: Cell[], lang: Lang): void {
  cells.forEach((cell, i) => {
    const target = row.getCell(i + 1)
    if (cell.kind === 'text') target.value = formulaSafe(cell.value)
    else if (cell.kind === 'int') target.value = cell.value
    else if (cell.kind === 'pct') {
      target.value = cell.value / 10000
      target.numFmt = '0.00%'
    } else if (cell.kind === 'suppressed') {
      target.value = rt(lang, 'suppressed')
      target.alignment = { horizontal: 'center' }
    }
  })
}
