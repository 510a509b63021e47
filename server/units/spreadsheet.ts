import type ExcelJSModule from 'exceljs'

/**
 * exceljs, loaded on first use: it costs a quarter of a second to import, which every start of
 * the server would otherwise pay before its first answer. Import spreadsheets through this.
 */
export async function loadExcelJS(): Promise<typeof ExcelJSModule> {
  return (await import('exceljs')).default
}

/** Sheets are read from the first worksheet only; more than this many rows is refused. */
export const MAX_ROWS = 20_000

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]

/** True when the bytes are a ZIP container, as every XLSX file is. */
export function isXlsx(bytes: Uint8Array): boolean {
  return XLSX_MAGIC.every((b, i) => bytes[i] === b)
}

/**
 * Decodes CSV bytes: UTF-8 with or without BOM, else GB18030 (what Excel in China saves as
 * "CSV"). Invalid UTF-8 is the signal: GB18030 text is almost never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); also splits on tabs when the
 * first line with a comma or a tab has a tab and no comma (a title line above may have neither).
 */
export function parseCsv(text: string): string[][] {
  const firstSplit = text.split(/\r?\n/, 6).find((line) => /[,\t]/.test(line)) ?? ''
  const sep = !firstSplit.includes(',') && firstSplit.includes('\t') ? '\t' : ','
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === sep) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Reads the first worksheet of an XLSX file as rows of cell text (formulas give their result). */
export async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new (await loadExcelJS()).Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? ''
    })
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '')
  })
  return Array.from(rows, (r) => r ?? [])
}

/** Reads an uploaded sheet, XLSX or CSV, into rows of text. */
export async function readSheet(bytes: Uint8Array): Promise<string[][]> {
  return isXlsx(bytes) ? readXlsx(bytes) : parseCsv(decodeText(bytes).text)
}

// A leading = + - @ (or a tab or carriage return before one) would make Excel or WPS run the
// cell as a formula (CSV injection): prefix a quote.
export const formulaSafe = (raw: string) => (/^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw)
const csvField = (raw: string) => {
  const value = formulaSafe(raw)
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** CSV text with a UTF-8 BOM so that Excel opens Chinese text correctly. */
export function writeCsv(rows: string[][]): string {
  return `\ufeff${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`
}

/** An XLSX file with one worksheet, the first row in bold. */
export async function writeXlsx(sheetName: string, rows: string[][]): Promise<Uint8Array> {
  const workbook = new (await loadExcelJS()).Workbook()
  const sheet = workbook.addWorksheet(sheetName)
  for (const row of rows) sheet.addRow(row)
  sheet.getRow(1).font = { bold: true }
  sheet.columns.forEach((column) => {
    column.width = 24
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
