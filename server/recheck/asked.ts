import type { RectificationStatus } from '../db/schema'
import { excerpt } from '../rectification/excerpt'
import { type Completion, completion, type Overdue, overdue } from '../rectification/status'
import { listUpdates } from '../rectification/store'
import type { Db } from '../tracking/db'
import { recheckQuestions } from './store'

/** How long the latest progress report may be on the recheck form (characters) before it is cut. */
const PROGRESS_CHARS = 60

/**
 * One item an evaluator is asked about. A public item comes with what the public board shows of
 * it — status (and whether it is overdue, or was done late), 完成时限, commitment, the latest
 * progress report (shortened) — so people can judge 整改是否到位; an item made private after it
 * was chosen with its title only.
 */
export type AskedItem = { id: string; title: string; unitId: string; unitName: string } & (
  | { public: false }
  | ({ public: true; status: RectificationStatus; deadline: string; commitment: string; latest: { onDate: string; body: string } | null } & Overdue & Completion)
)

/**
 * The items a round asks about, as evaluators see them, for the recheck form and its JSON;
 * `today` is the Shanghai date overdue is counted against, as on the board.
 */
export async function askedItems(db: Db, roundId: string, today: string): Promise<AskedItem[]> {
  const questions = await recheckQuestions(db, roundId)
  const updates = await listUpdates(
    db,
    questions.filter((q) => q.public).map((q) => q.id),
  )
  return questions.map((q): AskedItem => {
    const base = { id: q.id, title: q.title, unitId: q.unitId, unitName: q.unitName }
    if (!q.public) return { ...base, public: false }
    // listUpdates is newest first: the first of the item is its latest report
    const latest = updates.find((u) => u.itemId === q.id)
    const done = completion({ status: q.status, deadline: q.deadline, doneOn: q.doneOn })
    return { ...base, public: true, status: q.status, deadline: q.deadline, commitment: q.commitment, ...overdue(q, today), ...done, latest: latest ? { onDate: latest.onDate, body: excerpt(latest.body, PROGRESS_CHARS) } : null }
  })
}
