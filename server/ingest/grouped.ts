import { withDeadline } from '../db/unavailable'

export interface GroupedOptions {
  /** Groups of one key in flight at once (each holds one pooled connection). */
  inFlight: number
  /** Most items in one group. */
  maxBatch: number
  /** A group that has not settled after this long is given up: its waiters get `unavailable()`. */
  deadlineMs: number
  unavailable: () => Error
}

interface Waiting<In, Out> {
  item: In
  resolve(out: Out): void
  reject(error: unknown): void
}

/**
 * Work asked one item at a time and done in groups per key (a round), without a timer: an item
 * starts a group at once if fewer than `inFlight` run for its key; otherwise it waits and joins
 * the next one, which starts as soon as a running one ends and takes everything that waited.
 * Latency stays near one round trip at low load and groups grow with load. `work` answers a
 * group with one result per item, in order; if it fails, every item of the group fails.
 * @example const lookups = new Grouped(options, (round, hashes) => findAll(round, hashes)); await lookups.ask(round, hash)
 */
export class Grouped<In, Out> {
  private readonly queues = new Map<string, { waiting: Waiting<In, Out>[]; running: number }>()

  constructor(
    private readonly options: GroupedOptions,
    private readonly work: (key: string, items: In[]) => Promise<Out[]>,
  ) {}

  ask(key: string, item: In): Promise<Out> {
    return this.askAll(key, [item])[0]!
  }

  /** Items that belong together (a request's ballots): queued at once, so they start one group. */
  askAll(key: string, items: In[]): Promise<Out>[] {
    const queue = this.queues.get(key) ?? { waiting: [], running: 0 }
    this.queues.set(key, queue)
    const outs = items.map((item) => new Promise<Out>((resolve, reject) => queue.waiting.push({ item, resolve, reject })))
    if (queue.running < this.options.inFlight) this.run(key)
    return outs
  }

  private run(key: string) {
    const queue = this.queues.get(key)
    if (!queue || queue.waiting.length === 0) {
      if (queue && queue.running === 0) this.queues.delete(key)
      return
    }
    const group = queue.waiting.splice(0, this.options.maxBatch)
    queue.running++
    const items = group.map((w) => w.item)
    void withDeadline(this.work(key, items), this.options.deadlineMs, this.options.unavailable)
      .then(
        (outs) => group.forEach((w, i) => w.resolve(outs[i]!)),
        (error: unknown) => group.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.running--
        this.run(key)
      })
  }
}
