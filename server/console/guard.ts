import type { Context, MiddlewareHandler } from 'hono'
import type { Role } from '../auth/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { ConsoleRequest } from './layout'

/** A local path safe to redirect to after login (no `//host`, no backslashes, no scheme). */
export function safeNext(next: string | undefined, fallback = '/console'): string {
  return next && /^\/(?![/\\])[^\s\\]*$/.test(next) && next.length <= 500 ? next : fallback
}

/**
 * `requireUser` for console pages: an anonymous browser is sent to `/login?next=<this page>`
 * instead of an error; a logged-in user of another role gets the 403 page.
 * @example consoleRoutes.get('/units', requireConsoleUser('organiser'), (c) => c.html(…))
 */
export function requireConsoleUser(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user')
    if (!user) {
      const url = new URL(c.req.url)
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
    }
    if (roles.length > 0 && !roles.includes(user.role)) throw new ApiError(403, 'forbidden')
    await next()
  }
}

/** The request facts a ConsoleLayout needs; only behind `requireConsoleUser`. */
export function consolePage(c: Context<AppEnv>): ConsoleRequest {
  const user = c.get('user')
  const csrfToken = c.get('csrfToken')
  if (!user || !csrfToken) throw new ApiError(401, 'unauthenticated')
  const url = new URL(c.req.url)
  // The switch sets a cookie; a ?lang= left in the address would override it on the way back.
  url.searchParams.delete('lang')
  return { lang: c.get('lang'), user, csrfToken, path: url.pathname + url.search }
}
