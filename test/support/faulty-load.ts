import type { RoundContext } from '../../server/rounds/store'
import { type Exchange, pool, postOver } from './http-client'

export interface FaultyLoadResult {
  /** Markers (opinions) of the submissions the server acknowledged with 201. */
  acknowledged: Set<string>
  /** Requests that got no answer at all (reset or refused connection). */
  unanswered: number
  /** Answers with a 5xx status, by status. */
  serverErrors: number
  statuses5xx: Map<number, number>
  /** Submissions that never got a 201 (refused with a 4xx or given up). */
  failed: string[]
  faults: number
  seconds: number
}

/**
 * Sends one code ballot per (code, unit), each marked with a unique opinion, `concurrency` at a
 * time, retrying with the same submission id after a network error or a 5xx, as the phone form
 * does. Meanwhile `fault` is run each time the number of acknowledged ballots passes one of
 * `faultPoints` random thresholds (a kill, a restart …).
 */
export async function faultyLoad(options: {
  base: string
  ctx: RoundContext
  codes: string[]
  units: number[]
  marker: string
  faults: number
  fault: () => Promise<void>
  concurrency?: number
}): Promise<FaultyLoadResult> {
  const { base, ctx, codes, units, marker } = options
  const bodies = codes.flatMap((code, c) =>
    units.map((unit, u) => ({
      submissionId: crypto.randomUUID(),
      code,
      unitId: ctx.units[unit]!.id,
      answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[(c + u) % ctx.levels.length]!.id])),
      opinion: `${marker}-${c}-${unit}`,
    })),
  )
  const points = Array.from({ length: options.faults }, () => Math.floor(bodies.length * (0.05 + 0.85 * Math.random()))).sort((a, b) => a - b)
  const acknowledged = new Set<string>()
  const failed: string[] = []
  let unanswered = 0
  let serverErrors = 0
  const statuses5xx = new Map<number, number>()
  let faults = 0
  let done = false
  const started = Date.now()
  const driver = (async () => {
    for (const point of points) {
      while (acknowledged.size < point && !done) await new Promise((r) => setTimeout(r, 5))
      if (done) return
      if (process.env.DEBUG_LOAD) console.log(`fault at ${acknowledged.size}`)
      await options.fault()
      faults++
      if (process.env.DEBUG_LOAD) console.log(`fault done`)
    }
  })()
  const path = `/api/rounds/${ctx.round.id}/ballots`
  const ticker = process.env.DEBUG_LOAD ? setInterval(() => console.log(`acked ${acknowledged.size} unanswered ${unanswered} 5xx ${serverErrors} faults ${faults}`), 2000) : undefined
  await pool(bodies, options.concurrency ?? 16, async (body) => {
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline) {
      const got: Exchange = await postOver(base, path, body)
      if ('status' in got && got.status === 201) {
        acknowledged.add(body.opinion)
        return
      }
      if ('error' in got) unanswered++
      else if (got.status >= 500) {
        serverErrors++
        statuses5xx.set(got.status, (statuses5xx.get(got.status) ?? 0) + 1)
      }
      else {
        failed.push(`${body.opinion}: ${got.status} ${got.body}`)
        return
      }
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
    }
    failed.push(`${body.opinion}: no 201 within 120 s`)
  })
  done = true
  clearInterval(ticker)
  await driver
  return { acknowledged, unanswered, serverErrors, statuses5xx, failed, faults, seconds: (Date.now() - started) / 1000 }
}
