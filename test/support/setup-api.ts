import type { Kysely } from 'kysely'
import { createApp } from '../../server/app'
import type { Database } from '../../server/db/schema'
import { loginAs } from './auth'
import { TEST_CODE_KEY } from './demo'

export type TestApp = ReturnType<typeof createApp>

/** The app over `db` with a fixed clock, logging nothing. */
export function setupApp(db: Kysely<Database>, now = new Date('2026-05-01T02:00:00Z')): TestApp {
  return createApp({ db, log: () => {}, now: () => now, secrets: { codeKey: TEST_CODE_KEY } })
}

/** Sends JSON (or nothing) as the client whose headers are given; returns status, parsed body and response. */
export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any; res: Response }>

/** A JSON client that sends `auth` (session cookie and CSRF header) with every request. */
export function client(app: TestApp, auth: Record<string, string> = {}): Call {
  return async (method, path, body, headers = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const type = res.headers.get('content-type') ?? ''
    return { status: res.status, json: type.includes('application/json') ? await res.json() : null, res }
  }
}

/** The app with an office-wide organiser logged in: its client and its headers. */
export async function organiserApp(db: Kysely<Database>) {
  const app = setupApp(db)
  const login = await loginAs(app, db, 'organiser')
  return { app, login, call: client(app, login.headers) }
}
