/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054

/**
 * The Wilson score interval of a proportion `x / n` (95% by default), as [low, high] in 0…1;
 * null when n = 0. Unlike the normal approximation it stays inside 0…1 and behaves at 0% and 100%.
 * @example wilson(27644, 28249) // ≈ [0.97689, 0.98018]
 */
export function wilson(x: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null
  const p = x / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

/** Two intervals that do not overlap: the change between them is real at the 95% level. */
export function separated(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  return a !== null && b !== null && (a[1] < b[0] || b[1] < a[0])
}
