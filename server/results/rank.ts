/** Values closer than this (relative) count as equal, so float noise cannot split a tie. */
const EPSILON = 1e-9

const same = (a: number, b: number) => Math.abs(a - b) <= EPSILON * Math.max(1, Math.abs(a), Math.abs(b))

/**
 * Competition ranks, highest value first: ties share a rank and the next rank skips (1, 2, 2, 4).
 * NaN (no value, or a value hidden by suppression) gets rank 0, meaning "not ranked".
 * `group` limits the comparison to members with the same group key (peer groups).
 * @example sharedRanks([90, 80, 80, 70]) // Int32Array [1, 2, 2, 4]
 */
export function sharedRanks(values: ArrayLike<number>, group?: ArrayLike<string | null>): Int32Array {
  const ranks = new Int32Array(values.length)
  const buckets = new Map<string | null, number[]>()
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) continue
    const key = group ? group[i]! : ''
    const bucket = buckets.get(key)
    if (bucket) bucket.push(i)
    else buckets.set(key, [i])
  }
  for (const members of buckets.values()) {
    members.sort((a, b) => values[b]! - values[a]! || a - b)
    members.forEach((index, position) => {
      const previous = members[position - 1]
      ranks[index] = previous !== undefined && same(values[previous]!, values[index]!) ? ranks[previous]! : position + 1
    })
  }
  return ranks
}
