// Small WebCrypto helpers shared by passwords and sessions: the same code runs on Node 20 and Workers.

/** Base64url without padding, for tokens that travel in cookies and headers. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Inverse of toBase64Url; null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

/** A random token of `bytes` bytes (32 = 256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return toBase64Url(randomBytes(bytes))
}

/** Bytes of the pool: one call to the system's random source serves this many token bytes. */
const POOL_BYTES = 4096
let pool = new Uint8Array(0)
let taken = 0

/**
 * Cryptographically random bytes, drawn from a pool that getRandomValues refills 4 KiB at a
 * time (Node's own randomUUID pools its random bytes too); each byte is handed out once, then
 * wiped. A phone's first ballot issues a device token, and a system call per token cost 2 % of
 * the evaluator path's CPU on this machine. Filled on first use, never at module load (Workers
 * refuses random values there).
 */
export function randomBytes(count: number): Uint8Array<ArrayBuffer> {
  if (count > POOL_BYTES) return crypto.getRandomValues(new Uint8Array(count))
  if (taken + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES))
    taken = 0
  }
  const bytes = pool.slice(taken, taken + count)
  // not kept after use: a session token's bytes must not linger in the pool
  pool.fill(0, taken, taken + count)
  taken += count
  return bytes
}

/** Hex SHA-256 of a text: how session tokens are stored. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Compares two byte strings in time that depends only on their length. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** Compares two texts without an early exit on the first differing character. */
export function equalText(a: string, b: string): boolean {
  const encoder = new TextEncoder()
  return equalBytes(encoder.encode(a), encoder.encode(b))
}
