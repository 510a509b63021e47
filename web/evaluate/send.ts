import type { Entry, State } from './state'

/**
 * Sends every queued ballot of the current state, one at a time, each with its own submission id, so a
 * retry after a lost answer is counted once. Network errors, 5xx and 429 leave the ballot
 * queued and retry with backoff (1 s doubling to 60 s, or the server's Retry-After); the
 * `online` event retries at once. Other refusals end as `error` with the server's message.
 */
export function sender(round: string, current: () => State, changed: () => void) {
  let busy = false
  let delay = 1000
  let timer: ReturnType<typeof setTimeout> | undefined

  async function sendOne(state: State, unit: string, entry: Entry): Promise<number> {
    let res: Response
    try {
      res = await fetch(`/api/rounds/${round}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(entry.body),
      })
    } catch {
      return delay
    }
    if (res.status === 429 || res.status >= 500) return Math.max(delay, Number(res.headers.get('retry-after')) * 1000 || 0)
    const reply = await res.json().catch(() => null)
    if (res.status === 201) state.st[unit] = { s: reply && reply.valid === false ? 'invalid' : 'counted' }
    else state.st[unit] = { s: 'error', m: (reply && reply.error && reply.error.message) || String(res.status) }
    return 0
  }

  async function flush(): Promise<void> {
    if (busy) return
    busy = true
    clearTimeout(timer)
    let wait = 0
    const state = current()
    // re-read each time: ballots queued while one is in flight go out in the same pass
    const tried = new Set<string>()
    for (;;) {
      const unit = Object.keys(state.st).find((u) => state.st[u]!.s === 'queued' && !tried.has(u))
      if (unit === undefined) break
      tried.add(unit)
      wait = await sendOne(state, unit, state.st[unit]!)
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
