import { Hono } from 'hono'
import { ThrottledError } from '../auth/login'
import { changeOwnPassword } from '../auth/password-change'
import { PasswordChangeForm } from '../auth/schemas'
import { sessionToken } from '../auth/session'
import type { AppDeps, AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { readForm, refused } from './form-kit'
import { consolePage, requireConsoleUser } from './guard'
import { PasswordPage, passwordText } from './password-page'

/**
 * `/console/password`: every console user changes their own password. A change ends with a
 * redirect to `?done=changed` (Post/Redirect/Get), so reloading the notice posts nothing again.
 */
export function passwordPageRoutes(deps: Pick<AppDeps, 'clientAddress'>) {
  return new Hono<AppEnv>()
    .get('/console/password', requireConsoleUser(), (c) => c.html(<PasswordPage req={consolePage(c)} done={c.req.query('done') === 'changed'} />))
    .post('/console/password', requireConsoleUser(), async (c) => {
      const req = consolePage(c)
      const form = await readForm(c)
      try {
        const input = { currentPassword: form.text('currentPassword'), newPassword: form.text('newPassword'), confirmPassword: form.text('confirmPassword') }
        const { confirmPassword: _typedTwice, ...body } = parseOrThrow(PasswordChangeForm, input, req.lang)
        await changeOwnPassword(c.get('db'), { user: req.user, sessionToken: sessionToken(c) ?? '', ...body, address: deps.clientAddress?.(c) ?? null, now: c.get('now')() })
      } catch (error) {
        if (error instanceof ThrottledError) c.header('Retry-After', String(error.retryAfter))
        // No password typed is ever sent back; a wrong current one is said at its field (403).
        const state = refused(error, {}, req.lang, undefined, true)
        if (error instanceof ApiError && error.code === 'bad_credentials') state.errors.currentPassword = passwordText.wrongCurrent[req.lang]
        return c.html(<PasswordPage req={req} state={state} />, (error as ApiError).status as 403 | 422 | 429)
      }
      return c.redirect('/console/password?done=changed', 303)
    })
}
