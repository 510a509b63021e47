import { createHmac } from 'node:crypto'
import { randomToken } from '../auth/crypto'

/**
 * Keyed hashing (HMAC-SHA256) of everything that must be recognisable but never
 * readable: access codes, submission ids, device tokens. One server key; each use has its own
 * purpose prefix, so a digest of one kind never matches another.
 */
export type HashPurpose = 'code' | 'submission' | 'device' | 'device-use' | 'seal' | 'key-check'

export interface KeyedHasher {
  /** base64url HMAC-SHA256 of `purpose:value`. */
  hash(purpose: HashPurpose, value: string): Promise<string>
}

/**
 * A hasher over `key` (at least 32 characters): node:crypto's HMAC, synchronous and native, on
 * Node and on Workers (nodejs_compat) alike — the same bytes on both. On the evaluator's path it
 * runs for every ballot; WebCrypto's async `sign` costs several times more per call on Node (a
 * thread-pool round trip), and a pure-JS HMAC (@noble/hashes, used before) 6.6 µs against 2.0.
 * @example const h = keyedHasher(secret); await h.hash('code', 'K7QX3M9TWR')
 */
export function keyedHasher(key: string): KeyedHasher {
  if (key.length < 32) throw new Error('the code key must be at least 32 characters')
  return {
    async hash(purpose, value) {
      return createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url')
    },
  }
}

/** A new random key for hosts that keep their own: 32 random bytes, base64url. */
export function newSecretKey(): string {
  return randomToken(32)
}
