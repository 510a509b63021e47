import { describe, expect, it } from 'vitest'
import { randomBytes, randomToken } from '../../server/auth/crypto'

describe('random bytes from the pool', () => {
  it('hands out every byte once, across the pool refills', () => {
    // 16-byte draws over three pools of 4 KiB: no draw repeats another (a reused offset would)
    const seen = new Set<string>()
    for (let i = 0; i < 800; i++) seen.add(Buffer.from(randomBytes(16)).toString('hex'))
    expect(seen.size).toBe(800)
  })

  it('gives independent copies of the asked length, and more than a pool at once', () => {
    const a = randomBytes(7)
    const b = randomBytes(7)
    a.fill(0)
    expect(b.some((byte) => byte !== 0)).toBe(true)
    expect(a.length).toBe(7)
    expect(randomBytes(10_000).length).toBe(10_000)
  })

  it('makes base64url tokens of the asked strength', () => {
    expect(randomToken(16)).toMatch(/^[\w-]{22}$/)
    expect(randomToken()).toMatch(/^[\w-]{43}$/)
    expect(randomToken(16)).not.toBe(randomToken(16))
  })
})
