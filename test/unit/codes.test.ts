import { describe, expect, it } from 'vitest'
import { CODE_ALPHABET, CODE_BITS, CODE_LENGTH, formatCode, generateCode, generateCodes, normalizeCode } from '../../server/codes/generate'
import { keyedHasher, newSecretKey } from '../../server/codes/keyed-hash'

describe('access code generator', () => {
  it('uses an alphabet without look-alikes and carries at least 45 bits', () => {
    for (const ch of '0O1IL') expect(CODE_ALPHABET).not.toContain(ch)
    expect(CODE_ALPHABET).toHaveLength(31)
    expect(new Set(CODE_ALPHABET).size).toBe(31)
    expect(CODE_BITS).toBeGreaterThanOrEqual(45)
    expect(CODE_BITS.toFixed(2)).toBe('49.54')
  })

  it('makes codes of the alphabet only, all distinct', () => {
    const codes = generateCodes(5000)
    expect(new Set(codes).size).toBe(5000)
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/)
  })

  it('draws every symbol about equally often (rejection sampling, no modulo bias)', () => {
    const counts = new Map<string, number>()
    for (const code of generateCodes(20_000)) for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    const expected = (20_000 * CODE_LENGTH) / 31
    // chi-square with 30 degrees of freedom: p < 1e-6 above 72
    const chi = [...CODE_ALPHABET].reduce((sum, ch) => sum + ((counts.get(ch) ?? 0) - expected) ** 2 / expected, 0)
    expect(chi).toBeLessThan(72)
  })

  it('skips bytes that would bias the draw', () => {
    const bytes = [255, 248, 0, 247, 30, 31, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(generateCode((b) => (b.set(bytes), b))).toBe(`${CODE_ALPHABET[0]}${CODE_ALPHABET[30]}${CODE_ALPHABET[30]}${CODE_ALPHABET[0]}${[1, 2, 3, 4, 5, 6].map((i) => CODE_ALPHABET[i]).join('')}`)
  })

  it('formats in two groups and reads back what people type', () => {
    expect(formatCode('K7QX3M9TWR')).toBe('K7QX3-M9TWR')
    expect(normalizeCode(' k7qx3-m9twr ')).toBe('K7QX3M9TWR')
    expect(normalizeCode('K7QX3 M9TWR')).toBe('K7QX3M9TWR')
    expect(normalizeCode('K7QX3M9TW')).toBeNull()
    expect(normalizeCode('K7QX3M9TW0')).toBeNull()
    expect(normalizeCode('K7QX3M9TWL')).toBeNull()
  })
})

describe('keyed hash', () => {
  it('is HMAC-SHA256 of purpose:value, base64url, cut to 22 characters where it is stored (sql/059)', async () => {
    const h = keyedHasher('k'.repeat(32))
    const digest = await h.hash('code', 'K7QX3M9TWR')
    expect(digest).toMatch(/^[A-Za-z0-9_-]{22}$/)
    // The bytes stored codes were hashed with (Python's hmac, independently): a change of
    // implementation must not change them, or every code handed out stops working. Whole, the
    // digest is rZBYKBo_BiQ2Nl80KIJ_ElYec3ffQH9X5-Qgn399RXE; codes keep its first 22 characters.
    expect(digest).toBe('rZBYKBo_BiQ2Nl80KIJ_El')
    expect(await h.hash('code', 'K7QX3M9TWR')).toBe(digest)
    expect(await h.hash('submission', 'K7QX3M9TWR')).not.toBe(digest)
    expect(await keyedHasher('j'.repeat(32)).hash('code', 'K7QX3M9TWR')).not.toBe(digest)
    // The key check's mark (stored whole before 059) and the seal key (32 bytes) stay whole.
    expect(await h.hash('key-check', 'K7QX3M9TWR')).toBe('1MlNuYB6drcZvqTy2ugfEpXC5BV5tTzNLXgKIYgadeU')
    expect(await h.hash('seal', 'K7QX3M9TWR')).toBe('99Zc6MoYFCpYHoPH5duAQQacJCbMlU5dx9GJd_AHsh4')
    for (const purpose of ['submission', 'device', 'device-use'] as const) expect(await h.hash(purpose, 'x')).toHaveLength(22)
  })

  it('matches an independent HMAC-SHA256', async () => {
    // Computed with Python's hmac: the hasher itself is node:crypto's HMAC, so comparing it with
    // node:crypto again could not fail.
    const expected = 'zaGeVEgEAd1POaJOEjyNA3' // of zaGeVEgEAd1POaJOEjyNA3choCiSewxcRkPIoXxsfT8
    expect(await keyedHasher('0123456789abcdefghijklmnopqrstuvwxyz').hash('device', 'abc')).toBe(expected)
  })

  it('gives the same digest as WebCrypto for many values in a row, long and non-ASCII ones too (the keyed state is reused)', async () => {
    const key = newSecretKey()
    const h = keyedHasher(key)
    const webKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const values = ['', 'a', '评议码 K7QX3-M9TWR', 'x'.repeat(200), crypto.randomUUID(), 'a']
    for (const value of values) {
      const web = Buffer.from(await crypto.subtle.sign('HMAC', webKey, new TextEncoder().encode(`submission:${value}`))).toString('base64url').slice(0, 22)
      expect(await h.hash('submission', value)).toBe(web)
    }
  })

  it('refuses a short key', () => {
    expect(() => keyedHasher('short')).toThrow(/32/)
  })
})
