import type { RectificationStatus } from '../db/schema'
import { daysBetween } from '../tracking/dates'

/** When a done item was done against its deadline: 逾期完成 when its Beijing date is after it. */
export interface Completion {
  /** The Shanghai date the item was done, null unless done. */
  doneOn: string | null
  /** Done after the deadline (逾期完成). */
  doneLate: boolean
  /** Days the item was done after its deadline (0 unless done late). */
  daysLate: number
}

/** Whether an item not done is past its deadline (超期), and by how many days. */
export interface Overdue {
  overdue: boolean
  /** Days past the deadline (0 unless overdue). */
  daysOverdue: number
}

/** What is computed about an item on every read, from its dates and today's date in Asia/Shanghai. */
export interface ItemTiming extends Completion, Overdue {
  stalled: boolean
  /** The date of the last progress update, else the date the item was made. */
  lastActivity: string
}

/**
 * Late completion: done, and done on a Shanghai date after the deadline (done on the deadline
 * day is in time).
 * @example completion({ status: 'done', deadline: '2026-05-01', doneOn: '2026-05-04' }) // { doneOn: '2026-05-04', doneLate: true, daysLate: 3 }
 */
export function completion(item: { status: RectificationStatus; deadline: string; doneOn: string | null }): Completion {
  const doneOn = item.status === 'done' ? item.doneOn : null
  const late = doneOn ? daysBetween(item.deadline, doneOn) : 0
  return { doneOn, doneLate: late > 0, daysLate: Math.max(late, 0) }
}

/**
 * Overdue (超期): not done and the deadline (a Shanghai calendar date) is before today, the
 * deadline day itself being in time. Pure, so tests fix "today".
 * @example overdue({ status: 'in_progress', deadline: '2026-05-01' }, '2026-05-03') // { overdue: true, daysOverdue: 2 }
 */
export function overdue(item: { status: RectificationStatus; deadline: string }, today: string): Overdue {
  const late = item.status === 'done' ? 0 : daysBetween(item.deadline, today)
  return { overdue: late > 0, daysOverdue: Math.max(late, 0) }
}

/**
 * Overdue: see `overdue`. Stalled: not done and no progress update for `stalledDays` days or
 * more. Done late: see `completion`. Pure, so tests fix "today".
 * @example itemTiming({ status: 'in_progress', deadline: '2026-05-01', createdOn: '2026-04-01', lastUpdate: null, doneOn: null }, '2026-05-02', 14) // overdue, 1 day
 */
export function itemTiming(item: { status: RectificationStatus; deadline: string; createdOn: string; lastUpdate: string | null; doneOn: string | null }, today: string, stalledDays: number): ItemTiming {
  const lastActivity = item.lastUpdate && item.lastUpdate > item.createdOn ? item.lastUpdate : item.createdOn
  return {
    ...overdue(item, today),
    stalled: item.status !== 'done' && daysBetween(lastActivity, today) >= stalledDays,
    lastActivity,
    ...completion(item),
  }
}
