import { shanghaiSeconds } from './times'

/** One changed key of an audit record, its values already shortened for a table cell; null: no value. */
export interface DiffLine {
  /** '' when the record's value is not an object or a list (one line for the whole value). */
  key: string
  before: string | null
  after: string | null
}

/**
 * How a diff names a record's values (and the page its keys): ids by their names, stored words
 * in the page's language. By default, as they are stored.
 */
export interface AuditNamer {
  /** A key, or a nested one as `outer.inner`. */
  key(key: string): string
  /** A scalar found under `key` (a list's items under the list's key). */
  value(key: string, value: string | number | boolean): string
  /** True for an entry not worth a line (a row's own id, where its name is already said). */
  hides(key: string, value: unknown): boolean
  /** Where a key goes among its siblings (jsonb keeps no order): lower first, ties as stored. */
  rank(key: string): number
}

const asStored: AuditNamer = { key: (key) => key, value: (_key, value) => (value === '' ? '""' : String(value)), hides: () => false, rank: () => 0 }

/** Keys in the namer's order (a stable sort: lists' places and unranked keys keep theirs). */
const ordered = (keys: string[], namer: AuditNamer): string[] => keys.map((key, i) => ({ key, i, rank: namer.rank(key) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.key)

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
 * The keys whose value differs between an audit record's `before` and `after`; where both are
 * objects, the inner keys that differ, as `outer.inner` (one level down). Lists compare by
 * position (`#1`, `#2` …); anything else that is not an object is one line with key ''.
 * @example auditDiff({ status: 'draft', name: 'A' }, { status: 'open', name: 'A' }) // { kind: 'changed', lines: [{ key: 'status', before: 'draft', after: 'open' }] }
 */
export function auditDiff(before: unknown, after: unknown, namer: AuditNamer = asStored): AuditDiff {
  const kind = isAbsent(before) && !isAbsent(after) ? 'created' : isAbsent(after) && !isAbsent(before) ? 'deleted' : 'changed'
  const old = keyed(before)
  const now = keyed(after)
  if (!old || !now) {
    const whole = same(before, after) ? [] : [{ key: '', before: shown(before, '', namer), after: shown(after, '', namer) }]
    return { kind, lines: whole }
  }
  // one level down for an object's keys; a list's items stay whole, so a row keeps its name
  return { kind, lines: changedLines(old, now, namer, '', kind === 'changed' && !Array.isArray(before) && !Array.isArray(after)) }
}

function changedLines(old: Map<string, unknown>, now: Map<string, unknown>, namer: AuditNamer, prefix: string, deeper: boolean): DiffLine[] {
  const keys = ordered([...new Set([...old.keys(), ...now.keys()])], namer).filter((key) => !same(old.get(key), now.get(key)) && !namer.hides(key, now.get(key) ?? old.get(key)))
  return keys.flatMap((key) => {
    const [a, b] = [old.get(key), now.get(key)]
    if (deeper && isRecord(a) && isRecord(b)) return changedLines(new Map(Object.entries(a)), new Map(Object.entries(b)), namer, `${prefix}${key}.`, false)
    return [{ key: `${prefix}${key}`, before: shown(a, key, namer), after: shown(b, key, namer) }]
  })
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

function shown(value: unknown, key: string, namer: AuditNamer): string | null {
  return isAbsent(value) ? null : shorten(compact(value, 0, key, namer))
}

/** A value as short text: strings as named, instants in Beijing time, objects as `{key: value, …}`, deep ones elided. */
function compact(value: unknown, depth: number, key: string, namer: AuditNamer): string {
  if (isAbsent(value)) return '—'
  if (typeof value === 'string') return INSTANT.test(value) ? shanghaiSeconds(value) : namer.value(key, value)
  if (typeof value === 'number' || typeof value === 'boolean') return namer.value(key, value)
  if (typeof value !== 'object') return String(value)
  const list = Array.isArray(value)
  if (depth >= MAX_DEPTH) return list ? '[…]' : '{…}'
  const items = list ? value.map((item) => compact(item, depth + 1, key, namer)) : ordered(Object.keys(value as Json), namer).map((inner): [string, unknown] => [inner, (value as Json)[inner]]).filter(([inner, item]) => !namer.hides(inner, item)).map(([inner, item]) => `${namer.key(inner)}: ${compact(item, depth + 1, inner, namer)}`)
  const kept = items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS), `…+${items.length - MAX_ITEMS}`] : items
  return list ? `[${kept.join(', ')}]` : `{${kept.join(', ')}}`
}

/** One line of at most MAX_CHARS characters (not UTF-16 units, so no half emoji). */
function shorten(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' '))
  return chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 1).join('')}…` : chars.join('')
}
