import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { AuditQuery } from '../audit/schemas'
import { listAudit } from '../audit/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { AuditPage } from './audit-page'
import { consolePage, requireConsoleUser, safeNext } from './guard'
import { ConsoleHome } from './home-page'
import { scopeSummary } from './store'

/** The console's own pages (landing, audit log) and the language switch every page links to. */
export const consoleRoutes = new Hono<AppEnv>()
  .get('/console', requireConsoleUser(), async (c) => {
    const req = consolePage(c)
    return c.html(<ConsoleHome req={req} scope={await scopeSummary(c.get('db'), req.user)} />)
  })
  .get('/console/audit', requireConsoleUser('organiser'), async (c) => {
    const req = consolePage(c)
    const query = parseOrThrow(AuditQuery, c.req.query(), req.lang)
    const page = await listAudit(c.get('db'), { ...query, campaignId: req.user.campaignId ?? query.campaignId })
    return c.html(<AuditPage req={req} items={page.items} nextBefore={page.nextBefore} entity={query.entity} />)
  })
  .get('/lang/:lang', (c) => {
    const lang = c.req.param('lang')
    if (lang !== 'zh-CN' && lang !== 'en') throw new ApiError(404, 'not_found')
    setCookie(c, 'lang', lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 60 * 60 })
    return c.redirect(safeNext(c.req.query('next'), '/'), 303)
  })
