import { SESSION_COOKIE } from '../../server/auth/session'

/** A signed-in session over real HTTP: send `headers` with each request. */
export interface HttpSession {
  headers: { cookie: string; 'x-csrf-token': string }
}

/** Logs in through `POST /api/auth/login` of a running host. */
export async function httpLogin(base: string, username: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`))
  if (!cookie) throw new Error('login set no session cookie')
  return { headers: { cookie, 'x-csrf-token': csrfToken } }
}
