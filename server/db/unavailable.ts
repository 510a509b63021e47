const CONNECTION_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // the socket
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or recovering)
  '57P01',
  '57P02',
  '57P03',
])

/**
 * True when an error says the database cannot be reached right now (restarting, recovering,
 * connection lost), rather than that the request or the code is wrong: the app answers 503
 * with Retry-After, and the client may retry (a retried ballot is never counted twice).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && CONNECTION_CODES.has(code)
}

/**
 * `work`, or a rejection with `timeout()` after `ms`: a database call that hangs (a connection
 * lost mid-query) must not hold what waits behind it forever.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
