import { describe, expect, it } from 'vitest'
import { randomBytes, randomToken } from '../../server/auth/crypto'

describe('random bytes from the pool', () => {
  it('hands out every byte once, across the pool refills', () => {
    // 16-byte draws over three pools of 4 KiB: no draw repeats another (a reused offset would)
    const seen = new Set<string>()
    for (let i = 0; i < 800; i++) seen.add(Buffer.from(randomBytes(16)).toString('hex'))
    expect(seen.size).toBe(800)
  })

  it('hands out copies, which the wipe of the pool leaves intact, and more than a pool at once', () => {
    // a view into the pool would read zeros once the pool is wiped
    for (let i = 0; i < 10; i++) expect(randomBytes(32).some((byte) => byte !== 0)).toBe(true)
    expect(randomBytes(7).length).toBe(7)
    expect(randomBytes(10_000).length).toBe(10_000)
  })

  it('makes base64url tokens of the asked strength', () => {
    expect(randomToken(16)).toMatch(/^[\w-]{22}$/)
    expect(randomToken()).toMatch(/^[\w-]{43}$/)
    expect(randomToken(16)).not.toBe(randomToken(16))
  })
})
