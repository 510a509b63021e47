/** Beijing time is UTC+8 all year (no daylight saving); the app shows every time in it. */
const OFFSET_MS = 8 * 60 * 60 * 1000

/**
 * The time of day of an instant in Beijing time, 24-hour, whatever the browser's time zone and
 * language: the hall screen's 更新于 reads like every other time in the app.
 * @example beijingClock(Date.parse('2025-06-01T03:19:52Z')) // '11:19:52'
 */
export function beijingClock(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 19)
}

/**
 * When a response was made, by the server's clock (its `Date` header, to the second); the
 * browser's own clock when the header is missing or unreadable.
 */
export function serverTime(res: { headers: { get(name: string): string | null } }, fallback: number): number {
  const at = Date.parse(res.headers.get('date') ?? '')
  return Number.isNaN(at) ? fallback : at
}
