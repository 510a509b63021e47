// What the phone form keeps on the device, per round and code (the key holds a short hash of
// the code, not the code). Only answers, per-unit statuses and, until counted, the queued
// ballot itself: nothing that names the person.

export type Status = 'queued' | 'counted' | 'invalid' | 'error' | 'used'

export interface Body {
  submissionId: string
  code?: string
  unitId: string
  categoryId?: string
  answers: Record<string, number>
  opinion?: string
}

export interface Entry {
  s: Status
  /** The ballot as sent, with its submission id, kept until the server has counted it. */
  body?: Body
  /** The server's message for a refused ballot. */
  m?: string
}

export interface State {
  /** Answers by unit id, then dimension id → level id. */
  a: Record<string, Record<string, number>>
  /** Opinions by unit id. */
  o: Record<string, string>
  /** Sent ballots by unit id. */
  st: Record<string, Entry>
  /** The unit on screen in one-by-one mode. */
  u?: string
  mode: 'one' | 'grid'
  /** Category chosen on the public link. */
  cat?: string
  /** The units the code may rate and its category name, as the server said last time. */
  units?: string[]
  kind?: string
}

function fnv(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h.toString(36)
}

/** The storage key of a round and code (`public` without a code). */
export function stateKey(round: string, code: string): string {
  return `pingyi:${round}:${code ? fnv(code) : 'public'}`
}

export function loadState(key: string): State {
  try {
    const raw = localStorage.getItem(key)
    if (raw) return JSON.parse(raw) as State
  } catch {
    // storage blocked or damaged: start afresh, the server still counts each ballot once
  }
  return { a: {}, o: {}, st: {}, mode: 'one' }
}

export function saveState(key: string, state: State): void {
  try {
    localStorage.setItem(key, JSON.stringify(state))
  } catch {
    // private mode or full: the form still works, only without resume
  }
}

/** A UUID v4 from getRandomValues (randomUUID needs a secure context; WeChat pages may be plain http). */
export function newSubmissionId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
