import { pbkdf2Sync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fromBase64Url } from '../../server/auth/crypto'
import { hashPassword, needsRehash, verifyPassword } from '../../server/auth/password'

describe('password hashing', () => {
  it('stores 6 chained PBKDF2-SHA256 rounds of 100,000 iterations with a per-password salt', async () => {
    const stored = await hashPassword('正确的马 battery staple')
    const [scheme, rounds, iterations, salt, hash] = stored.split('$')
    expect([scheme, rounds, iterations]).toEqual(['pbkdf2-sha256-chain', '6', '100000'])
    expect(fromBase64Url(salt!)).toHaveLength(16)
    // An independent computation with node:crypto gives the same bytes: 600,000 iterations in all.
    let key: Buffer = Buffer.from('正确的马 battery staple'.normalize('NFC'))
    for (let round = 0; round < 6; round++) key = pbkdf2Sync(key, fromBase64Url(salt!)!, 100_000, 32, 'sha256')
    expect(Buffer.from(fromBase64Url(hash!)!).equals(key)).toBe(true)
    expect(await hashPassword('正确的马 battery staple')).not.toBe(stored)
  })

  it('verifies the right password only and rejects malformed or tampered hashes', async () => {
    const stored = await hashPassword('s3cret passphrase')
    expect(await verifyPassword('s3cret passphrase', stored)).toBe(true)
    expect(await verifyPassword('s3cret passphrase ', stored)).toBe(false)
    expect(await verifyPassword('s3cret passphrase', stored.replace('$6$', '$5$'))).toBe(false)
    expect(await verifyPassword('s3cret passphrase', stored.replace('$6$', '$999$'))).toBe(false)
    expect(await verifyPassword('s3cret passphrase', 'plain')).toBe(false)
    expect(needsRehash(stored)).toBe(false)
    expect(needsRehash(stored.replace('$6$', '$2$'))).toBe(true)
  })
})
