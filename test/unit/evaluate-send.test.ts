import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { State } from '../../web/evaluate/state'

// The phone form's sender, in Node: `window` only lends its `online` event, `fetch` is answered
// here as the server would. The browser tests drive the same code against the real server.
const listeners: Record<string, () => void> = {}
let answers: Array<() => Response>
let sent: Array<{ url: string; ballots: Array<{ unitId: string; submissionId: string }> }>

beforeEach(() => {
  vi.useFakeTimers()
  answers = []
  sent = []
  vi.stubGlobal('window', { addEventListener: (name: string, fn: () => void) => (listeners[name] = fn) })
  vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
    sent.push({ url, ballots: JSON.parse(init.body).ballots })
    const answer = answers.shift()
    if (!answer) throw new TypeError('Failed to fetch')
    return answer()
  })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

function queued(units: string[]): State {
  const st = Object.fromEntries(units.map((u) => [u, { s: 'queued' as const, body: { submissionId: `id-${u}`, unitId: u, answers: { '1': 1 } } }]))
  return { a: {}, o: {}, st, mode: 'grid' }
}

async function senderFor(state: State) {
  const { sender } = await import('../../web/evaluate/send')
  return sender('r1', () => state, () => {})
}

it('sends a grid in one request and applies each answer to its unit', async () => {
  const state = queued(['a', 'b', 'c', 'd'])
  answers.push(
    json({
      results: [
        { status: 'counted', valid: true },
        { status: 'counted', valid: false },
        { status: 'refused', error: { code: 'code_used', message: '该评议码已经评议过这个单位。' } },
        { status: 'refused', error: { code: 'too_many_attempts', message: '请稍后再试。' }, retryAfter: 3 },
      ],
    }),
  )
  const flush = await senderFor(state)
  await flush()
  expect(sent).toHaveLength(1)
  expect(sent[0]!.url).toBe('/api/rounds/r1/ballots/batch')
  expect(sent[0]!.ballots.map((b) => b.unitId)).toEqual(['a', 'b', 'c', 'd'])
  expect(state.st.a).toEqual({ s: 'counted' })
  expect(state.st.b).toEqual({ s: 'invalid' })
  expect(state.st.c).toEqual({ s: 'error', m: '该评议码已经评议过这个单位。' })
  // throttled: still queued, with its submission id, and sent again after Retry-After
  expect(state.st.d!.s).toBe('queued')
  answers.push(json({ results: [{ status: 'counted', valid: true }] }))
  await vi.advanceTimersByTimeAsync(2_900)
  expect(sent).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  expect(sent).toHaveLength(2)
  expect(sent[1]!.ballots).toEqual([expect.objectContaining({ unitId: 'd', submissionId: 'id-d' })])
  expect(state.st.d).toEqual({ s: 'counted' })
})

it('keeps everything queued through a lost network and a 503, then sends it with the same ids', async () => {
  const state = queued(['a', 'b'])
  const flush = await senderFor(state)
  await flush() // no answer at all: the network is gone
  expect(Object.values(state.st).map((e) => e.s)).toEqual(['queued', 'queued'])
  answers.push(json({ error: { code: 'database_unavailable', message: '' } }, 503, { 'retry-after': '2' }))
  await vi.advanceTimersByTimeAsync(1_000)
  expect(sent).toHaveLength(2)
  expect(Object.values(state.st).map((e) => e.s)).toEqual(['queued', 'queued'])
  answers.push(json({ results: [{ status: 'counted', valid: true }, { status: 'counted', valid: true }] }))
  listeners.online!()
  await vi.advanceTimersByTimeAsync(0)
  expect(sent).toHaveLength(3)
  expect(sent.map((s) => s.ballots.map((b) => b.submissionId).join())).toEqual(['id-a,id-b', 'id-a,id-b', 'id-a,id-b'])
  expect(Object.values(state.st).map((e) => e.s)).toEqual(['counted', 'counted'])
})

it('sends at most 50 ballots per request', async () => {
  const units = Array.from({ length: 120 }, (_, i) => `u${i}`)
  const state = queued(units)
  for (const size of [50, 50, 20]) answers.push(json({ results: Array.from({ length: size }, () => ({ status: 'counted', valid: true })) }))
  const flush = await senderFor(state)
  await flush()
  expect(sent.map((s) => s.ballots.length)).toEqual([50, 50, 20])
  expect(Object.values(state.st).every((e) => e.s === 'counted')).toBe(true)
})

it('ends a batch refused as a whole with the server message on each of its units', async () => {
  const state = queued(['a', 'b'])
  answers.push(json({ error: { code: 'round_not_found', message: '找不到这一轮评议。' } }, 404))
  const flush = await senderFor(state)
  await flush()
  expect(state.st).toEqual({ a: { s: 'error', m: '找不到这一轮评议。' }, b: { s: 'error', m: '找不到这一轮评议。' } })
})
