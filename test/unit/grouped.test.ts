import { expect, it } from 'vitest'
import { Grouped } from '../../server/ingest/grouped'

const options = { inFlight: 1, stallMs: 0, maxBatch: 3, deadlineMs: 50, unavailable: () => new Error('unavailable') }

it('groups what waits, at most maxBatch at a time, per key and in order', async () => {
  const groups: string[] = []
  const grouped = new Grouped<number, number>(options, async (key, items) => {
    groups.push(`${key}:${items.join(',')}`)
    await new Promise((r) => setTimeout(r, 5))
    return items.map((n) => n * 10)
  })
  const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => grouped.ask('a', n)).concat(grouped.ask('b', 7)))
  expect(answers).toEqual([10, 20, 30, 40, 50, 60, 70])
  // 1 starts alone; 2–6 waited: the next group takes 3 of them, the last the other 2. Key b runs beside a.
  expect(groups).toEqual(['a:1', 'b:7', 'a:2,3,4', 'a:5,6'])
})

it('gives up a group that hangs after deadlineMs, and the key runs on', async () => {
  let calls = 0
  const grouped = new Grouped<number, number>(options, (_key, items) => (++calls === 1 ? new Promise<number[]>(() => {}) : Promise.resolve(items)))
  const hung = grouped.ask('a', 1)
  const next = grouped.ask('a', 2)
  await expect(hung).rejects.toThrow('unavailable')
  await expect(next).resolves.toBe(2)
})

it('fails every item of a group whose work fails', async () => {
  const grouped = new Grouped<number, number>(options, async (_key, items) => {
    if (items.includes(3)) throw new Error('bad group')
    return items
  })
  const results = await Promise.allSettled([1, 2, 3].map((n) => grouped.ask('a', n)))
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
})

it('starts items asked together as one group, even with a slot free', async () => {
  const groups: string[] = []
  const grouped = new Grouped<number, number>({ ...options, inFlight: 2, maxBatch: 10 }, async (key, items) => {
    groups.push(`${key}:${items.join(',')}`)
    return items
  })
  // Asked one by one, the first two would start groups of their own (two slots free).
  const answers = await Promise.all(grouped.askAll('a', [1, 2, 3, 4, 5, 6]))
  expect(answers).toEqual([1, 2, 3, 4, 5, 6])
  expect(groups).toEqual(['a:1,2,3,4,5,6'])
})

it('with a slot free, starts no second group beside one running for less than stallMs: what arrives joins the next', async () => {
  const run = async (stallMs: number) => {
    const groups: string[] = []
    const grouped = new Grouped<number, number>({ ...options, inFlight: 2, stallMs, maxBatch: 10 }, async (key, items) => {
      groups.push(`${key}:${items.join(',')}`)
      await new Promise((r) => setTimeout(r, 20))
      return items
    })
    await Promise.all([1, 2, 3].map((n) => grouped.ask('a', n)))
    return groups
  }
  expect(await run(0)).toEqual(['a:1', 'a:2', 'a:3']) // two side by side at once
  expect(await run(1000)).toEqual(['a:1', 'a:2,3'])
})

it('starts a second group beside one that stalls once it has run stallMs, long before its deadline', async () => {
  let calls = 0
  const grouped = new Grouped<number, number>({ ...options, inFlight: 2, stallMs: 40, deadlineMs: 1500 }, (_key, items) =>
    ++calls === 1 ? new Promise<number[]>(() => {}) : Promise.resolve(items),
  )
  const hung = grouped.ask('a', 1)
  const started = Date.now()
  await expect(grouped.ask('a', 2)).resolves.toBe(2)
  const took = Date.now() - started
  expect(took).toBeGreaterThanOrEqual(35) // waited for the first to look stalled (timer granularity: a few ms)
  expect(took).toBeLessThan(1000)
  await expect(hung).rejects.toThrow('unavailable')
})

it('with gatherAfterIo, starts the next group only once the event loop has run what came due while the thread was busy', async () => {
  const run = async (gatherAfterIo: boolean) => {
    const groups: string[] = []
    const grouped = new Grouped<number, number>({ ...options, maxBatch: 10, gatherAfterIo }, async (_key, items) => {
      groups.push(items.join(','))
      // Work that holds the thread, as a statement of an in-process database does.
      const until = Date.now() + 15
      while (Date.now() < until);
      return items
    })
    // Arrivals due while the first group holds the thread (timers, as the poll's reads would be).
    const later = [2, 3, 4, 5].map((n) => new Promise<number>((resolve) => setTimeout(() => resolve(grouped.ask('a', n)), 1)))
    await Promise.all([grouped.ask('a', 1), ...later])
    return groups
  }
  expect(await run(false)).toEqual(['1', '2', '3', '4', '5']) // each arrival alone: the last group had settled by then
  expect(await run(true)).toEqual(['1', '2,3,4,5'])
})
