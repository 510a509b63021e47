import { TEST_CODE_KEY } from './demo'
import { freePort, type Spawned, start, stopProcess, waitForHttp } from './processes'

export interface RunningHost {
  base: string
  process: Spawned
  stop(): Promise<void>
}

/**
 * The Workers host under workerd (`wrangler dev`, nodejs_compat), reaching PostgreSQL at
 * `databaseUrl` through the Hyperdrive binding's local connection string; static assets
 * through `[assets]` (built by the tests' global setup). `codeKey`: another secret than the
 * tests' key; `answered`: what counts as up (default: /api/health answers 2xx).
 */
export async function startWorkerHost(databaseUrl: string, options: { codeKey?: string; answered?: (res: Response) => boolean } = {}): Promise<RunningHost> {
  const port = await freePort()
  // Hyperdrive's local string must carry a password; trust auth ignores it.
  const url = new URL(databaseUrl)
  url.password = url.password || 'pingyi'
  const wrangler = start('npx', ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(await freePort()), '--var', `PINGYI_CODE_KEY:${options.codeKey ?? TEST_CODE_KEY}`], {
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.toString(),
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
  })
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/api/health`, wrangler, undefined, undefined, options.answered)
  return { base, process: wrangler, stop: () => stopProcess(wrangler) }
}

/** The Node host as `npm start` runs it (the bundled `dist/server/node.mjs`), over PostgreSQL at `databaseUrl`. */
export async function startNodeHost(databaseUrl: string): Promise<RunningHost> {
  const port = await freePort()
  const node = start(process.execPath, ['dist/server/node.mjs'], { PORT: String(port), DATABASE_URL: databaseUrl, PINGYI_CODE_KEY: TEST_CODE_KEY})
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/api/health`, node)
  return { base, process: node, stop: () => stopProcess(node) }
}

