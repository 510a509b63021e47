import type { RectificationStatus } from '../db/schema'
import { daysBetween } from '../tracking/dates'

/** What is computed about an item on every read, from its dates and today's date in Asia/Shanghai. */
export interface ItemTiming {
  overdue: boolean
  /** Days past the deadline (0 unless overdue). */
  daysOverdue: number
  stalled: boolean
  /** The date of the last progress update, else the date the item was made. */
  lastActivity: string
}

/**
 * Overdue: not done and the deadline (a Shanghai calendar date) is before today. Stalled: not
 * done and no progress update for `stalledDays` days or more. Pure, so tests fix "today".
 * @example itemTiming({ status: 'in_progress', deadline: '2026-05-01', createdOn: '2026-04-01', lastUpdate: null }, '2026-05-02', 14) // overdue, 1 day
 */
export function itemTiming(item: { status: RectificationStatus; deadline: string; createdOn: string; lastUpdate: string | null }, today: string, stalledDays: number): ItemTiming {
  const open = item.status !== 'done'
  const late = daysBetween(item.deadline, today)
  const lastActivity = item.lastUpdate && item.lastUpdate > item.createdOn ? item.lastUpdate : item.createdOn
  return {
    overdue: open && late > 0,
    daysOverdue: open && late > 0 ? late : 0,
    stalled: open && daysBetween(lastActivity, today) >= stalledDays,
    lastActivity,
  }
}
