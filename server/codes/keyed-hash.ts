import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomToken, toBase64Url } from '../auth/crypto'

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

const encoder = new TextEncoder()

/**
 * A hasher over `key` (at least 32 characters). Synchronous pure-JS HMAC (@noble/hashes) with
 * the keyed inner and outer states computed once: on the evaluator's path it runs twice per
 * ballot, and WebCrypto's async `sign` costs several times more per call on Node (a thread-pool
 * round trip) for the same digest. The same bytes on Node and Workers.
 * @example const h = keyedHasher(secret); await h.hash('code', 'K7QX3M9TWR')
 */
export function keyedHasher(key: string): KeyedHasher {
  if (key.length < 32) throw new Error('the code key must be at least 32 characters')
  const keyed = hmac.create(sha256, encoder.encode(key))
  return {
    async hash(purpose, value) {
      return toBase64Url(keyed.clone().update(encoder.encode(`${purpose}:${value}`)).digest())
    },
  }
}

/** A new random key for hosts that keep their own: 32 random bytes, base64url. */
export function newSecretKey(): string {
  return randomToken(32)
}
