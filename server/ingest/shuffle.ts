/** Fisher–Yates with WebCrypto randomness; returns the array, shuffled in place. */
export function shuffle<T>(items: T[]): T[] {
  const random = new Uint32Array(items.length)
  crypto.getRandomValues(random)
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor((random[i]! / 2 ** 32) * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}
