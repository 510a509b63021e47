import { withDeadline } from '../db/unavailable'

export interface GroupedOptions {
  /** Groups of one key in flight at once (each holds one pooled connection). */
  inFlight: number
  /**
   * A group beyond the first of a key starts only once every group running for it has run this
   * long (0: at once). Below that, what arrives waits and joins one larger group — cheaper for
   * the database than two groups side by side — while a group that stalls (a lost connection,
   * a lock) holds the key up for this long, not until its deadline.
   */
  stallMs: number
  /** Most items in one group. */
  maxBatch: number
  /**
   * Whether a key's next group, after one settles, waits until the event loop has read the I/O
   * that arrived meanwhile (the poll phase of its next turn). For work that blocks this thread
   * while it runs (an in-process database): nothing is read during it, so a group started at
   * once would hold only what was already waiting — often one item — and the next the same.
   * Work that runs elsewhere (a database server) starts at once: the thread reads meanwhile.
   */
  gatherAfterIo?: boolean
  /** A group that has not settled after this long is given up: its waiters get `unavailable()`. */
  deadlineMs: number
  unavailable: () => Error
}

interface Waiting<In, Out> {
  item: In
  resolve(out: Out): void
  reject(error: unknown): void
}

interface Queue<In, Out> {
  waiting: Waiting<In, Out>[]
  /** When each running group started (ms). */
  started: number[]
  /** Set while a group waits for those running to pass `stallMs`. */
  timer?: ReturnType<typeof setTimeout>
}

/**
 * Work asked one item at a time and done in groups per key (a round): an item starts a group at
 * once if none runs for its key; otherwise it waits and joins the next one, which starts as
 * soon as a running one ends and takes everything that waited — or beside the running ones,
 * up to `inFlight`, once they have all run `stallMs`. Latency stays near one round trip at low
 * load and groups grow with load. `work` answers a group with one result per item, in order;
 * if it fails, every item of the group fails.
 * @example const lookups = new Grouped(options, (round, hashes) => findAll(round, hashes)); await lookups.ask(round, hash)
 */
export class Grouped<In, Out> {
  private readonly queues = new Map<string, Queue<In, Out>>()

  constructor(
    private readonly options: GroupedOptions,
    private readonly work: (key: string, items: In[]) => Promise<Out[]>,
  ) {}

  ask(key: string, item: In): Promise<Out> {
    return this.askAll(key, [item])[0]!
  }

  /** Items that belong together (a request's ballots): queued at once, so they start one group. */
  askAll(key: string, items: In[]): Promise<Out>[] {
    const queue = this.queues.get(key) ?? { waiting: [], started: [] }
    this.queues.set(key, queue)
    const outs = items.map((item) => new Promise<Out>((resolve, reject) => queue.waiting.push({ item, resolve, reject })))
    this.run(key)
    return outs
  }

  /** Starts the key's next group if it may start now; else, if it may once those running pass `stallMs`, looks again then. */
  private run(key: string) {
    const queue = this.queues.get(key)
    if (!queue || queue.waiting.length === 0) {
      if (queue && queue.started.length === 0 && !queue.timer) this.queues.delete(key)
      return
    }
    if (queue.started.length >= this.options.inFlight) return
    const wait = queue.started.length === 0 ? 0 : Math.max(...queue.started) + this.options.stallMs - Date.now()
    if (wait > 0) {
      queue.timer ??= setTimeout(() => {
        queue.timer = undefined
        this.run(key)
      }, wait)
      return
    }
    const group = queue.waiting.splice(0, this.options.maxBatch)
    const started = Date.now()
    queue.started.push(started)
    const items = group.map((w) => w.item)
    void withDeadline(this.work(key, items), this.options.deadlineMs, this.options.unavailable)
      .then(
        (outs) => group.forEach((w, i) => w.resolve(outs[i]!)),
        (error: unknown) => group.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        const next = () => {
          queue.started.splice(queue.started.indexOf(started), 1)
          this.run(key)
        }
        if (this.options.gatherAfterIo) afterNextPoll(next)
        else next()
      })
  }
}

/** setImmediate where the host has it (Node; Workers with nodejs_compat), else a zero timeout. */
const immediate: (fn: () => void) => void = globalThis.setImmediate ?? ((fn) => setTimeout(fn, 0))

/**
 * Runs `fn` in the check phase of the event loop's next turn, after its poll phase has read the
 * sockets that became readable meanwhile (one immediate would run in this turn's check phase,
 * before any new poll).
 */
function afterNextPoll(fn: () => void) {
  immediate(() => immediate(fn))
}
