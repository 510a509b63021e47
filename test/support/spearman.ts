/**
 * Spearman's rank correlation between two orders of the same items 0…n−1 (no ties):
 * `a[k]` and `b[k]` are the items at position k of each order.
 */
export function spearmanOfOrders(a: number[], b: number[]): number {
  const n = a.length
  const rankA: number[] = []
  const rankB: number[] = []
  a.forEach((item, rank) => (rankA[item] = rank))
  b.forEach((item, rank) => (rankB[item] = rank))
  let d2 = 0
  for (let i = 0; i < n; i++) d2 += (rankA[i]! - rankB[i]!) ** 2
  return 1 - (6 * d2) / (n * (n * n - 1))
}

/**
 * The bound |ρ| must stay under for "no rank link" over `n` items: 5 standard deviations of ρ
 * between unrelated orders (1/√(n−1); 0.158 for 1,000). A kept order gives ρ near 1 (flush
 * groups in arrival order: above 0.99), so the bound loses nothing against what it looks for,
 * while a tighter one fails by chance: 0.1 is 3.2σ for 1,000 items, about 1 run in 600 per ρ
 * (seen once in CI: 0.115, where 12 runs in a row gave |ρ| ≤ 0.047).
 */
export const noRankLink = (n: number) => 5 / Math.sqrt(n - 1)
