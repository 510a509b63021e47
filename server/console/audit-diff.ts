import { shanghaiSeconds } from './times'

/** One changed key of an audit record, its values already shortened for a table cell; null: no value. */
export interface DiffLine {
  /** '' when the record's value is not an object or a list (one line for the whole value). */
  key: string
  before: string | null
  after: string | null
}

/** A record's change: `created` lists the new values, `deleted` the old ones, `changed` both. */
export interface AuditDiff {
  kind: 'created' | 'deleted' | 'changed'
  lines: DiffLine[]
}

const MAX_CHARS = 80
const MAX_ITEMS = 5
const MAX_DEPTH = 2
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isAbsent = (value: unknown) => value === null || value === undefined

/**
 * The keys whose value differs between an audit record's `before` and `after`. Lists compare by
 * position (`#1`, `#2` …); anything else that is not an object is one line with key ''.
 * @example auditDiff({ status: 'draft', name: 'A' }, { status: 'open', name: 'A' }) // { kind: 'changed', lines: [{ key: 'status', before: 'draft', after: 'open' }] }
 */
export function auditDiff(before: unknown, after: unknown): AuditDiff {
  const kind = isAbsent(before) && !isAbsent(after) ? 'created' : isAbsent(after) && !isAbsent(before) ? 'deleted' : 'changed'
  const old = keyed(before)
  const now = keyed(after)
  if (!old || !now) {
    const whole = same(before, after) ? [] : [{ key: '', before: shown(before), after: shown(after) }]
    return { kind, lines: whole }
  }
  const keys = [...new Set([...old.keys(), ...now.keys()])]
  const lines = keys.filter((key) => !same(old.get(key), now.get(key))).map((key) => ({ key, before: shown(old.get(key)), after: shown(now.get(key)) }))
  return { kind, lines }
}

/** A value's entries by key, an absent value as none; null when it is a scalar. */
function keyed(value: unknown): Map<string, unknown> | null {
  if (isAbsent(value)) return new Map()
  if (Array.isArray(value)) return new Map(value.map((item, i) => [`#${i + 1}`, item]))
  return isRecord(value) ? new Map(Object.entries(value)) : null
}

/** Deep equality that ignores key order (jsonb reorders keys) and takes null for a missing value. */
function same(a: unknown, b: unknown): boolean {
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b)
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]))
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every((key) => same(a[key], b[key]))
  }
  return a === b
}

function shown(value: unknown): string | null {
  return isAbsent(value) ? null : shorten(compact(value, 0))
}

/** A value as short text: strings bare, instants in Beijing time, objects as `{key: value, …}`, deep ones elided. */
function compact(value: unknown, depth: number): string {
  if (isAbsent(value)) return '—'
  if (typeof value === 'string') return value === '' ? '""' : INSTANT.test(value) ? shanghaiSeconds(value) : value
  if (typeof value !== 'object') return String(value)
  const list = Array.isArray(value)
  if (depth >= MAX_DEPTH) return list ? '[…]' : '{…}'
  const items = list ? value.map((item) => compact(item, depth + 1)) : Object.entries(value as Json).map(([key, item]) => `${key}: ${compact(item, depth + 1)}`)
  const kept = items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS), `…+${items.length - MAX_ITEMS}`] : items
  return list ? `[${kept.join(', ')}]` : `{${kept.join(', ')}}`
}

/** One line of at most MAX_CHARS characters (not UTF-16 units, so no half emoji). */
function shorten(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' '))
  return chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 1).join('')}…` : chars.join('')
}
