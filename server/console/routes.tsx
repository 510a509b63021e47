import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { AuditPageQuery } from '../audit/schemas'
import { listAudit } from '../audit/store'
import { ThrottledError } from '../auth/login'
import { changeOwnPassword } from '../auth/password-change'
import { PasswordChangeBody } from '../auth/schemas'
import { sessionToken } from '../auth/session'
import type { AppDeps, AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { filledQuery, parseOrThrow } from '../validate'
import { auditNames } from './audit-names'
import { AuditPage } from './audit-page'
import { consolePage, requireConsoleUser, safeNext } from './guard'
import { ConsoleHome } from './home-page'
import { PasswordPage } from './password-page'
import { setupPageRoutes } from './setup-routes'
import { scopeSummary } from './store'

/** The console's pages (landing, campaign setup, audit log, password) and the language switch every page links to. */
export function consoleRoutes(deps: Pick<AppDeps, 'clientAddress'>) {
  return new Hono<AppEnv>()
  .get('/console', requireConsoleUser(), async (c) => {
    const req = consolePage(c)
    return c.html(<ConsoleHome req={req} scope={await scopeSummary(c.get('db'), req.user)} />)
  })
  .get('/console/audit', requireConsoleUser('organiser'), async (c) => {
    const req = consolePage(c)
    const query = parseOrThrow(AuditPageQuery, filledQuery(c.req.query()), req.lang)
    const page = await listAudit(c.get('db'), { ...query, campaignId: req.user.campaignId ?? query.campaignId })
    return c.html(<AuditPage req={req} items={page.items} names={await auditNames(c.get('db'), page.items)} nextBefore={page.nextBefore} entity={query.entity} />)
  })
  .get('/console/password', requireConsoleUser(), (c) => c.html(<PasswordPage req={consolePage(c)} />))
  .post('/console/password', requireConsoleUser(), async (c) => {
    const req = consolePage(c)
    const form = await c.req.parseBody()
    const value = (key: string) => (typeof form[key] === 'string' ? form[key] : '')
    try {
      const body = parseOrThrow(PasswordChangeBody, { currentPassword: value('currentPassword'), newPassword: value('newPassword') }, req.lang)
      await changeOwnPassword(c.get('db'), { user: req.user, sessionToken: sessionToken(c) ?? '', ...body, address: deps.clientAddress?.(c) ?? null, now: c.get('now')() })
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      if (error instanceof ThrottledError) c.header('Retry-After', String(error.retryAfter))
      const fields = Object.fromEntries((error.issues ?? []).map((issue) => [issue.path, issue.message ?? errorMessages[error.code][req.lang]]))
      const state = error.code === 'bad_credentials' ? { wrongCurrent: true } : error.code === 'invalid_input' ? { fields } : { error: errorMessages[error.code][req.lang] }
      return c.html(<PasswordPage req={req} state={state} />, error.status as 403 | 422 | 429)
    }
    return c.html(<PasswordPage req={req} state={{ done: true }} />)
  })
  .route('/', setupPageRoutes)
  .get('/lang/:lang', (c) => {
    const lang = c.req.param('lang')
    if (lang !== 'zh-CN' && lang !== 'en') throw new ApiError(404, 'not_found')
    setCookie(c, 'lang', lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 60 * 60 })
    return c.redirect(safeNext(c.req.query('next'), '/'), 303)
  })
}
