import { expect, it } from 'vitest'
import { beijingClock, serverTime } from '../../web/beijing-clock'

// The hall screen's 更新于 is Beijing time (UTC+8), 24-hour, whatever the browser's zone and language.
it('reads an instant as the time of day in Beijing, 24-hour, across midnight', () => {
  expect(beijingClock(Date.parse('2025-06-01T03:19:52Z'))).toBe('11:19:52')
  expect(beijingClock(Date.parse('2025-06-01T15:59:59.999Z'))).toBe('23:59:59')
  expect(beijingClock(Date.parse('2025-06-01T16:00:00Z'))).toBe('00:00:00')
  // No daylight saving in China: a July and a January instant shift by the same 8 hours.
  expect(beijingClock(Date.parse('2025-01-15T12:00:00Z'))).toBe('20:00:00')
  expect(beijingClock(Date.parse('2025-07-15T12:00:00Z'))).toBe('20:00:00')
})

it('takes the time of a poll from the server’s Date header, the browser’s clock only without one', () => {
  const res = (date: string | null) => ({ headers: { get: (name: string) => (name === 'date' ? date : null) } })
  expect(serverTime(res('Sun, 01 Jun 2025 03:19:52 GMT'), 0)).toBe(Date.parse('2025-06-01T03:19:52Z'))
  expect(serverTime(res(null), 1234)).toBe(1234)
  expect(serverTime(res('not a date'), 1234)).toBe(1234)
})
