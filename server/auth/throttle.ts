/** Failed logins allowed per account within the window before it must wait. */
export const ACCOUNT_LIMIT = 10
/** Failed logins allowed per client address within the window (several people may share one). */
export const ADDRESS_LIMIT = 30
/** The sliding window failed logins are counted over. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000

/**
 * Seconds to wait before another login attempt, given the times of recent failures: 0 while
 * fewer than `limit` fall inside the window, else until enough of them have left it.
 * @example retryAfterSeconds([t1, t2, t3], 3, 900_000, now) // seconds until t-oldest + 15 min
 */
export function retryAfterSeconds(failures: Date[], limit: number, windowMs: number, now: Date): number {
  const since = now.getTime() - windowMs
  const inside = failures.map((at) => at.getTime()).filter((at) => at > since).sort((a, b) => b - a)
  if (inside.length < limit) return 0
  // The limit-th most recent failure must leave the window for the count to drop below the limit.
  const blocking = inside[limit - 1] ?? since
  return Math.max(1, Math.ceil((blocking + windowMs - now.getTime()) / 1000))
}
