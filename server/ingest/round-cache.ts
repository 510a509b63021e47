import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { publicLinkCategory } from '../rounds/public-link'
import { loadRoundContext, type RoundContext } from '../rounds/store'

export interface CachedRound {
  ctx: RoundContext
  /** The category of public-link ballots, or null when the round has no public link. */
  publicCategoryId: string | null
}

/**
 * The round context for the evaluator's path, kept `ttlMs` per app instance: its form is
 * frozen once open, and the round's status is always re-read inside the ballot transaction.
 * Also the codes this instance knows live, for the wrong-code budget (codes themselves are
 * checked in the group commit, every time).
 */
export class RoundCache {
  private readonly rounds = new Map<string, { at: number; value: Promise<CachedRound> }>()
  private readonly codes = new Map<string, { at: number }>()
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  get(roundId: string, nowMs: number): Promise<CachedRound> {
    const hit = this.rounds.get(roundId)
    if (hit && nowMs - hit.at < this.ttlMs) return hit.value
    const value = load(this.db, roundId)
    if (this.ttlMs > 0) {
      if (this.rounds.size > 1000) this.rounds.clear()
      this.rounds.set(roundId, { at: nowMs, value })
      value.catch(() => this.rounds.delete(roundId))
    }
    return value
  }

  /**
   * True while a code is known live (found by a group commit within `ttlMs`) or on its way to
   * one: another ballot with the code (the next unit, a grid's other rows) is no new guess, so
   * it need not spend the wrong-code budget.
   */
  knowsCode(roundId: string, codeHash: string, nowMs: number): boolean {
    const hit = this.codes.get(`${roundId}|${codeHash}`)
    return hit !== undefined && nowMs - hit.at < this.ttlMs
  }

  /**
   * A code on its way to a group commit, which settles `found` with whether it was live. Kept
   * `ttlMs` while found; a code found unknown (or never answered) is forgotten.
   */
  expectCode(roundId: string, codeHash: string, nowMs: number, found: Promise<boolean>): void {
    if (this.ttlMs <= 0) return
    const key = `${roundId}|${codeHash}`
    if (this.codes.size > 50_000) this.codes.clear()
    const entry = { at: nowMs }
    this.codes.set(key, entry)
    const forget = () => this.codes.get(key) === entry && this.codes.delete(key)
    found.then((live) => live || forget(), forget)
  }
}

async function load(db: Kysely<Database>, roundId: string): Promise<CachedRound> {
  const ctx = await loadRoundContext(db, roundId)
  // Public ballots only where the round's channels name the link (rounds/public-link.ts keeps the two together).
  return { ctx, publicCategoryId: ctx.round.channels.includes('public') ? await publicLinkCategory(db, roundId) : null }
}
