/**
 * Dates as the office reads them: calendar days in Asia/Shanghai, as 'YYYY-MM-DD' text.
 * A deadline is a date; "today" is the Shanghai date of the app clock, so 23:30 UTC is already
 * the next day (tests inject the clock).
 */
const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar date in Asia/Shanghai at `now`. @example shanghaiDate(new Date('2026-05-01T23:30:00Z')) // '2026-05-02' */
export function shanghaiDate(now: Date): string {
  return shanghai.format(now)
}

/** `date` plus `days` (may be negative), on the calendar. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}
