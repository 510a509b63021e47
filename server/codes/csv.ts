import { formatCode } from './generate'

/** The address of a round's evaluation page (the public link, and a slip's link without its code). */
export function evaluateUrl(origin: string, roundId: string): string {
  return `${origin}/e/${roundId}`
}

/** The evaluation link of a slip: the code rides in the `#fragment`, which browsers never send. */
export function slipLink(origin: string, roundId: string, code: string): string {
  return `${evaluateUrl(origin, roundId)}#c=${code}`
}

/**
 * The download made at generation: one row per code (number, code, link), UTF-8 with a BOM so
 * that Excel on Chinese Windows opens it correctly. Codes and links need no quoting.
 */
export function codesCsv(origin: string, roundId: string, codes: string[]): string {
  const rows = codes.map((code, i) => `${i + 1},${formatCode(code)},${slipLink(origin, roundId, code)}`)
  return `\uFEFF序号,评议码,评议链接\r\n${rows.join('\r\n')}\r\n`
}
