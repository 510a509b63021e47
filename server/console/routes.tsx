import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { AuditPageQuery } from '../audit/schemas'
import { listAudit } from '../audit/store'
import type { AppDeps, AppEnv } from '../env'
import { ApiError } from '../errors'
import { filledQuery, parseOrThrow } from '../validate'
import { auditNames } from './audit-names'
import { AuditPage } from './audit-page'
import { consolePage, requireConsoleUser, safeNext } from './guard'
import { ConsoleHome } from './home-page'
import { passwordPageRoutes } from './password-routes'
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
  .route('/', passwordPageRoutes(deps))
  .route('/', setupPageRoutes)
  .get('/lang/:lang', (c) => {
    const lang = c.req.param('lang')
    if (lang !== 'zh-CN' && lang !== 'en') throw new ApiError(404, 'not_found')
    setCookie(c, 'lang', lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 60 * 60 })
    return c.redirect(safeNext(c.req.query('next'), '/'), 303)
  })
}
