import type ExcelJSModule from 'exceljs'
import { formulaSafe, loadExcelJS, writeCsv } from '../units/spreadsheet'

/** A column of a register: its header, how XLSX stores its values, its width in characters. */
export interface RegisterColumn {
  header: string
  /** text; int (a number, stored as a number); date ('YYYY-MM-DD', stored as an Excel date). */
  kind: 'text' | 'int' | 'date'
  width: number
  /** Long text (an opinion, a reply): wrapped in its cell. */
  wrap?: boolean
}

/** One value; null is an empty cell. */
export type RegisterValue = string | number | null

/**
 * A flat table — one header row, one row per record — as an office hands it on: the opinions
 * register, say. `about` says what was exported (filter, counts, date) on a sheet of its own in
 * XLSX; CSV keeps the table alone, so that it reads back as one.
 */
export interface Register {
  sheet: string
  columns: RegisterColumn[]
  rows: RegisterValue[][]
  about: { sheet: string; lines: [string, string][] }
}

/** The register as CSV: UTF-8 with BOM, formula-like text made safe (writeCsv), dates as YYYY-MM-DD. */
export function registerCsv(register: Register): string {
  return writeCsv([register.columns.map((c) => c.header), ...register.rows.map((row) => row.map((value) => (value === null ? '' : String(value))))])
}

const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1'

/**
 * The register as XLSX: header row bold, frozen and filterable; numbers as numbers, dates as dates
 * (`yyyy-mm-dd`), long text wrapped; landscape, one page wide. Written with exceljs's streaming
 * writer: rows are serialised as they are added, which for 10,000 rows takes a fraction of the time
 * (and of the memory) of building the whole workbook and then writing it.
 */
export async function registerXlsx(register: Register): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS()
  // The Workers host bundles exceljs's browser build, which has no streaming writer: there the
  // workbook is built in memory and written at the end (the same rows, cells and styles).
  const Writer = (ExcelJS as Partial<typeof ExcelJS>).stream?.xlsx?.WorkbookWriter
  const workbook = Writer ? new Writer({ useStyles: true, useSharedStrings: false }) : new ExcelJS.Workbook()
  const width = register.columns.length
  const sheet = workbook.addWorksheet(sheetName(register.sheet), {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  })
  // One style object per column, shared by its cells (and one by the rows): exceljs recognises a
  // style it has seen by identity, where a column style is copied into a new object per cell and
  // looked up by its rendered XML each time — most of the cost of a large sheet.
  const styles = register.columns.map((c): Partial<ExcelJSModule.Style> => (c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.wrap ? { alignment: { wrapText: true, vertical: 'top' } } : {}))
  sheet.columns = register.columns.map((c) => ({ width: c.width }))
  const rowStyle: Partial<ExcelJSModule.Style> = {}
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } }
  const header = sheet.addRow(register.columns.map((c) => formulaSafe(c.header)))
  header.font = { bold: true }
  header.commit()
  const cell = (column: RegisterColumn, value: RegisterValue) => {
    if (value === null) return null
    if (column.kind === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`)
    return typeof value === 'string' ? formulaSafe(value) : value
  }
  for (const values of register.rows) {
    const row = sheet.addRow(values.map((value, i) => cell(register.columns[i]!, value)))
    // exceljs keeps a row's style in `style`, which its types leave out
    ;(row as unknown as { style: Partial<ExcelJSModule.Style> }).style = rowStyle
    row.eachCell((target, column) => {
      target.style = styles[column - 1]!
    })
    row.commit()
  }
  if (Writer) sheet.commit()

  const about = workbook.addWorksheet(sheetName(register.about.sheet))
  about.columns = [{ width: 18 }, { width: 80, style: { alignment: { wrapText: true, vertical: 'top' } } }]
  for (const [label, text] of register.about.lines) {
    const row = about.addRow([formulaSafe(label), formulaSafe(text)])
    row.getCell(1).font = { bold: true }
    row.commit()
  }
  if (Writer) {
    about.commit()
    await (workbook as InstanceType<typeof Writer>).commit()
    // Without a stream of its own, the writer collects the file in memory (exceljs's StreamBuf).
    return new Uint8Array((workbook as unknown as { stream: { read(): Uint8Array } }).stream.read())
  }
  return new Uint8Array(await (workbook as InstanceType<typeof ExcelJS.Workbook>).xlsx.writeBuffer())
}

/**
 * A Content-Disposition for a download: an ASCII name for old clients and the real one (Chinese
 * included) as RFC 5987 `filename*`, with the characters that encoding does not cover escaped too.
 * @example attachment('opinions-2026-05-01.xlsx', '某活动-意见建议-2026-05-01.xlsx')
 */
export function attachment(ascii: string, name: string): string {
  const utf8 = encodeURIComponent(name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')).replace(/['()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`
}
