import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { randomToken } from '../auth/crypto'
import type { AppEnv } from '../env'

/** The cookie holding the signed device token of the public link. */
export const DEVICE_COOKIE = 'pingyi_device'

/**
 * The device of a request: the id in its signed `pingyi_device` cookie, or a new one, signed
 * (HMAC) and set on the response. The token is only ever stored as another keyed hash, per
 * round, in `device_use`; never with a ballot. A device that drops its cookie becomes a new
 * device: the per-round limits bound what that can achieve (docs/anonymity.md).
 */
export function deviceOf(c: Context<AppEnv>): Promise<string> {
  // One device per request, however many ballots it carries (a grid's batch).
  let device = devices.get(c)
  if (!device) devices.set(c, (device = readOrIssue(c)))
  return device
}

const devices = new WeakMap<Context<AppEnv>, Promise<string>>()

async function readOrIssue(c: Context<AppEnv>): Promise<string> {
  const keys = c.get('keys')
  const token = getCookie(c, DEVICE_COOKIE)
  const [id, mac] = token?.split('.') ?? []
  if (id && mac && /^[\w-]{22}$/.test(id) && (await keys.hash('device', id)) === mac) return id
  const fresh = randomToken(16)
  setCookie(c, DEVICE_COOKIE, `${fresh}.${await keys.hash('device', fresh)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.req.url.startsWith('https:'),
    maxAge: 400 * 24 * 3600,
  })
  return fresh
}
