import { type Context, Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { safeNext } from '../console/guard'
import { ct } from '../console/text'
import type { AppDeps, AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { parseOrThrow } from '../validate'
import { equalText, randomToken } from './crypto'
import { LoginPage, type LoginState } from './login-page'
import { loginFromRequest, logoutFromRequest } from './routes'
import { LoginBody } from './schemas'

/** Pairs the login form with its browser (login CSRF): random, short-lived, never a session. */
const LOGIN_COOKIE = '__Host-pingyi_login'

function renderLogin(c: Context<AppEnv>, next: string, state: LoginState, status: 200 | 401 | 403 | 422 | 429 = 200) {
  const formToken = randomToken(24)
  setCookie(c, LOGIN_COOKIE, formToken, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 60 * 60 })
  return c.html(<LoginPage lang={c.get('lang')} next={next} formToken={formToken} state={state} />, status)
}

function text(fields: Record<string, unknown>, key: string): string {
  const value = fields[key]
  return typeof value === 'string' ? value : ''
}

/** `/login` (GET shows the form, POST logs in without JavaScript) and `/logout`. */
export function authPageRoutes(deps: Pick<AppDeps, 'clientAddress'>) {
  return new Hono<AppEnv>()
    .get('/login', (c) => {
      const next = safeNext(c.req.query('next'))
      if (c.get('user')) return c.redirect(next, 303)
      return renderLogin(c, next, c.req.query('done') === 'logout' ? { notice: ct(c.get('lang'), 'loggedOut') } : {})
    })
    .post('/login', async (c) => {
      const lang = c.get('lang')
      const fields = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const next = safeNext(text(fields, 'next'))
      const username = text(fields, 'username').slice(0, 64)
      const cookie = getCookie(c, LOGIN_COOKIE)
      if (!cookie || !equalText(cookie, text(fields, '_login'))) {
        return renderLogin(c, next, { username, error: ct(lang, 'formExpired') }, 403)
      }
      try {
        const body = parseOrThrow(LoginBody, { username: text(fields, 'username'), password: text(fields, 'password') }, lang)
        await loginFromRequest(c, deps, body)
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error
        const issues = Object.fromEntries((error.issues ?? []).map((issue) => [issue.path, issue.message ?? errorMessages.invalid_input[lang]]))
        const state = error.code === 'invalid_input' ? { username, fields: issues } : { username, error: errorMessages[error.code][lang] }
        return renderLogin(c, next, state, error.status as 401 | 403 | 422 | 429)
      }
      deleteCookie(c, LOGIN_COOKIE, { path: '/', secure: true })
      return c.redirect(next, 303)
    })
    .post('/logout', async (c) => {
      await logoutFromRequest(c)
      return c.redirect('/login?done=logout', 303)
    })
}
