import type { Kysely } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import type { Database, RoundStatus } from '../db/schema'
import { flushRound } from '../ingest/flush'
import { closeRecheck } from '../recheck/flush'

/** A closed (or published) round whose close-time work has not finished (sql/051). */
export function closeUnfinished(round: { status: RoundStatus; close_done: boolean }): boolean {
  return (round.status === 'closed' || round.status === 'published') && !round.close_done
}

/**
 * The work of a close, once the status change has committed: the forced flush mixes what is left
 * in staging into the ballots and tallies (the last group padded to k) and rewrites the round's
 * use, submission, ballot and count rows (ingest/flush.ts); then the round is marked `close_done`.
 * Safe to run again. A close interrupted between its two steps (the request answered 500, the
 * process died) is finished by whatever next meets the round unmarked: a repeated close, the
 * Node host at start, a read of its results, a publication, an opinion import.
 * @example await transitionRound(trx, campaignId, id, 'close', now); await finishClose(db, c.get('keys'), id)
 */
export async function finishClose(db: Kysely<Database>, keys: KeyedHasher, roundId: string): Promise<void> {
  await flushRound(db, roundId, { keys, force: true })
  // The re-check (回头看) answers' part: the rest of their staging into their tally, their use and
  // tally rows rewritten in key order (recheck/flush.ts), under the same marker.
  await closeRecheck(db, keys, roundId)
  // Not when the round was reopened meanwhile and took ballots: its next close marks it.
  await db
    .updateTable('round')
    .set({ close_done: true })
    .where('id', '=', roundId)
    .where('status', 'in', ['closed', 'published'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('staged_group').select('id').where('round_id', '=', roundId))))
    .execute()
}

/** Finishes the close of `roundId` when it is closed (or published) and unmarked; true when it had to. */
export async function resumeClose(db: Kysely<Database>, keys: KeyedHasher, roundId: string): Promise<boolean> {
  const round = await db.selectFrom('round').select(['status', 'close_done']).where('id', '=', roundId).executeTakeFirst()
  if (!round || !closeUnfinished(round)) return false
  await finishClose(db, keys, roundId)
  return true
}

/**
 * Finishes every interrupted close — closed or published rounds unmarked, or with staged ballots
 * left — oldest round first; the Node host runs it at start. Returns the rounds it finished.
 */
export async function resumeInterruptedCloses(db: Kysely<Database>, keys: KeyedHasher): Promise<string[]> {
  const rounds = await db
    .selectFrom('round')
    .select('id')
    .where('status', 'in', ['closed', 'published'])
    .where((eb) => eb.or([eb('close_done', '=', false), eb.exists(eb.selectFrom('staged_group').select('id').whereRef('staged_group.round_id', '=', 'round.id'))]))
    .orderBy('created_at')
    .execute()
  for (const round of rounds) await finishClose(db, keys, round.id)
  return rounds.map((r) => r.id)
}
