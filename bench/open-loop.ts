import { Pool } from 'undici'

export interface OpenLoopResult {
  /** Requests per second offered (scheduled). */
  offered: number
  /** Latency from each request's scheduled start, so time spent queued for a connection counts. */
  p50: number
  p99: number
  errors: number
  /** Items (ballots) acknowledged: `perRequest` for each 2xx, less what it refused. */
  ok: number
}

/**
 * An open-loop load: requests start on a fixed schedule, `rate` per second over `connections`
 * keep-alive connections, whatever the answers take — as evaluators arrive, not as a closed
 * loop of clients that each wait for their last answer. Latency is measured from the scheduled
 * start (a request queued for a free connection is late from its schedule, so the server's
 * slowness is not hidden by sending less: no coordinated omission).
 * The schedule runs `warmupSeconds` at the same rate first, answered and counted in `ok` and
 * `errors` but left out of the latencies: the step from silence to the full rate (64 new
 * connections, the server's queues filling) is not the steady state the figure is about.
 */
export async function openLoop(options: {
  url: string
  path: string
  body: () => string
  rate: number
  seconds: number
  connections: number
  /** Items (ballots) in each request. */
  perRequest?: number
  /** Answers that are 2xx yet refuse some of what they carried (a batch), counted as errors. */
  refusedIn?: (body: string) => number
  /** Seconds at the same rate before the measured ones (default 0). */
  warmupSeconds?: number
}): Promise<OpenLoopResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1, keepAliveTimeout: 10_000 })
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 0))
  const total = warmup + Math.round(options.rate * options.seconds)
  const latencies: number[] = []
  let errors = 0
  let ok = 0
  const inFlight: Promise<void>[] = []
  const start = performance.now()
  const send = async (scheduled: number, measured: boolean) => {
    try {
      const res = await pool.request({ method: 'POST', path: options.path, headers: { 'content-type': 'application/json' }, body: options.body() })
      const text = await res.body.text()
      if (res.statusCode >= 300) errors++
      else {
        const refused = options.refusedIn?.(text) ?? 0
        errors += refused
        ok += (options.perRequest ?? 1) - refused
        if (measured) latencies.push(performance.now() - scheduled)
      }
    } catch {
      errors++
    }
  }
  for (let i = 0; i < total; ) {
    const now = performance.now()
    // Every request whose time has come, then a short sleep: the schedule, not the answers, sets the pace.
    while (i < total && start + (i * 1000) / options.rate <= now) inFlight.push(send(start + (i * 1000) / options.rate, i++ >= warmup))
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await Promise.all(inFlight)
  await pool.close()
  latencies.sort((a, b) => a - b)
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : Number.NaN)
  return { offered: options.rate, p50: at(0.5), p99: at(0.99), errors, ok }
}

/**
 * The highest rate (requests/s) at which an open-loop load keeps its p99 under `p99Ms` without
 * errors: doubling from `from` until it fails (or until the next would pass `upTo`: no higher
 * rate is asked about, and each try spends codes), then `steps` bisections. A rate that fails is
 * tried once more before it counts as failed: one stall of a shared machine (a 26 ms p99 at a
 * rate a quarter of the one that holds) must not end the search. Each try is printed.
 */
export async function highestRateWithin(p99Ms: number, from: number, steps: number, runOnce: (rate: number) => Promise<OpenLoopResult>, label: (r: OpenLoopResult) => string, upTo = Number.POSITIVE_INFINITY) {
  const held = (r: OpenLoopResult) => r.errors === 0 && r.p99 < p99Ms
  const run = async (rate: number) => {
    const first = await runOnce(rate)
    if (held(first)) return first
    console.log(`    ${label(first)}; once more`)
    return runOnce(rate)
  }
  let best: OpenLoopResult | null = null
  let failed: OpenLoopResult | null = null
  for (let rate = from; rate <= upTo; rate *= 2) {
    const r = await run(rate)
    console.log(`    ${label(r)}`)
    if (!held(r)) {
      failed = r
      break
    }
    best = r
  }
  if (!failed) return { best, failed }
  let low = best?.offered ?? 0
  let high = failed.offered
  for (let i = 0; i < steps; i++) {
    const rate = Math.round((low + high) / 2)
    const r = await run(rate)
    console.log(`    ${label(r)}`)
    if (held(r)) {
      best = r
      low = rate
    } else {
      failed = r
      high = rate
    }
  }
  return { best, failed }
}
