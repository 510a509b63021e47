import { describe, expect, it } from 'vitest'
import { retryAfterSeconds } from '../../server/auth/throttle'

const now = new Date('2026-03-02T08:00:00Z')
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000)

describe('login throttling', () => {
  it('lets logins through below the limit and counts only failures inside the window', () => {
    expect(retryAfterSeconds([ago(10), ago(20)], 3, 900_000, now)).toBe(0)
    expect(retryAfterSeconds([ago(10), ago(20), ago(900)], 3, 900_000, now)).toBe(0)
  })

  it('waits until the limit-th most recent failure leaves the window', () => {
    expect(retryAfterSeconds([ago(10), ago(20), ago(30)], 3, 900_000, now)).toBe(870)
    expect(retryAfterSeconds([ago(30), ago(10), ago(20), ago(600)], 3, 900_000, now)).toBe(870)
    expect(retryAfterSeconds([now, now, now], 3, 900_000, now)).toBe(900)
    expect(retryAfterSeconds([ago(899.5), ago(899.5)], 2, 900_000, now)).toBe(1)
  })
})
