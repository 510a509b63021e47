import type { MiddlewareHandler } from 'hono'
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
}

export type AppEnv = {
  Variables: {
    db: Kysely<Database>
    requestId: string
    lang: Lang
    now: () => Date
  }
}
