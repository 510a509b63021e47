import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { auditRoutes } from './audit/routes'
import { csrfMiddleware } from './auth/csrf'
import { requireUser } from './auth/guard'
import { authPageRoutes } from './auth/pages'
import { authRoutes } from './auth/routes'
import { sessionMiddleware } from './auth/session'
import { ballotRoutes, isBallotBatchPath } from './ballots/routes'
import { boardRoutes } from './board/routes'
import { campaignRoutes } from './campaigns/routes'
import { categoryRoutes } from './categories/routes'
import { consoleErrorPage } from './console/error-page'
import { consoleRoutes } from './console/routes'
import { codeCheckRoutes } from './codes/check-routes'
import { codeBatchRoutes } from './codes/routes'
import { keyedHasher, newSecretKey } from './codes/keyed-hash'
import type { AppDeps, AppEnv } from './env'
import { isDatabaseUnavailable } from './db/unavailable'
import { ApiError, errorEnvelope } from './errors'
import { presetRoutes } from './forms/preset-routes'
import { formRoutes } from './forms/routes'
import { pickLang } from './i18n'
import { Ingest } from './ingest/ingest'
import { bodySizeLimit } from './limits/body-size'
import { Limiter, TooManyAttempts } from './limits/limiter'
import { ErrorPage } from './pages/home-page'
import { openApiDocument } from './openapi/document'
import { paperConsoleRoutes } from './paper/console-routes'
import { paperRoutes } from './paper/routes'
import { opinionConsoleRoutes } from './opinions/console-routes'
import { opinionRoutes } from './opinions/routes'
import { pageRoutes } from './pages/routes'
import { publicationPageRoutes } from './publications/page-routes'
import { publicationRoutes } from './publications/routes'
import { resultsApiRoutes } from './results/api-routes'
import { resultsPageRoutes } from './results-pages/routes'
import { exportRoutes } from './exports/routes'
import { recheckConsoleRoutes } from './recheck/console'
import { recheckPageRoutes } from './recheck/page-routes'
import { recheckRoutes, recheckSetupRoutes } from './recheck/routes'
import { rectificationConsoleRoutes } from './rectification/console-routes'
import { rectificationRoutes } from './rectification/routes'
import { roundSetupRoutes } from './rounds/routes'
import { unitRoutes } from './units/routes'
import { isUploadPath, MAX_UPLOAD } from './units/upload'
import { inlineSources } from './pages/inline-assets'
import { userRoutes } from './users/routes'

/**
 * Builds the whole HTTP surface of Pingyi from its dependencies. Imports nothing from
 * `node:*` or `cloudflare:*`: the Node and Workers hosts both hand it a database.
 * @example const app = createApp({ db }); const res = await app.request('/api/health')
 */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((line: string) => console.log(line))
  const now = deps.now ?? (() => new Date())
  const keys = keyedHasher(deps.secrets?.codeKey ?? newSecretKey())
  const ingest = new Ingest(deps.db, keys, deps.ingest, log)
  const limiter = new Limiter(deps.limits)
  const app = new Hono<AppEnv>()

  for (const middleware of deps.hostMiddleware ?? []) app.use(middleware)
  app.use(requestId())
  app.use(async (c, next) => {
    c.set('db', deps.db)
    c.set('now', now)
    c.set('keys', keys)
    c.set('ingest', ingest)
    c.set('limiter', limiter)
    c.set('inlineAssets', deps.inlineAssets)
    c.set('publicOrigin', deps.publicOrigin)
    c.set('lang', pickLang(c.req.query('lang'), getCookie(c, 'lang'), c.req.header('accept-language')))
    const started = Date.now()
    await next()
    // The path only: no query string, no body, so no code or answer ever reaches a log.
    log(`${c.get('requestId')} ${c.req.method} ${c.req.routePath} ${c.res.status} ${Date.now() - started}ms`)
  })
  app.use(
    secureHeaders({
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      referrerPolicy: 'no-referrer',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineSources(deps.inlineAssets?.scripts)],
        styleSrc: ["'self'", ...inlineSources(deps.inlineAssets?.styles)],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  )
  const smallBody = bodySizeLimit(64 * 1024)
  const uploadBody = bodySizeLimit(MAX_UPLOAD)
  // A batch of up to 100 ballots, each with an opinion of up to 2,000 characters.
  const batchBody = bodySizeLimit(1024 * 1024)
  // Spreadsheet imports and ballot batches are the places a large body is expected.
  app.use((c, next) => (isUploadPath(c.req.path) ? uploadBody(c, next) : isBallotBatchPath(c.req.path) ? batchBody(c, next) : smallBody(c, next)))

  if (deps.assets) app.get('/assets/*', deps.assets)
  app.get('/api/health', (c) => c.json({ status: 'ok' }))
  app.use(sessionMiddleware())
  app.use(csrfMiddleware())
  app.route('/api/auth', authRoutes(deps))
  app.route('/api/audit', auditRoutes)
  app.route('/api/users', userRoutes)
  app.route('/api/rounds', ballotRoutes)
  app.route('/api/rounds', codeCheckRoutes)
  app.route('/api/rounds', codeBatchRoutes)
  app.route('/api/results', resultsApiRoutes)
  app.route('/api/results', publicationRoutes)
  app.route('/', publicationPageRoutes)
  // Results pages and exports (issue 5): each guarded as its JSON route above.
  app.route('/', resultsPageRoutes)
  app.route('/', exportRoutes)
  app.route('/api/rounds', paperRoutes)
  app.route('/api/rounds', recheckRoutes)
  // Opinions and rectification (issue 6): any console role but clerks; each route checks campaign, role and unit scope.
  app.use('/api/tracking/*', requireUser('organiser', 'leader', 'liaison'))
  app.route('/api/tracking', opinionRoutes)
  app.route('/api/tracking', rectificationRoutes)
  app.route('/api/tracking', recheckSetupRoutes)
  app.route('/', boardRoutes)
  app.route('/', recheckPageRoutes)
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()))
  // Campaign setup is the organisers' (issue 3); each route then checks the campaign in its URL.
  app.use('/api/presets', requireUser('organiser'))
  app.use('/api/campaigns/*', requireUser('organiser'))
  app.route('/api/presets', presetRoutes)
  app.route('/api/campaigns', campaignRoutes)
  app.route('/api/campaigns', unitRoutes)
  app.route('/api/campaigns', categoryRoutes)
  app.route('/api/campaigns', formRoutes)
  app.route('/api/campaigns', roundSetupRoutes)
  app.route('/', pageRoutes)
  app.route('/', authPageRoutes(deps))
  app.route('/', consoleRoutes(deps))
  app.route('/', paperConsoleRoutes)
  app.route('/', rectificationConsoleRoutes)
  app.route('/', opinionConsoleRoutes)
  app.route('/', recheckConsoleRoutes)

  app.notFound(() => {
    throw new ApiError(404, 'not_found')
  })
  app.onError((thrown, c) => {
    // A lost or restarting database is a 503 the client may retry, not a server fault.
    const error = !(thrown instanceof ApiError) && isDatabaseUnavailable(thrown) ? new ApiError(503, 'database_unavailable') : thrown
    if (error !== thrown) log(`${c.get('requestId')} database unavailable: ${(thrown as { code?: string }).code}`)
    const known = error instanceof ApiError
    if (!known) log(`${c.get('requestId')} error ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    const envelope = errorEnvelope(known ? error : new ApiError(500, 'internal'), c.get('lang') ?? 'zh-CN')
    const wantsHtml = !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html')
    if (error instanceof TooManyAttempts) c.header('Retry-After', String(error.retryAfter))
    if (known && error.code === 'database_unavailable') c.header('Retry-After', '2')
    const status = known ? error.status : 500
    if (wantsHtml) return c.html(consoleErrorPage(c, envelope) ?? ErrorPage({ lang: c.get('lang') ?? 'zh-CN', code: envelope.code, message: envelope.message }), status)
    return c.json({ error: envelope }, status)
  })
  return app
}

export type App = ReturnType<typeof createApp>
