/**
 * Keyed hashing (HMAC-SHA256, WebCrypto) of everything that must be recognisable but never
 * readable: access codes, submission ids, device tokens. One server key; each use has its own
 * purpose prefix, so a digest of one kind never matches another.
 */
export type HashPurpose = 'code' | 'submission' | 'device' | 'device-use'

export interface KeyedHasher {
  /** base64url HMAC-SHA256 of `purpose:value`. */
  hash(purpose: HashPurpose, value: string): Promise<string>
}

const encoder = new TextEncoder()

function base64url(bytes: ArrayBuffer): string {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * A hasher over `key` (at least 32 characters). The CryptoKey is imported once.
 * @example const h = keyedHasher(secret); await h.hash('code', 'K7QX3M9TWR')
 */
export function keyedHasher(key: string): KeyedHasher {
  if (key.length < 32) throw new Error('the code key must be at least 32 characters')
  const cryptoKey = crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return {
    async hash(purpose, value) {
      return base64url(await crypto.subtle.sign('HMAC', await cryptoKey, encoder.encode(`${purpose}:${value}`)))
    },
  }
}

/** A new random key for hosts that keep their own: 32 random bytes, base64url. */
export function newSecretKey(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)).buffer as ArrayBuffer)
}
