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
