import { createHmac } from 'node:crypto'
import { randomToken } from '../auth/crypto'

/**
 * Keyed hashing (HMAC-SHA256) of everything that must be recognisable but never
 * readable: access codes, submission ids, device tokens. One server key; each use has its own
 * purpose prefix, so a digest of one kind never matches another.
 */
export type HashPurpose = 'code' | 'submission' | 'device' | 'device-use' | 'seal' | 'key-check'

/**
 * Characters kept of each purpose's base64url digest (43 in all). What is stored to be found
 * again — codes, submission ids, device uses — and the device cookie's signature keep the first
 * 22 (132 bits: two of a billion such hashes alike has odds of about 2^-73); the seal key needs
 * all 32 bytes, and the key check's mark was stored whole (sql/059_keyed_hashes_shortened.sql).
 */
const KEPT: Record<HashPurpose, number> = { code: 22, submission: 22, device: 22, 'device-use': 22, seal: 43, 'key-check': 43 }

export interface KeyedHasher {
  /** base64url HMAC-SHA256 of `purpose:value`, its first characters as the purpose keeps them (22 or all 43). */
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
      return createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url').slice(0, KEPT[purpose])
    },
  }
}

/** A new random key for hosts that keep their own: 32 random bytes, base64url. */
export function newSecretKey(): string {
  return randomToken(32)
}
