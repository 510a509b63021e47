import { ApiError } from '../errors'
import { type Rate, TokenBuckets } from './token-buckets'

/**
 * The limits of the evaluator's path. No limit is per address: a whole meeting hall or
 * village may share one NAT address. Devices are told apart by their signed device token.
 */
export interface LimitSettings {
  /** Ballots one device may send: a delegate rating 60 units in a grid is a burst of 60. */
  devicePosts: Rate
  /** Public-link ballots per round: 300 people × several units within a minute. */
  roundPublicPosts: Rate
  /** Wrong codes one device may type before it must wait. */
  deviceWrongCodes: Rate
  /** Wrong codes per round from everyone: bounds guessing by clients that drop their token. */
  roundWrongCodes: Rate
}

export const defaultLimits: LimitSettings = {
  devicePosts: { burst: 60, perSecond: 1 },
  roundPublicPosts: { burst: 3000, perSecond: 50 },
  deviceWrongCodes: { burst: 10, perSecond: 1 / 30 },
  roundWrongCodes: { burst: 300, perSecond: 5 },
}

/** A 429 `too_many_attempts` whose Retry-After says how long to wait. */
export class TooManyAttempts extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'too_many_attempts')
  }
}

/** The app's limiters, one set per app instance (per isolate on Workers). */
export class Limiter {
  private readonly devicePosts: TokenBuckets
  private readonly roundPublicPosts: TokenBuckets
  private readonly deviceWrongCodes: TokenBuckets
  private readonly roundWrongCodes: TokenBuckets

  constructor(settings: Partial<LimitSettings> = {}) {
    const s = { ...defaultLimits, ...settings }
    this.devicePosts = new TokenBuckets(s.devicePosts)
    this.roundPublicPosts = new TokenBuckets(s.roundPublicPosts, 10_000)
    this.deviceWrongCodes = new TokenBuckets(s.deviceWrongCodes)
    this.roundWrongCodes = new TokenBuckets(s.roundWrongCodes, 10_000)
  }

  /** Counts one ballot post; throws TooManyAttempts when the device (or the round's public link) is over its limit. */
  post(roundId: string, device: string | null, isPublic: boolean, nowMs: number): void {
    if (device) throwIfWait(this.devicePosts.take(device, nowMs))
    if (isPublic) throwIfWait(this.roundPublicPosts.take(roundId, nowMs))
  }

  /**
   * Takes one code attempt from the device's and the round's wrong-code budgets before the code
   * is looked up, or throws TooManyAttempts. Taken up front, not after a wrong answer: concurrent
   * guesses must not all pass a check made before any of them is counted. A right code gives its
   * attempt back (`rightCode`), so honest evaluators never use the budget up.
   */
  beforeCode(roundId: string, device: string | null, nowMs: number): void {
    if (device) throwIfWait(this.deviceWrongCodes.take(device, nowMs))
    const wait = this.roundWrongCodes.take(roundId, nowMs)
    if (wait > 0 && device) this.deviceWrongCodes.give(device, nowMs)
    throwIfWait(wait)
  }

  /** Gives back the attempt `beforeCode` took, when the code was right. */
  rightCode(roundId: string, device: string | null, nowMs: number): void {
    if (device) this.deviceWrongCodes.give(device, nowMs)
    this.roundWrongCodes.give(roundId, nowMs)
  }
}

function throwIfWait(seconds: number): void {
  if (seconds > 0) throw new TooManyAttempts(seconds)
}
