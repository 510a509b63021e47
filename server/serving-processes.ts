import cluster, { type Worker } from 'node:cluster'

/** How long a serving process gets to close after SIGTERM (its pool gives queries 10 s) before it is killed. */
const STOP_TIMEOUT_MS = 20_000
/** A serving process that exits unexpectedly is replaced after this pause (a crash loop stays slow). */
const RESTART_DELAY_MS = 1_000

/** Connections each serving process keeps to PostgreSQL: 20, fewer when many share the server (80 in all, 5 at least). */
export function poolPerProcess(processes: number): number {
  return Math.max(5, Math.min(20, Math.floor(80 / processes)))
}

/**
 * Runs `count` serving processes of this script (node:cluster: they share one listening port,
 * the primary hands each new connection to one of them) and keeps them running. `onListening`
 * runs once, when every one has listened for the first time. One that exits unexpectedly
 * later is replaced; one that exits before it ever listened is a start-up failure each
 * replacement would repeat, so the rest are stopped and the primary exits 1. SIGTERM or SIGINT
 * stops every process (each closes its own pool); the primary exits when all have.
 * @example if (cluster.isPrimary) superviseServingProcesses(4, { log: console.log, onListening: () => console.log('ready') })
 */
export function superviseServingProcesses(count: number, options: { log(line: string): void; onListening(): void }): void {
  const { log } = options
  const listened = new Set<Worker>()
  let ready = false
  let stopping = false

  const fork = () => {
    const worker = cluster.fork()
    worker.once('listening', () => {
      listened.add(worker)
      if (!ready && listened.size === count) {
        ready = true
        options.onListening()
      }
    })
    worker.once('exit', (code, signal) => {
      const hadListened = listened.delete(worker)
      if (stopping) return
      const how = signal ? `signal ${signal}` : `code ${code}`
      if (!hadListened) {
        log(`Pingyi cannot start: a serving process exited before it listened (${how})`)
        void stop(1)
        return
      }
      log(`服务进程 ${worker.process.pid} 意外退出 (${how})，1 秒后重启 A serving process exited unexpectedly; starting another`)
      setTimeout(() => stopping || fork(), RESTART_DELAY_MS)
    })
  }

  const stop = async (exitCode: number) => {
    if (stopping) return
    stopping = true
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())
    // Clean: exited 0, or killed by the SIGTERM sent here before it had a handler for it — a
    // replacement forked a moment ago, still opening its pool, dies of it: the stop asked for.
    const cleanly = (code: number | null, signal: string | null) => code === 0 || signal === 'SIGTERM'
    const exits = running.map((w) => new Promise<boolean>((resolve) => (w.isDead() ? resolve(cleanly(w.process.exitCode, w.process.signalCode)) : w.once('exit', (code, signal) => resolve(cleanly(code, signal))))))
    for (const w of running) w.process.kill('SIGTERM')
    const killer = setTimeout(() => {
      log(`serving processes still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM: killed`)
      for (const w of running) if (!w.isDead()) w.process.kill('SIGKILL')
    }, STOP_TIMEOUT_MS)
    const clean = await Promise.all(exits)
    clearTimeout(killer)
    process.exit(exitCode || (clean.every(Boolean) ? 0 : 1))
  }

  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))
  for (let i = 0; i < count; i++) fork()
}
