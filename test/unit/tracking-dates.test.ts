import { expect, it } from 'vitest'
import { normalizeForSearch, searchPatterns } from '../../server/opinions/search'
import { completion, itemTiming, overdue } from '../../server/rectification/status'
import { addDays, daysBetween, isCalendarDate, shanghaiDate } from '../../server/tracking/dates'

it('reads the calendar date in Asia/Shanghai, whatever the host time zone', () => {
  expect(shanghaiDate(new Date('2026-05-01T15:59:59Z'))).toBe('2026-05-01')
  expect(shanghaiDate(new Date('2026-05-01T16:00:00Z'))).toBe('2026-05-02')
  expect(shanghaiDate(new Date('2026-05-01T23:30:00Z'))).toBe('2026-05-02')
  expect(shanghaiDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
  expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
  expect(daysBetween('2026-04-20', '2026-05-20')).toBe(30)
  expect(['2026-02-29', '2026-13-01', '2026-5-1', '2028-02-29'].map(isCalendarDate)).toEqual([false, false, false, true])
})

it('computes overdue and stalled from today, never from a stored flag', () => {
  const item = { status: 'in_progress' as const, deadline: '2026-05-01', createdOn: '2026-04-01', lastUpdate: '2026-04-20', doneOn: null }
  const notDone = { doneOn: null, doneLate: false, daysLate: 0 }
  expect(itemTiming(item, '2026-05-01', 14)).toEqual({ overdue: false, daysOverdue: 0, stalled: false, lastActivity: '2026-04-20', ...notDone })
  expect(itemTiming(item, '2026-05-02', 14)).toEqual({ overdue: true, daysOverdue: 1, stalled: false, lastActivity: '2026-04-20', ...notDone })
  expect(itemTiming(item, '2026-05-04', 14).stalled).toBe(true)
  expect(itemTiming({ ...item, status: 'done', doneOn: '2026-04-30' }, '2026-06-01', 14)).toEqual({ overdue: false, daysOverdue: 0, stalled: false, lastActivity: '2026-04-20', doneOn: '2026-04-30', doneLate: false, daysLate: 0 })
  expect(itemTiming({ ...item, lastUpdate: null }, '2026-04-10', 14)).toMatchObject({ stalled: false, lastActivity: '2026-04-01' })
  // the one overdue rule, which the recheck form uses without the rest
  expect(overdue(item, '2026-05-01')).toEqual({ overdue: false, daysOverdue: 0 })
  expect(overdue({ status: 'not_started', deadline: '2026-05-01' }, '2026-05-11')).toEqual({ overdue: true, daysOverdue: 10 })
  expect(overdue({ status: 'done', deadline: '2026-05-01' }, '2026-05-11')).toEqual({ overdue: false, daysOverdue: 0 })
})

it('marks an item done after its deadline as done late (逾期完成); done on the deadline day is in time', () => {
  const item = { status: 'done' as const, deadline: '2026-05-01' }
  expect(completion({ ...item, doneOn: '2026-05-01' })).toEqual({ doneOn: '2026-05-01', doneLate: false, daysLate: 0 })
  expect(completion({ ...item, doneOn: '2026-05-04' })).toEqual({ doneOn: '2026-05-04', doneLate: true, daysLate: 3 })
  // a date left from before the item was reopened is not a completion
  expect(completion({ ...item, status: 'in_progress', doneOn: '2026-05-04' })).toEqual({ doneOn: null, doneLate: false, daysLate: 0 })
  expect(itemTiming({ ...item, createdOn: '2026-04-01', lastUpdate: null, doneOn: '2026-05-02' }, '2026-06-01', 14)).toMatchObject({ overdue: false, doneLate: true, daysLate: 1 })
})

it('normalises Chinese search text and escapes LIKE wildcards', () => {
  expect(normalizeForSearch('ＡＢＣ 公交 线路\n少')).toBe('abc公交线路少')
  expect(searchPatterns(' 停车  100%_x ')).toEqual(['%停车%', '%100\\%\\_x%'])
  expect(searchPatterns('   ')).toEqual([])
})
