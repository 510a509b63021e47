import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { withDeadline } from '../db/unavailable'
import { ApiError } from '../errors'
import { flushRound } from './flush'
import { CodeLookups } from './code-lookups'
import { type Outcome, recordSubmissions, type Submission } from './record'
import { RoundCache } from './round-cache'

export interface IngestOptions {
  /** Most submissions in one group commit; 1 gives every request its own transaction. */
  maxBatch: number
  /** Group commits of one round in flight at once (each holds one pooled connection). */
  inFlight: number
  /** Staged ballots of a round that trigger a flush into `ballot` (never fewer than the round's k). */
  flushAt: number
  /**
   * Who counts the staged ballots towards `flushAt`: this instance, in memory (a Node process,
   * long-lived), or the database, in each group commit (a Workers instance lives for one request).
   */
  countStaged: 'instance' | 'database'
  /** How long a round's form and units are cached per instance (0: read every time). */
  contextTtlMs: number
  /**
   * A group commit or flush that has not settled after this long is given up (its waiters get
   * 503 and retry): a database connection lost mid-query must not stall the round's queue.
   */
  deadlineMs: number
}

export const defaultIngest: IngestOptions = { maxBatch: 500, inFlight: 2, flushAt: 20, countStaged: 'instance', contextTtlMs: 2000, deadlineMs: 20_000 }

const unavailable = () => new ApiError(503, 'database_unavailable')

interface Waiting {
  submission: Submission
  resolve(outcome: Outcome): void
  reject(error: unknown): void
}

/**
 * Group commit without a timer: a submission starts a transaction at once if fewer than
 * `inFlight` are running for its round; otherwise it waits and joins the next one, which
 * starts as soon as a running one ends and takes everything that waited. Latency stays near
 * one commit at low load and batches grow with load.
 *
 * Once `flushAt` or more ballots of a round are staged (counted as `countStaged` says: by this
 * instance since its last flush, or in the database), a staging flush runs — one per round at
 * a time in this instance, taking every staged row; `background` keeps it alive after the
 * response (Workers' waitUntil), errors go to `log` — staged ballots are durable, the next
 * flush or the close takes them.
 */
export class Ingest {
  private readonly queues = new Map<string, { waiting: Waiting[]; running: number }>()
  private readonly flushing = new Set<string>()
  /** Ballots this instance staged per round since its last flush began. */
  private readonly unflushed = new Map<string, number>()
  readonly options: IngestOptions
  readonly rounds: RoundCache

  constructor(
    private readonly db: Kysely<Database>,
    options: Partial<IngestOptions> = {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.options = { ...defaultIngest, ...options }
    const lookups = new CodeLookups(db, { inFlight: this.options.inFlight, maxBatch: this.options.maxBatch, deadlineMs: this.options.deadlineMs, unavailable })
    this.rounds = new RoundCache(this.options.contextTtlMs, lookups)
  }

  /** Records one submission; resolves with its outcome once durable (or refused). */
  submit(roundId: string, submission: Submission, background: (work: Promise<unknown>) => void): Promise<Outcome> {
    const queue = this.queues.get(roundId) ?? { waiting: [], running: 0 }
    this.queues.set(roundId, queue)
    const outcome = new Promise<Outcome>((resolve, reject) => queue.waiting.push({ submission, resolve, reject }))
    if (queue.running < this.options.inFlight) this.run(roundId, background)
    return outcome
  }

  private run(roundId: string, background: (work: Promise<unknown>) => void) {
    const queue = this.queues.get(roundId)
    if (!queue || queue.waiting.length === 0) {
      if (queue && queue.running === 0) this.queues.delete(roundId)
      return
    }
    const batch = queue.waiting.splice(0, this.options.maxBatch)
    queue.running++
    void withDeadline(
      recordSubmissions(
        this.db,
        roundId,
        batch.map((w) => w.submission),
        this.options.countStaged === 'database' ? { countTableUpTo: this.options.flushAt } : {},
      ),
      this.options.deadlineMs,
      unavailable,
    )
      .then(
        ({ outcomes, staged }) => {
          batch.forEach((w, i) => w.resolve(outcomes[i]!))
          if (this.stagedAfter(roundId, staged) >= this.options.flushAt) background(this.flush(roundId))
        },
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.running--
        this.run(roundId, background)
      })
  }

  /** The round's staged ballots after a commit that staged `staged` (or counted them, in the database). */
  private stagedAfter(roundId: string, staged: number): number {
    if (this.options.countStaged === 'database') return staged
    const unflushed = (this.unflushed.get(roundId) ?? 0) + staged
    this.unflushed.set(roundId, unflushed)
    return unflushed
  }

  /** Flushes the round's staging (not forced) until fewer than `flushAt` are left. */
  async flush(roundId: string): Promise<void> {
    if (this.flushing.has(roundId)) return
    this.flushing.add(roundId)
    // Staged from now on counts towards the next flush; this one takes every staged row it finds.
    this.unflushed.delete(roundId)
    try {
      while ((await withDeadline(flushRound(this.db, roundId, { max: 5000 }), this.options.deadlineMs, unavailable)) >= this.options.flushAt);
    } catch (error) {
      this.log(`flush of round ${roundId} failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.flushing.delete(roundId)
    }
  }
}
