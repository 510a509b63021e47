/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, arrays in order,
 * numbers as JavaScript prints them. The same value always gives the same text, whatever order
 * a database returned its keys in, so its SHA-256 identifies the content.
 * @example canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] }) // '{"a":[2,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: not a finite number')
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** Hex SHA-256 of a text's UTF-8 bytes (Web Crypto: the same on Node and Workers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The hash a publication carries: SHA-256 of the canonical JSON of its content. */
export function contentHash(content: unknown): Promise<string> {
  return sha256Hex(canonicalJson(content))
}
