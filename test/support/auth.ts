import type { Kysely } from 'kysely'
import type { App } from '../../server/app'
import type { Role, SessionUser } from '../../server/auth/guard'
import { SESSION_COOKIE } from '../../server/auth/session'
import { createUser } from '../../server/auth/store'
import type { Database } from '../../server/db/schema'

/** A logged-in test client: send `headers` with `app.request` (cookie and CSRF token). */
export interface TestLogin {
  user: SessionUser
  username: string
  password: string
  cookie: string
  csrf: string
  headers: { cookie: string; 'x-csrf-token': string }
}

let counter = 0

/** The `name=value` pair of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookieOf(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? ''
    if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair
  }
  return undefined
}

/**
 * Creates an account through the auth store and logs it in through the real login route.
 * Non-organisers need `campaignId`; liaisons `unitId`; clerks may get `roundIds`.
 * @example const organiser = await loginAs(app, db, 'organiser', { campaignId }); await app.request('/api/x', { method: 'POST', headers: organiser.headers })
 */
export async function loginAs(
  app: App,
  db: Kysely<Database>,
  role: Role,
  opts: { campaignId?: string | null; unitId?: string | null; roundIds?: string[]; name?: string } = {},
): Promise<TestLogin> {
  counter += 1
  const username = `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}`
  const password = `pw-${Math.random().toString(36).slice(2)}-long`
  await createUser(db, { username, name: opts.name ?? `${role} ${counter}`, role, password, campaignId: opts.campaignId ?? null, unitId: opts.unitId ?? null, roundIds: opts.roundIds ?? [] })
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`loginAs(${role}) failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { user: SessionUser; csrfToken: string }
  const cookie = sessionCookieOf(res)
  if (!cookie) throw new Error('loginAs: the login response set no session cookie')
  return { user: body.user, username, password, cookie, csrf: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken } }
}
