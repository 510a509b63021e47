import { equalBytes, fromBase64Url, toBase64Url } from './crypto'

/**
 * PBKDF2-SHA256 work per password: 600,000 iterations (OWASP 2023), computed as 6 chained
 * PBKDF2 calls of 100,000 each. Why chained: Cloudflare Workers refuses a single PBKDF2 call above
 * 100,000 iterations (workerd#1346). Each call's output is the next call's key, so a guess still
 * costs 600,000 sequential HMAC-SHA256 steps — the same work as one 600,000-iteration call.
 */
export const PASSWORD_ROUNDS = 6
export const ITERATIONS_PER_ROUND = 100_000
const SCHEME = 'pbkdf2-sha256-chain'
const SALT_BYTES = 16
const HASH_BITS = 256
// Refuse stored hashes that would ask for absurd work (a tampered row must not stall the server).
const MAX_ROUNDS = 64

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, rounds: number, iterations: number): Promise<Uint8Array> {
  let key: Uint8Array<ArrayBuffer> = new TextEncoder().encode(password.normalize('NFC'))
  for (let round = 0; round < rounds; round++) {
    const material = await crypto.subtle.importKey('raw', key, 'PBKDF2', false, ['deriveBits'])
    key = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, HASH_BITS))
  }
  return key
}

/**
 * Hashes a password with a fresh random salt. The result names its scheme and work factor,
 * so verification keeps working if the defaults are raised later.
 * @example await hashPassword('correct horse') // 'pbkdf2-sha256-chain$6$100000$<salt>$<hash>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(password, salt, PASSWORD_ROUNDS, ITERATIONS_PER_ROUND)
  return [SCHEME, PASSWORD_ROUNDS, ITERATIONS_PER_ROUND, toBase64Url(salt), toBase64Url(hash)].join('$')
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, roundsText, iterationsText, saltText, hashText] = stored.split('$')
  const rounds = Number(roundsText)
  const iterations = Number(iterationsText)
  const salt = fromBase64Url(saltText ?? '')
  const expected = fromBase64Url(hashText ?? '')
  if (scheme !== SCHEME || !salt || !expected || expected.length * 8 !== HASH_BITS) return false
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) return false
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > ITERATIONS_PER_ROUND) return false
  return equalBytes(await derive(password, salt, rounds, iterations), expected)
}

/** True when a stored hash used less work than today's default and should be redone at login. */
export function needsRehash(stored: string): boolean {
  const [scheme, rounds, iterations] = stored.split('$')
  return scheme !== SCHEME || Number(rounds) * Number(iterations) < PASSWORD_ROUNDS * ITERATIONS_PER_ROUND
}

let dummy: Promise<string> | undefined
/**
 * Verifies against a throwaway hash, for logins naming an unknown account: the answer then
 * takes as long as for a wrong password, so timing does not reveal which accounts exist.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword('pingyi-dummy-password-for-unknown-accounts')
  await verifyPassword(password, await dummy)
  return false
}
