import { type Context, Hono } from 'hono'
import type { AppDeps, AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { currentUser, requireUser } from './guard'
import { login, ThrottledError } from './login'
import { LoginBody } from './schemas'
import { clearSessionCookie, sessionToken, setSessionCookie } from './session'
import { deleteSession } from './store'

/**
 * Runs a login for a request (API or form), sets the new session cookie, and on throttling
 * adds `Retry-After` before rethrowing. Shared by `POST /api/auth/login` and `POST /login`.
 */
export async function loginFromRequest(c: Context<AppEnv>, deps: Pick<AppDeps, 'clientAddress'>, body: LoginBody) {
  try {
    const result = await login(c.get('db'), {
      ...body,
      address: deps.clientAddress?.(c) ?? null,
      now: c.get('now')(),
      previousToken: sessionToken(c),
    })
    setSessionCookie(c, result.token)
    c.set('user', result.user)
    c.set('csrfToken', result.csrfToken)
    return result
  } catch (error) {
    if (error instanceof ThrottledError) c.header('Retry-After', String(error.retryAfter))
    throw error
  }
}

/** Ends the request's session on the server and clears its cookie. */
export async function logoutFromRequest(c: Context<AppEnv>): Promise<void> {
  const token = sessionToken(c)
  if (token) await deleteSession(c.get('db'), token)
  clearSessionCookie(c)
}

/** `/api/auth`: login, logout and who am I, as JSON. */
export function authRoutes(deps: Pick<AppDeps, 'clientAddress'>) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
      const raw = await c.req.json().catch(() => {
        throw new ApiError(400, 'invalid_input')
      })
      const result = await loginFromRequest(c, deps, parseOrThrow(LoginBody, raw, c.get('lang')))
      return c.json({ user: result.user, csrfToken: result.csrfToken })
    })
    .post('/logout', async (c) => {
      await logoutFromRequest(c)
      return c.body(null, 204)
    })
    .get('/me', requireUser(), (c) => c.json({ user: currentUser(c), csrfToken: c.get('csrfToken') }))
}
