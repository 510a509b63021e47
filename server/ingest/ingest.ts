import { type Kysely, sql } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import type { Database } from '../db/schema'
import { withDeadline } from '../db/unavailable'
import { ApiError } from '../errors'
import { flushRound } from './flush'
import { Grouped } from './grouped'
import { type Outcome, recordSubmissions, stagedUpTo, type Submission } from './record'
import { RoundCache } from './round-cache'

export interface IngestOptions {
  /** Most submissions in one group commit; 1 gives every request its own transaction. */
  maxBatch: number
  /** Group commits of one round in flight at once (each holds one pooled connection). */
  inFlight: number
  /**
   * A round's second group commit starts beside the first only once that one has run this long
   * (it looks stalled): below it, what arrives joins the next group. Measured on 2 cores
   * (2026-12-06, 6-unit grids at 2,700 ballots/s, alternated with 0, which starts a second at
   * once): PostgreSQL CPU per ballot about 14 % less, Node's about 8 %. 0 with `maxBatch` 1:
   * one transaction per request, as many at once as `inFlight` allows.
   */
  stallMs: number
  /** Staged ballots of a round that trigger a flush into `ballot` (never fewer than the round's k). */
  flushAt: number
  /**
   * Who counts the staged ballots towards `flushAt`: this instance, in memory (a Node process,
   * long-lived), or the database, in each group commit (a Workers instance lives for one request).
   */
  countStaged: 'instance' | 'database'
  /**
   * Under load, a round's flushes start at most this often (an instance that counts its own
   * staged ballots; a Workers instance flushes once per trigger): one flush of many ballots
   * costs the database far less than many flushes of a few. Tallies lag by about this much.
   */
  flushEveryMs: number
  /**
   * The database runs on this thread (embedded PGlite): each statement blocks the event loop, so
   * no request is read while a group commit runs, and a group started the moment the last one
   * settles would hold only what waited already. Its next group then waits for the loop to read
   * what arrived meanwhile (grouped.ts gatherAfterIo). Measured on 2 cores (2026-12-07, 64
   * connections, single ballots): 209 requests/s, one group commit each, p99 5.3 s, against
   * 1,270–3,180 requests/s at p99 46–246 ms. Against a PostgreSQL server it costs latency (the
   * statement would wait for the loop's other work) and gains nothing: false.
   */
  databaseOnThisThread: boolean
  /** How long a round's form and units are cached per instance (0: read every time). */
  contextTtlMs: number
  /**
   * A group commit or flush that has not settled after this long is given up (its waiters get
   * 503 and retry): a database connection lost mid-query must not stall the round's queue.
   */
  deadlineMs: number
}

export const defaultIngest: IngestOptions = { maxBatch: 500, inFlight: 2, stallMs: 50, flushAt: 20, countStaged: 'instance', flushEveryMs: 100, databaseOnThisThread: false, contextTtlMs: 2000, deadlineMs: 20_000 }

const unavailable = () => new ApiError(503, 'database_unavailable')

interface Asked {
  submission: Submission
  /** Keeps work alive after the response (Workers' waitUntil). */
  background: (work: Promise<unknown>) => void
}

/**
 * Group commit (grouped.ts): a submission starts a statement at once if none is running for its
 * round; otherwise it waits and joins the next one, which takes everything that waited (or
 * starts beside the running ones, up to `inFlight`, once they have run `stallMs`). Latency
 * stays near one commit at low load and groups grow with load. The statement also checks the
 * ballots' codes (record.ts).
 *
 * Once `flushAt` or more ballots of a round are staged (counted as `countStaged` says: by this
 * instance since its last flush, or in the database), a staging flush runs — one per round at
 * a time in this instance, taking every staged row; `background` keeps it alive after the
 * response (Workers' waitUntil), errors go to `log` — staged ballots are durable, the next
 * flush or the close takes them.
 */
export class Ingest {
  private readonly commits: Grouped<Asked, Outcome>
  private readonly flushing = new Set<string>()
  /** Ballots this instance staged per round since its last flush began. */
  private readonly unflushed = new Map<string, number>()
  readonly options: IngestOptions
  readonly rounds: RoundCache

  constructor(
    private readonly db: Kysely<Database>,
    /** The server's keyed hashes: the key that seals staged ballots is derived from it (seal.ts). */
    private readonly keys: KeyedHasher,
    options: Partial<IngestOptions> = {},
    private readonly log: (line: string) => void = () => {},
  ) {
    this.options = { ...defaultIngest, ...options }
    const { inFlight, stallMs, maxBatch, deadlineMs, databaseOnThisThread } = this.options
    this.commits = new Grouped({ inFlight, stallMs, maxBatch, deadlineMs, unavailable, gatherAfterIo: databaseOnThisThread }, (roundId, group) => this.commit(roundId, group))
    this.rounds = new RoundCache(db, this.options.contextTtlMs)
  }

  /**
   * Records submissions of one round, all joining the same group commit (unless more than
   * `maxBatch` wait); resolves with their outcomes once durable (or refused), in order.
   */
  submitAll(roundId: string, submissions: Submission[], background: (work: Promise<unknown>) => void): Promise<Outcome[]> {
    return Promise.all(this.commits.askAll(roundId, submissions.map((submission) => ({ submission, background }))))
  }

  /** One group commit; a flush when enough are staged, kept alive by a waiter's `background`. */
  private async commit(roundId: string, group: Asked[]): Promise<Outcome[]> {
    const counting = this.options.countStaged === 'database' ? { countTableUpTo: this.options.flushAt } : {}
    const { outcomes, staged } = await recordSubmissions(
      this.db,
      roundId,
      group.map((a) => a.submission),
      { keys: this.keys, ...counting },
    )
    if (this.stagedAfter(roundId, staged) >= this.options.flushAt) group[0]!.background(this.flush(roundId))
    else if (this.options.countStaged === 'database' && staged > 0) group[0]!.background(this.flushIfStaged(roundId))
    return outcomes
  }

  /**
   * Counted in the database, a commit's statement sees only the groups committed before it
   * began: when many commit at once (a meeting hall submitting together, each request its own
   * Workers instance), each may see fewer than `flushAt` though together they hold more, and
   * no flush would start until the next ballot. Counted again once committed, the last of them
   * sees them all (one small read, after the response).
   */
  private async flushIfStaged(roundId: string): Promise<void> {
    const { flushAt } = this.options
    let staged: number
    try {
      const row = await sql<{ staged: string | number }>`SELECT ${stagedUpTo(roundId, flushAt)} AS staged`.execute(this.db)
      staged = Number(row.rows[0]?.staged ?? 0)
    } catch (error) {
      this.log(`counting the staged ballots of round ${roundId} failed: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    if (staged >= flushAt) await this.flush(roundId)
  }

  /** The round's staged ballots after a commit that staged `staged` (or counted them, in the database). */
  private stagedAfter(roundId: string, staged: number): number {
    if (this.options.countStaged === 'database') return staged
    const unflushed = (this.unflushed.get(roundId) ?? 0) + staged
    this.unflushed.set(roundId, unflushed)
    return unflushed
  }

  /**
   * Flushes the round's staging (not forced) until a flush moves fewer than `flushAt`; while
   * they keep coming, the next flush waits until `flushEveryMs` after the last one began, so
   * that it gathers what arrived meanwhile (measured under load here: a flush of ~34 ballots
   * took 5.6 ms, much of it fixed cost, so back-to-back small flushes waste the database).
   */
  async flush(roundId: string): Promise<void> {
    if (this.flushing.has(roundId)) return
    this.flushing.add(roundId)
    // Ballots counted towards this flush that it left staged (fewer than k were ready).
    let left = 0
    try {
      for (;;) {
        // Staged from now on counts towards the next flush; this one takes every staged row it finds.
        const counted = this.unflushed.get(roundId) ?? 0
        this.unflushed.delete(roundId)
        const began = Date.now()
        const moved = await withDeadline(flushRound(this.db, roundId, { keys: this.keys, max: 5000 }), this.options.deadlineMs, unavailable)
        // Moving none, it took none: a pass after the first, whose ballots (fewer than flushAt)
        // came during the wait, leaves them to count towards the next flush, not forgotten —
        // else a round whose last ballots came then kept them staged until its close. (The
        // first pass's flushAt or more had their try: the next comes after flushAt more.)
        if (moved === 0 && counted < this.options.flushAt) left = counted
        if (moved < this.options.flushAt) break
        const wait = began + this.options.flushEveryMs - Date.now()
        if (this.options.countStaged === 'instance' && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      }
    } catch (error) {
      this.log(`flush of round ${roundId} failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.flushing.delete(roundId)
      // Ballots committed while the last flush ran, after its snapshot, were left for it by their
      // commits' own flush calls (one was running): enough of them start the next one now, not
      // with the round's next ballot, which may never come.
      const arrived = this.unflushed.get(roundId) ?? 0
      if (left > 0) this.unflushed.set(roundId, arrived + left)
      if (this.options.countStaged === 'instance' && arrived >= this.options.flushAt) void this.flush(roundId)
    }
  }
}
