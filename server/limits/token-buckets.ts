/** A bucket's size and how fast it refills. */
export interface Rate {
  /** Tokens when full: the burst allowed. */
  burst: number
  /** Tokens added per second. */
  perSecond: number
}

/**
 * In-memory token buckets keyed by string, on the clock the caller passes (so tests need no
 * timers). Memory is bounded: past `maxKeys` the least recently touched bucket is dropped,
 * which can only make a limit more lenient, never wrongly strict.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    readonly rate: Rate,
    private readonly maxKeys = 100_000,
  ) {}

  private level(key: string, nowMs: number): number {
    const bucket = this.buckets.get(key)
    if (!bucket) return this.rate.burst
    return Math.min(this.rate.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.rate.perSecond)
  }

  /** Seconds until one token is available (0 when one is available now). */
  wait(key: string, nowMs: number): number {
    const tokens = this.level(key, nowMs)
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.rate.perSecond)
  }

  /** Takes one token; returns the seconds to wait instead when there is none (nothing taken). */
  take(key: string, nowMs: number): number {
    const wait = this.wait(key, nowMs)
    if (wait > 0) return wait
    const tokens = this.level(key, nowMs) - 1
    this.buckets.delete(key)
    this.buckets.set(key, { tokens, at: nowMs })
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value
      if (oldest !== undefined) this.buckets.delete(oldest)
    }
    return 0
  }

  /** Gives one token back (never above the burst): an attempt that turned out not to count. */
  give(key: string, nowMs: number): void {
    const bucket = this.buckets.get(key)
    if (bucket) this.buckets.set(key, { tokens: Math.min(this.rate.burst, this.level(key, nowMs) + 1), at: nowMs })
  }
}
