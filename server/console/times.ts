/** The console shows and takes times in Beijing time (UTC+8, no daylight saving), as the offices work. */
const OFFSET_MS = 8 * 60 * 60 * 1000

/** An ISO instant as `YYYY-MM-DDTHH:mm` in Beijing time (the value of a datetime-local input). */
export function shanghaiLocal(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16)
}

/** An ISO instant as `YYYY-MM-DD HH:mm:ss` in Beijing time, where seconds matter (the audit log). */
export function shanghaiSeconds(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * A datetime-local value read as Beijing time, as an ISO instant for the API's schema; empty is
 * undefined; anything else is passed on unchanged so that the schema names the field.
 */
export function fromShanghaiLocal(text: string): string | undefined {
  const value = text.trim()
  if (value === '') return undefined
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return value
  const at = Date.parse(`${value.length === 16 ? `${value}:00` : value}+08:00`)
  return Number.isNaN(at) ? value : new Date(at).toISOString()
}
