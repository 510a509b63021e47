/**
 * Access codes (一人一码): 10 symbols from a 31-letter alphabet without 0/O/1/I/L, so a code
 * read off a slip cannot be mistyped into another one by look-alike letters.
 * 31^10 ≈ 8.2·10^14, i.e. 49.5 bits of entropy (≥ 45 required).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 10
/** Entropy of one code in bits. */
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length)

// Bytes ≥ 248 (= 8·31) are dropped so every symbol is equally likely (rejection sampling).
const LIMIT = 256 - (256 % CODE_ALPHABET.length)

/**
 * One new random code in canonical form (no separator), from WebCrypto randomness.
 * @example generateCode() // 'K7QX3M9TWR'
 */
export function generateCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  let code = ''
  while (code.length < CODE_LENGTH) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte >= LIMIT) continue
      code += CODE_ALPHABET[byte % CODE_ALPHABET.length]
      if (code.length === CODE_LENGTH) break
    }
  }
  return code
}

/** `count` distinct new codes. */
export function generateCodes(count: number): string[] {
  const codes = new Set<string>()
  while (codes.size < count) codes.add(generateCode())
  return [...codes]
}

/** A code as printed: two groups of five, `K7QX3-M9TWR`. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/**
 * A typed code in canonical form, or null when it cannot be a code: case, spaces and hyphens
 * are forgiven; any letter outside the alphabet (0, O, 1, I, L …) is not.
 * @example normalizeCode(' k7qx3-m9twr ') // 'K7QX3M9TWR'
 */
export function normalizeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '')
  if (code.length !== CODE_LENGTH) return null
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null
  return code
}
