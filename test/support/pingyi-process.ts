import { withDeadline } from '../../server/db/unavailable'
import { TEST_CODE_KEY } from './demo'
import { freePort, type Spawned, start, waitForHttp } from './processes'

/** The first organiser every test host creates at start (PINGYI_ADMIN_USER / _PASSWORD). */
export const HOST_ADMIN = { username: 'office-admin', password: 'office-admin-password-1' }

/**
 * The Node host as `npm start` runs it (`dist/server/node.mjs`, built by the tests' global
 * setup) in a child process on a fixed free port, so that it can be killed and started again
 * at the same address. Everything it prints, over all its lives, is kept for `output()`.
 */
export interface PingyiProcess {
  base: string
  /** stdout and stderr of every start so far. */
  output(): string
  /** Starts it (again), same port, same environment; resolves once /api/health answers. */
  start(): Promise<void>
  /** SIGKILL: no shutdown, no flush, no close. */
  kill9(): Promise<void>
  /** SIGTERM and wait for the exit; resolves with its exit code (undefined when not running). */
  stop(): Promise<number | null | undefined>
  /** Whether a process is running now. */
  running(): boolean
  /** The running host's process id (its serving processes, if any, are its children). */
  pid(): number | undefined
}

/** How long `stop()` waits for the host to exit after SIGTERM before it kills it and fails. */
const STOP_TIMEOUT_MS = 30_000

export async function pingyiProcess(env: Record<string, string>): Promise<PingyiProcess> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const outputs: (() => string)[] = []
  let current: Spawned | undefined
  let alive = false
  const self: PingyiProcess = {
    base,
    output: () => outputs.map((o) => o()).join(''),
    async start() {
      if (alive) throw new Error('already running')
      const spawned = start(process.execPath, ['dist/server/node.mjs'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        PINGYI_CODE_KEY: TEST_CODE_KEY,
        PINGYI_ADMIN_USER: HOST_ADMIN.username,
        PINGYI_ADMIN_PASSWORD: HOST_ADMIN.password,
        ...env,
      })
      current = spawned
      alive = true
      void spawned.exited.then(() => {
        if (current === spawned) alive = false
      })
      outputs.push(spawned.output)
      await waitForHttp(`${base}/api/health`, spawned, 120_000)
    },
    async kill9() {
      if (!current || !alive) return
      current.kill('SIGKILL')
      await current.exited
      alive = false
    },
    async stop() {
      if (!current || !alive) return
      const stopping = current
      stopping.kill('SIGTERM')
      // The host closes its pool within 10 s (server/db/open.ts): past that it hangs, which the
      // test must report with what the host printed, not as a bare hook timeout.
      try {
        return await withDeadline(stopping.exited, STOP_TIMEOUT_MS, () => new Error(`the host did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed); it printed:\n${stopping.output().slice(-4000)}`))
      } catch (error) {
        stopping.kill('SIGKILL')
        await stopping.exited
        throw error
      } finally {
        alive = false
      }
    },
    running: () => alive,
    pid: () => (alive ? current?.child.pid : undefined),
  }
  await self.start()
  return self
}
