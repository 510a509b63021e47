import type { Kysely } from 'kysely'
import type { CodeScope } from '../codes/store'
import type { Database } from '../db/schema'
import { loadRoundContext, type RoundContext } from '../rounds/store'
import type { CodeLookups } from './code-lookups'

export interface CachedRound {
  ctx: RoundContext
  /** The category of public-link ballots, or null when the round has no public link. */
  publicCategoryId: string | null
}

/**
 * The round context for the evaluator's path, kept `ttlMs` per app instance: its form is
 * frozen once open, and the round's status is always re-read inside the ballot transaction.
 */
export class RoundCache {
  private readonly rounds = new Map<string, { at: number; value: Promise<CachedRound> }>()
  private readonly scopes = new Map<string, { at: number; scope: Promise<CodeScope | null> }>()
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
    private readonly lookups: CodeLookups,
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
   * True while a lookup of this code is cached or under way: another ballot with the code (the
   * next unit, a grid's other rows) is no new guess, so it need not spend the wrong-code budget.
   */
  knowsCode(roundId: string, codeHash: string, nowMs: number): boolean {
    const hit = this.scopes.get(`${roundId}|${codeHash}`)
    return hit !== undefined && nowMs - hit.at < this.ttlMs
  }

  /**
   * What a live code admits, kept `ttlMs` per instance while found (a delegate rates unit after
   * unit with one code, a grid sends many units at once): concurrent requests with one code
   * share one lookup. An unknown code is never kept. A batch voided meanwhile is still refused:
   * the ballot transaction re-reads the batch under a share lock.
   */
  codeScope(roundId: string, codeHash: string, nowMs: number): Promise<CodeScope | null> {
    const key = `${roundId}|${codeHash}`
    const hit = this.scopes.get(key)
    if (hit && nowMs - hit.at < this.ttlMs) return hit.scope
    const scope = this.lookups.ask(roundId, codeHash)
    if (this.ttlMs > 0) {
      if (this.scopes.size > 50_000) this.scopes.clear()
      const entry = { at: nowMs, scope }
      this.scopes.set(key, entry)
      const forget = () => this.scopes.get(key) === entry && this.scopes.delete(key)
      scope.then((found) => found ?? forget(), forget)
    }
    return scope
  }
}

async function load(db: Kysely<Database>, roundId: string): Promise<CachedRound> {
  const ctx = await loadRoundContext(db, roundId)
  const link = await db.selectFrom('public_link').select('category_id').where('round_id', '=', roundId).executeTakeFirst()
  return { ctx, publicCategoryId: link?.category_id ?? null }
}
