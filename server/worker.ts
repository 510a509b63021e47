import type { Kysely } from 'kysely'
import { createApp } from './app'
import { codeKeyProblem } from './codes/key-check'
import { keyedHasher } from './codes/keyed-hash'
import type { Database } from './db/schema'
import { openPostgres, postgresKysely } from './db/postgres'
import { schemaProblem } from './db/schema-version'
import { type InlineAssets, loadInlineAssets } from './pages/inline-assets'

/** The Workers bindings: Postgres through Hyperdrive; static assets are served by `[assets]`. */
interface Env {
  HYPERDRIVE: { connectionString: string }
  /** `[assets]`'s binding: the public phone pages' script and styles are read through it to be sent inline. */
  ASSETS?: { fetch(request: Request): Promise<Response> }
  /** The key of every keyed hash (access codes, submission ids, devices): a Workers secret. */
  PINGYI_CODE_KEY: string
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
  props: unknown
}

/**
 * The public phone pages' inline assets, read once per isolate through the ASSETS binding (null:
 * read, and not to be inlined). The value is kept, not the promise: a promise made by one
 * request must not be awaited by another. A failed read is tried again by the next request.
 */
let inlineAssets: InlineAssets | null | undefined
async function readInlineAssets(env: Env): Promise<InlineAssets | undefined> {
  const assets = env.ASSETS
  if (inlineAssets === undefined && assets) {
    const read = async (file: string) => {
      const res = await assets.fetch(new Request(`https://assets.invalid/assets/${file}`))
      return res.ok ? res.text() : null
    }
    try {
      inlineAssets = (await loadInlineAssets(read)) ?? null
    } catch (error) {
      console.error(`pingyi: the phone pages link their assets this time (reading them failed: ${error instanceof Error ? error.message : String(error)})`)
    }
  }
  return inlineAssets ?? undefined
}

/**
 * Whether this isolate may serve the database: its schema is this version's (db/schema-version.ts:
 * a Worker of another version would not read the stored hashes the same way), and its code key
 * is the one the database's open rounds and staged ballots depend on (codes/key-check.ts). Once
 * it may, it is not asked again in this isolate; while it may not, every request asks again, so
 * migrating the database (or closing the rounds the previous key holds) mends it without a new
 * deployment. A failed check (the database unreachable) is asked again by the next request;
 * the app answers this one as it answers any database failure.
 */
let servable = false
async function hostProblem(db: Kysely<Database>, codeKey: string): Promise<string | null> {
  if (servable) return null
  try {
    const problem = (await schemaProblem(db)) ?? (await codeKeyProblem(db, keyedHasher(codeKey)))
    servable = problem === null
    return problem
  } catch {
    return null
  }
}

/**
 * Cloudflare Workers host: one small postgres.js client per request over Hyperdrive's pooled
 * connection (no session state survives a request), handed to the same app as on Node.
 * Migrations run from Node (`npm run db:migrate`) against the same database.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (!env.HYPERDRIVE?.connectionString) {
      return misconfigured('缺少 Hyperdrive 绑定 HYPERDRIVE(wrangler.toml 的 [[hyperdrive]])。The HYPERDRIVE binding is missing.')
    }
    if (!env.PINGYI_CODE_KEY || env.PINGYI_CODE_KEY.length < 32) {
      return misconfigured('缺少密钥 PINGYI_CODE_KEY(至少 32 个字符,用 wrangler secret put 设置)。The PINGYI_CODE_KEY secret (32+ characters) is missing.')
    }
    const db = postgresKysely(openPostgres(env.HYPERDRIVE.connectionString, { max: 1 }))
    const problem = await hostProblem(db, env.PINGYI_CODE_KEY)
    if (problem) {
      ctx.waitUntil(db.destroy())
      return misconfigured(problem)
    }
    // Cloudflare sets CF-Connecting-IP itself; used for login throttling only.
    // An app per request: its ingest cannot count staged ballots itself, the database does.
    const app = createApp({
      db,
      secrets: { codeKey: env.PINGYI_CODE_KEY },
      clientAddress: (c) => c.req.header('cf-connecting-ip'),
      ingest: { countStaged: 'database' },
      inlineAssets: await readInlineAssets(env),
    })
    // Work the app leaves running after its response (a staging flush) is kept alive by
    // waitUntil, and the request's client is closed only once that work has settled.
    const background: Promise<unknown>[] = []
    const execution: ExecutionContext = { waitUntil: (work) => background.push(work), passThroughOnException: () => ctx.passThroughOnException(), props: ctx.props }
    try {
      return await app.fetch(request, env, execution)
    } finally {
      ctx.waitUntil(Promise.allSettled(background).then(() => db.destroy()))
    }
  },
}

function misconfigured(message: string): Response {
  console.error(`pingyi: ${message}`)
  return Response.json({ error: { code: 'misconfigured', message } }, { status: 503 })
}
