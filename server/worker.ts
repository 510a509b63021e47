import { createApp } from './app'
import { openPostgres, postgresKysely } from './db/postgres'

/** The Workers bindings: Postgres through Hyperdrive; static assets are served by `[assets]`. */
interface Env {
  HYPERDRIVE: { connectionString: string }
  /** The key of every keyed hash (access codes, submission ids, devices): a Workers secret. */
  PINGYI_CODE_KEY: string
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

/**
 * Cloudflare Workers host: one small postgres.js client per request over Hyperdrive's pooled
 * connection (no session state survives a request), handed to the same app as on Node.
 * Migrations run from Node (`npm run db:migrate`) against the same database.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (!env.HYPERDRIVE?.connectionString) {
      return Response.json({ error: { code: 'misconfigured', message: 'HYPERDRIVE binding is missing' } }, { status: 503 })
    }
    if (!env.PINGYI_CODE_KEY || env.PINGYI_CODE_KEY.length < 32) {
      return Response.json({ error: { code: 'misconfigured', message: 'PINGYI_CODE_KEY secret (32+ characters) is missing' } }, { status: 503 })
    }
    const db = postgresKysely(openPostgres(env.HYPERDRIVE.connectionString, { max: 1 }))
    // Cloudflare sets CF-Connecting-IP itself; used for login throttling only.
    const app = createApp({ db, secrets: { codeKey: env.PINGYI_CODE_KEY }, clientAddress: (c) => c.req.header('cf-connecting-ip') })
    try {
      return await app.fetch(request)
    } finally {
      ctx.waitUntil(db.destroy())
    }
  },
}
