import type { Kysely } from 'kysely'
import { type CodeScope, findCodeScopes } from '../codes/store'
import type { Database } from '../db/schema'
import { withDeadline } from '../db/unavailable'

export interface CodeLookupOptions {
  /** Lookups of one round in flight at once (each holds one pooled connection). */
  inFlight: number
  /** Most codes in one lookup. */
  maxBatch: number
  /** A lookup that has not settled after this long is given up: its waiters get `unavailable()`. */
  deadlineMs: number
  unavailable: () => Error
}

interface Waiting {
  codeHash: string
  resolve(scope: CodeScope | null): void
  reject(error: unknown): void
}

/**
 * Code lookups asked together, as the ingest's group commit does with ballots: a lookup starts
 * at once if fewer than `inFlight` run for its round; otherwise it waits and joins the next one,
 * which starts as soon as a running one ends and takes every code that waited. At low load a
 * code costs one query as before; under load (300 delegates opening their grids) one query
 * answers dozens of requests, and each request saves a round trip to the database.
 */
export class CodeLookups {
  private readonly queues = new Map<string, { waiting: Waiting[]; running: number }>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: CodeLookupOptions,
  ) {}

  /** The scope of a live code of the round, or null (unknown, voided, another round's). */
  find(roundId: string, codeHash: string): Promise<CodeScope | null> {
    const queue = this.queues.get(roundId) ?? { waiting: [], running: 0 }
    this.queues.set(roundId, queue)
    const scope = new Promise<CodeScope | null>((resolve, reject) => queue.waiting.push({ codeHash, resolve, reject }))
    if (queue.running < this.options.inFlight) this.run(roundId)
    return scope
  }

  private run(roundId: string) {
    const queue = this.queues.get(roundId)
    if (!queue || queue.waiting.length === 0) {
      if (queue && queue.running === 0) this.queues.delete(roundId)
      return
    }
    const batch = queue.waiting.splice(0, this.options.maxBatch)
    queue.running++
    const hashes = [...new Set(batch.map((w) => w.codeHash))]
    void withDeadline(findCodeScopes(this.db, roundId, hashes), this.options.deadlineMs, this.options.unavailable)
      .then(
        (scopes) => batch.forEach((w) => w.resolve(scopes.get(w.codeHash) ?? null)),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.running--
        this.run(roundId)
      })
  }
}
