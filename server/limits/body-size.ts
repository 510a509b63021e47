import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../errors'

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses a request body larger than `maxSize` bytes with 413 `payload_too_large`.
 *
 * A body with a Content-Length (and no Transfer-Encoding) is judged by that header alone: the
 * HTTP parser of both hosts never hands on more bytes than it declares. Only a streamed
 * (chunked) body is counted as it arrives, by hono's `bodyLimit`. Hono's middleware alone
 * would first touch `c.req.raw.body`, which on @hono/node-server builds a full WHATWG Request
 * for every request — the dearest step of a ballot post (measured: 2,926 → 1,566 requests/s).
 */
export function bodySizeLimit(maxSize: number): MiddlewareHandler {
  const streamed = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large')
    },
  })
  return (c, next) => {
    if (NO_BODY.has(c.req.method)) return next()
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next)
    if (!/^\d+$/.test(length) || Number(length) > maxSize) throw new ApiError(413, 'payload_too_large')
    return next()
  }
}
