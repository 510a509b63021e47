import type { Context, MiddlewareHandler } from 'hono'
import type { SessionUser } from './auth/guard'
import type { Kysely } from 'kysely'
import type { KeyedHasher } from './codes/keyed-hash'
import type { Database } from './db/schema'
import type { Lang } from './i18n'
import type { Ingest, IngestOptions } from './ingest/ingest'
import type { Limiter, LimitSettings } from './limits/limiter'
import type { InlineAssets } from './pages/inline-assets'

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
   * The public phone pages' script and styles (pages/inline-assets.ts), read by the host from
   * the built assets: those pages carry them inline (a round trip less on a phone each) and the
   * CSP admits them by hash. Without them every page links its files.
   */
  inlineAssets?: InlineAssets
  /**
   * Server secrets, read by the host (never hard-coded): the key of every keyed hash. Both
   * hosts always pass it; when omitted (tests that issue no codes) the app makes a random key
   * that lives and dies with this app instance.
   */
  secrets?: { codeKey: string }
  /** Ballot ingest tuning (group commit, staging flush size); defaults suit a Node host on PostgreSQL (on PGlite, `databaseOnThisThread`). */
  ingest?: Partial<IngestOptions>
  /** Per-device and per-round limits; defaults let 300 people behind one NAT vote in a minute. */
  limits?: Partial<LimitSettings>
  /**
   * The client's address, for login throttling only (never stored with ballots). Set by the host
   * (Node: the socket; Workers: CF-Connecting-IP). Without it, logins are throttled per account only.
   */
  clientAddress?: (c: Context) => string | undefined
  /**
   * The address evaluators open (PINGYI_PUBLIC_ORIGIN), for links printed on slips and posters;
   * without it, the request's own origin.
   */
  publicOrigin?: string
}

export type AppEnv = {
  Variables: {
    db: Kysely<Database>
    requestId: string
    lang: Lang
    now: () => Date
    keys: KeyedHasher
    ingest: Ingest
    limiter: Limiter
    /** The host's inline assets for the public phone pages, when it gave them. */
    inlineAssets?: InlineAssets
    /** The logged-in user; absent when the request has no live session. */
    user?: SessionUser
    /** The session's CSRF token, for forms (`_csrf`) and scripts (`x-csrf-token`). */
    csrfToken?: string
    /** The host's PINGYI_PUBLIC_ORIGIN, when set (see linkOrigin). */
    publicOrigin?: string
  }
}
