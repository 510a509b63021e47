import type { Kysely } from 'kysely'
import { createApp } from '../../server/app'
import type { Database } from '../../server/db/schema'
import type { AppDeps } from '../../server/env'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'

/** The code key of test apps (a real deployment reads it from its host). */
export const TEST_CODE_KEY = 'test-code-key-0123456789abcdefghijklmnop'

/** The app over a database holding the demo campaign, with the demo round's context. */
export async function demoApp(db: Kysely<Database>, deps: Partial<AppDeps> = {}): Promise<{ app: ReturnType<typeof createApp>; ctx: RoundContext }> {
  const roundId = await seedDemo(db)
  const ctx = await loadRoundContext(db, roundId)
  return { app: createApp({ db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY }, ...deps, ingest: { contextTtlMs: 0, ...deps.ingest } }), ctx }
}

/** A complete, valid ballot body for the demo round: every dimension at the given level index. */
export function demoBallot(ctx: RoundContext, options: { unit?: number; category?: number; level?: number } = {}) {
  const level = ctx.levels[options.level ?? 0]
  return {
    submissionId: crypto.randomUUID(),
    unitId: ctx.units[options.unit ?? 0]?.id,
    categoryId: ctx.categories[options.category ?? 0]?.id,
    answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), level?.id])),
  }
}

type Execution = Parameters<ReturnType<typeof createApp>['request']>[3]

/** POSTs JSON to the app; with `execution`, as a host that keeps its after-response work (keptWork). */
export function postJson(app: ReturnType<typeof createApp>, path: string, body: unknown, headers: Record<string, string> = {}, execution?: Execution) {
  return app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, undefined, execution)
}

/**
 * An execution context that keeps the work an app leaves running after its responses (the
 * flushes), as Workers' waitUntil does; `settled()` waits for all of it, work added meanwhile
 * included.
 */
export function keptWork() {
  const background: Promise<unknown>[] = []
  return {
    execution: { waitUntil: (work: Promise<unknown>) => void background.push(work), passThroughOnException: () => {}, props: {} },
    settled: async () => {
      while (background.length) await Promise.all(background.splice(0))
    },
  }
}

/**
 * The demo round's form with a 不了解 level (abstain, position 9), as offices use, and, with
 * `minAnswered`, a validity rule (that many substantive answers); returns the round's new context.
 */
export async function withAbstainLevel(db: Kysely<Database>, ctx: RoundContext, minAnswered?: number): Promise<RoundContext> {
  await db.insertInto('form_level').values({ form_id: ctx.form.id, position: 9, label: '不了解', abstain: true }).execute()
  if (minAnswered !== undefined) await db.updateTable('form').set({ min_answered: minAnswered }).where('id', '=', ctx.form.id).execute()
  return loadRoundContext(db, ctx.round.id)
}
