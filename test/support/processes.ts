import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface Spawned {
  child: ChildProcess
  output: () => string
  /** Ends the process and its children (it is started as a group leader). */
  kill(signal?: NodeJS.Signals): void
  exited: Promise<number | null>
}

/** Starts a command in its own process group, collecting what it prints. */
export function start(command: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(command, args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout?.on('data', (chunk) => (text += chunk))
  child.stderr?.on('data', (chunk) => (text += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    output: () => text,
    kill: (signal = 'SIGTERM') => {
      try {
        if (child.pid) process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    },
    exited,
  }
}

/** Ends a process (and its group) with SIGTERM, then SIGKILL if it has not exited `graceMs` later: a stop must not hang. */
export async function stopProcess(spawned: Spawned, graceMs = 15_000): Promise<void> {
  spawned.kill('SIGTERM')
  const hard = setTimeout(() => spawned.kill('SIGKILL'), graceMs)
  await spawned.exited
  clearTimeout(hard)
}

/** Polls a process's `output` until it contains `text`; throws with the output after `timeoutMs`. */
export async function waitForOutput(output: () => string, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" not printed within ${timeoutMs} ms:\n${output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, spawned: Spawned, timeoutMs = 90_000, pollMs = 250, answered: (res: Response) => boolean = (res) => res.ok): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void spawned.exited.then(() => (exited = true))
  while (Date.now() < deadline) {
    if (exited) throw new Error(`process exited before ${url} answered:\n${spawned.output()}`)
    try {
      // Bounded: a server that takes the connection and never answers must not outlast the deadline.
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.min(10_000, deadline - Date.now()))) })
      if (answered(res)) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${spawned.output()}`)
}
