import type { Kysely } from 'kysely'
import { createApp } from '../../server/app'
import type { Database } from '../../server/db/schema'

export type TestApp = ReturnType<typeof createApp>

/** The app over `db` with a fixed clock, logging nothing. */
export function setupApp(db: Kysely<Database>, now = new Date('2026-05-01T02:00:00Z')): TestApp {
  return createApp({ db, log: () => {}, now: () => now })
}

/** Sends JSON and returns the status with the parsed body. */
export async function call(app: TestApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const type = res.headers.get('content-type') ?? ''
  const json = type.includes('application/json') ? await res.json() : null
  return { status: res.status, json, res }
}
