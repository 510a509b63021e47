import type { State } from './state'

/** Most ballots in one request (the server takes up to 100). */
const PER_REQUEST = 50

interface Result {
  status: 'counted' | 'refused'
  valid?: boolean
  error?: { message?: string }
  retryAfter?: number
}

/**
 * Sends every queued ballot of the current state, up to 50 in one request (a grid is one round
 * trip), each with its own submission id, so a retry after a lost answer is counted once.
 * Network errors, 5xx and 429 leave the ballots queued and retry with backoff (1 s doubling to
 * 60 s, or the server's Retry-After); the `online` event retries at once. Other refusals end
 * as `error` with the server's message.
 */
export function sender(round: string, current: () => State, changed: () => void) {
  let busy = false
  let delay = 1000
  let timer: ReturnType<typeof setTimeout> | undefined

  /** Sends some units' ballots; returns how long to wait before trying again (0: done). */
  async function sendSome(state: State, units: string[]): Promise<number> {
    let res: Response
    try {
      res = await fetch(`/api/rounds/${round}/ballots/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ballots: units.map((u) => state.st[u]!.body) }),
      })
    } catch {
      return delay
    }
    const wait = Math.max(delay, Number(res.headers.get('retry-after')) * 1000 || 0)
    if (res.status === 429 || res.status >= 500) return wait
    const reply = await res.json().catch(() => null)
    const results: Result[] | undefined = reply && reply.results
    if (res.status !== 200 || !results) {
      const m = (reply && reply.error && reply.error.message) || String(res.status)
      for (const u of units) state.st[u] = { s: 'error', m }
      return 0
    }
    let again = 0
    units.forEach((u, i) => {
      const r = results[i]
      if (!r) return
      if (r.status === 'counted') state.st[u] = { s: r.valid === false ? 'invalid' : 'counted' }
      else if (r.retryAfter) again = Math.max(again, delay, r.retryAfter * 1000)
      else state.st[u] = { s: 'error', m: (r.error && r.error.message) || '' }
    })
    return again
  }

  async function flush(): Promise<void> {
    if (busy) return
    busy = true
    clearTimeout(timer)
    let wait = 0
    const state = current()
    // re-read each time: ballots queued while some are in flight go out in the same pass
    const tried = new Set<string>()
    for (;;) {
      const units = Object.keys(state.st)
        .filter((u) => state.st[u]!.s === 'queued' && !tried.has(u))
        .slice(0, PER_REQUEST)
      if (units.length === 0) break
      for (const u of units) tried.add(u)
      wait = await sendSome(state, units)
      changed()
      if (wait) break
    }
    busy = false
    if (wait) {
      timer = setTimeout(flush, wait)
      delay = Math.min(delay * 2, 60_000)
    } else delay = 1000
  }

  window.addEventListener('online', () => {
    delay = 1000
    void flush()
  })
  return flush
}
