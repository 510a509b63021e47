import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { equalText } from './crypto'

/** The header JSON clients send the token in, and the hidden field of server-rendered forms. */
export const CSRF_HEADER = 'x-csrf-token'
export const CSRF_FIELD = '_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Paths that never act on a session, so a logged-in organiser trying the evaluator form in the
 * same browser is not refused: the public ballot endpoints, and the logins (which replace any
 * session they find). Anything a session authorises must live elsewhere — e.g. clerks' paper
 * ballots get their own path, not `/api/rounds/:id/ballots`.
 */
const EXEMPT = [/^\/e\/[^/]+$/, /^\/api\/rounds\/[^/]+\/ballots(\/batch)?$/, /^\/api\/rounds\/[^/]+\/codes\/check$/, /^\/login$/, /^\/api\/auth\/login$/]

/**
 * Global middleware: a mutation (POST, PUT, PATCH, DELETE) made with a live session must carry
 * the session's CSRF token, in `x-csrf-token` or in the `_csrf` field of a form post; else
 * 403 `csrf_failed`. Requests without a session (evaluators) pass untouched.
 */
export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.get('csrfToken')
    if (!expected || SAFE_METHODS.has(c.req.method) || EXEMPT.some((path) => path.test(c.req.path))) return next()
    let given = c.req.header(CSRF_HEADER)
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    if (given === undefined && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const field = body[CSRF_FIELD]
      given = typeof field === 'string' ? field : undefined
    }
    if (given === undefined || !equalText(given, expected)) throw new ApiError(403, 'csrf_failed')
    return next()
  }
}
