import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../env'
import { deleteSession, findSession, touchSession } from './store'

/**
 * The session cookie. `__Host-` makes browsers insist on Secure, Path=/ and no Domain, so no
 * sibling subdomain can plant or read it. Browsers accept Secure cookies from http://localhost
 * and http://127.0.0.1 (both count as trustworthy origins), which is how local runs log in.
 */
export const SESSION_COOKIE = '__Host-pingyi_session'
/** A session ends after 2 hours without a request… */
export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000
/** …and 12 hours after login, however busy. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000
// Writing last_seen_at on every request would cost a write per click; a minute's slack is enough.
const TOUCH_AFTER_MS = 60 * 1000

/** True while a session started at `createdAt` and last used at `lastSeenAt` is still alive. */
export function sessionAlive(createdAt: Date, lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() < ABSOLUTE_TIMEOUT_MS && now.getTime() - lastSeenAt.getTime() < IDLE_TIMEOUT_MS
}

/** Sets the session cookie: Secure, HttpOnly, SameSite=Lax, Path=/, gone after the absolute timeout. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: ABSOLUTE_TIMEOUT_MS / 1000 })
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
}

/** The raw session token of a request, if it carries one. */
export function sessionToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, SESSION_COOKIE)
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined
}

/**
 * Global middleware: turns a valid session cookie into `c.get('user')` and `c.get('csrfToken')`.
 * An expired session is deleted on the server and its cookie cleared; the request goes on
 * anonymous (routes that need a user answer 401). Pages seen by a logged-in user are never cached.
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionToken(c)
    if (!token) return next()
    const db = c.get('db')
    const now = c.get('now')()
    const session = await findSession(db, token)
    if (!session || !sessionAlive(new Date(session.created_at), new Date(session.last_seen_at), now)) {
      if (session) await deleteSession(db, token)
      clearSessionCookie(c)
      return next()
    }
    if (now.getTime() - new Date(session.last_seen_at).getTime() >= TOUCH_AFTER_MS) await touchSession(db, session.token_hash, now)
    c.set('user', { id: session.id, name: session.name, role: session.role, campaignId: session.campaign_id, unitId: session.unit_id })
    c.set('csrfToken', session.csrf_token)
    await next()
    c.header('Cache-Control', 'private, no-store')
  }
}
