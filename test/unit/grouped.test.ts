import { expect, it } from 'vitest'
import { Grouped } from '../../server/ingest/grouped'

const options = { inFlight: 1, maxBatch: 3, deadlineMs: 50, unavailable: () => new Error('unavailable') }

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
