import type { RectificationStatus } from '../db/schema'
import { listUpdates } from '../rectification/store'
import type { Db } from '../tracking/db'
import { recheckQuestions } from './store'

/** How long the latest progress report may be on the recheck form (characters) before it is cut. */
const PROGRESS_CHARS = 60

/**
 * One item an evaluator is asked about. A public item comes with what the public board shows of
 * it — status, 完成时限, commitment, the latest progress report (shortened) — so people can judge
 * 整改是否到位; an item made private after it was chosen with its title only.
 */
export type AskedItem = { id: string; title: string; unitId: string; unitName: string } & (
  | { public: false }
  | { public: true; status: RectificationStatus; deadline: string; commitment: string; latest: { onDate: string; body: string } | null }
)

function shorten(text: string): string {
  const chars = Array.from(text.trim())
  return chars.length > PROGRESS_CHARS ? `${chars.slice(0, PROGRESS_CHARS - 1).join('')}…` : chars.join('')
}

/** The items a round asks about, as evaluators see them, for the recheck form and its JSON. */
export async function askedItems(db: Db, roundId: string): Promise<AskedItem[]> {
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
    return { ...base, public: true, status: q.status, deadline: q.deadline, commitment: q.commitment, latest: latest ? { onDate: latest.onDate, body: shorten(latest.body) } : null }
  })
}
