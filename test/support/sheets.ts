import ExcelJS from 'exceljs'

let gbTable: Map<string, number[]> | undefined

/**
 * Encodes text as GB18030 for test files. The table is built by decoding every two-byte
 * GBK sequence with the platform decoder; the tests anchor it with a byte sequence known
 * from the standard (单位 = B5 A5 CE BB), so a wrong decoder cannot pass unnoticed.
 */
export function encodeGb18030(text: string): Uint8Array {
  if (!gbTable) {
    gbTable = new Map()
    const decoder = new TextDecoder('gb18030')
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue
        const ch = decoder.decode(new Uint8Array([lead, trail]))
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail])
      }
    }
  }
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (code < 0x80) out.push(code)
    else {
      const bytes = gbTable.get(ch)
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`)
      out.push(...bytes)
    }
  }
  return new Uint8Array(out)
}

/** An XLSX file with the given rows on its first sheet, as exceljs writes it. */
export async function xlsxFile(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('单位')
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** A multipart body with one `file` field. */
export function fileForm(bytes: Uint8Array, name: string): FormData {
  const form = new FormData()
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  return form
}
