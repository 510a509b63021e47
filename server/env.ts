import type { Context, MiddlewareHandler } from 'hono'
import type { SessionUser } from './auth/guard'
import type { Kysely } from 'kysely'
import type { Database } from './db/schema'
import type { Lang } from './i18n'

/** What the app needs from its host; the app builds nothing host-specific itself. */
export interface AppDeps {
  db: Kysely<Database>
  /** Current time; tests pass a fixed clock. */
  now?: () => Date
  /** Where log lines go (never with codes or ballot content). */
  log?: (line: string) => void
  /** Host middleware run before everything else (the Node host's compression). */
  hostMiddleware?: MiddlewareHandler[]
  /** Serves `/assets/*` where the host has no asset service of its own (Node). */
  assets?: MiddlewareHandler
  /**
   * The client's address, for login throttling only (never stored with ballots). Set by the host
   * (Node: the socket; Workers: CF-Connecting-IP). Without it, logins are throttled per account only.
   */
  clientAddress?: (c: Context) => string | undefined
}

export type AppEnv = {
  Variables: {
    db: Kysely<Database>
    requestId: string
    lang: Lang
    now: () => Date
    /** The logged-in user; absent when the request has no live session. */
    user?: SessionUser
    /** The session's CSRF token, for forms (`_csrf`) and scripts (`x-csrf-token`). */
    csrfToken?: string
  }
}
