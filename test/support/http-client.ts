/** What one HTTP exchange gave: a status and body, or a network error (no answer at all). */
export type Exchange = { status: number; body: string; headers: Headers } | { error: string }

/** POSTs JSON over real HTTP; a reset or refused connection comes back as `{ error }`, never thrown. */
export async function postOver(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Exchange> {
  try {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    })
    return { status: res.status, body: await res.text(), headers: res.headers }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return { error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) }
  }
}

/** Runs `work` over `items` with at most `concurrency` at once; results in item order. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!, i)
    }
  })
  await Promise.all(lanes)
  return results
}

/** Counts of each status (and of network errors) in a list of exchanges, as `201×1 409×199`. */
export function statusSummary(exchanges: Exchange[]): string {
  const counts = new Map<string, number>()
  for (const e of exchanges) {
    const key = 'error' in e ? 'reset' : String(e.status)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}×${n}`).join(' ')
}
