import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getCookie } from 'hono/cookie'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { auditRoutes } from './audit/routes'
import { csrfMiddleware } from './auth/csrf'
import { authRoutes } from './auth/routes'
import { sessionMiddleware } from './auth/session'
import { ballotRoutes } from './ballots/routes'
import { codeCheckRoutes } from './codes/check-routes'
import { codeBatchRoutes } from './codes/routes'
import { keyedHasher, newSecretKey } from './codes/keyed-hash'
import type { AppDeps, AppEnv } from './env'
import { ApiError } from './errors'
import { errorMessages, pickLang } from './i18n'
import { Ingest } from './ingest/ingest'
import { Limiter, TooManyAttempts } from './limits/limiter'
import { ErrorPage } from './pages/home-page'
import { pageRoutes } from './pages/routes'
import { resultRoutes } from './results/routes'

/**
 * Builds the whole HTTP surface of Pingyi from its dependencies. Imports nothing from
 * `node:*` or `cloudflare:*`: the Node and Workers hosts both hand it a database.
 * @example const app = createApp({ db }); const res = await app.request('/api/health')
 */
export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((line: string) => console.log(line))
  const now = deps.now ?? (() => new Date())
  const keys = keyedHasher(deps.secrets?.codeKey ?? newSecretKey())
  const ingest = new Ingest(deps.db, deps.ingest, log)
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
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  )
  app.use(
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new ApiError(413, 'payload_too_large')
      },
    }),
  )

  if (deps.assets) app.get('/assets/*', deps.assets)
  app.get('/api/health', (c) => c.json({ status: 'ok' }))
  app.use(sessionMiddleware())
  app.use(csrfMiddleware())
  app.route('/api/auth', authRoutes(deps))
  app.route('/api/audit', auditRoutes)
  app.route('/api/rounds', ballotRoutes)
  app.route('/api/rounds', codeCheckRoutes)
  app.route('/api/rounds', codeBatchRoutes)
  app.route('/api/rounds', resultRoutes)
  app.route('/', pageRoutes)

  app.notFound(() => {
    throw new ApiError(404, 'not_found')
  })
  app.onError((error, c) => {
    const known = error instanceof ApiError
    if (!known) log(`${c.get('requestId')} error ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    const status = known ? error.status : 500
    const code = known ? error.code : 'internal'
    const lang = c.get('lang') ?? 'zh-CN'
    const message = errorMessages[code][lang]
    const wantsHtml = !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html')
    if (error instanceof TooManyAttempts) c.header('Retry-After', String(error.retryAfter))
    if (wantsHtml) return c.html(ErrorPage({ lang, code, message }), status)
    const issues = known && error.issues?.length ? { issues: error.issues } : {}
    return c.json({ error: { code, message, ...issues } }, status)
  })
  return app
}

export type App = ReturnType<typeof createApp>
