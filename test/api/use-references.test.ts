import { type Kysely, sql } from 'kysely'
import postgres from 'postgres'
import { beforeAll, expect, it } from 'vitest'
import type { Database } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, testKeys } from '../support/codes'
import { describeEachDatabase, lockWaiters } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

/**
 * `code_use`, `submission` and `device_use` have no foreign key checked per ballot (sql/054,
 * 055): the group commit finds each code FOR KEY SHARE and holds the round, and triggers keep
 * what the keys did when a code or a round is deleted or re-keyed.
 */
describeEachDatabase('code use, device use and submission references', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  const vote = (code: string, unit = 0) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit }), categoryId: undefined, code })
  const count = async (db: Kysely<Database>, table: 'code_use' | 'submission' | 'device_use', where: ReturnType<typeof sql>) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db)).rows[0]!.n)
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'done', (error: { code?: string }) => error.code)

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
  })

  it('refuses a new hash for a used code, and deletes a batch’s code uses with it', async () => {
    const db = database().db
    const { codes, id: batchId } = await demoBatch(db, ctx, 2)
    for (const unit of [0, 1]) expect((await vote(codes[0]!, unit)).status).toBe(201)
    const [used, unused] = [await testKeys.hash('code', codes[0]!), await testKeys.hash('code', codes[1]!)]
    expect(await refusal(db.updateTable('access_code').set({ code_hash: 'x' }).where('code_hash', '=', used).execute())).toBe('23503')
    expect(await refusal(db.updateTable('access_code').set({ code_hash: 'y' }).where('code_hash', '=', unused).execute())).toBe('done')
    expect(await count(db, 'code_use', sql`code_hash = ${used}`)).toBe(2)
    await db.deleteFrom('code_batch').where('id', '=', batchId).execute()
    expect(await count(db, 'code_use', sql`code_hash = ${used}`)).toBe(0)
  })

  it('refuses a new id for a round with submissions or device uses, and deletes them with the round', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1)
    expect((await vote(codes[0]!)).status).toBe(201)
    // through the round's public link: a device use
    expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { unit: 1 }), categoryId: undefined })).status).toBe(201)
    const round = sql`round_id = ${ctx.round.id}`
    expect(await count(db, 'submission', round)).toBeGreaterThan(0)
    expect(await count(db, 'device_use', round)).toBe(1)
    expect(await refusal(db.updateTable('round').set({ id: crypto.randomUUID() }).where('id', '=', ctx.round.id).execute())).toBe('23503')
    // the device uses alone hold the round's id too
    await db.deleteFrom('submission').where('round_id', '=', ctx.round.id).execute()
    expect(await refusal(db.updateTable('round').set({ id: crypto.randomUUID() }).where('id', '=', ctx.round.id).execute())).toBe('23503')
    await db.deleteFrom('round').where('id', '=', ctx.round.id).execute()
    expect(await count(db, 'submission', round)).toBe(0)
    expect(await count(db, 'device_use', round)).toBe(0)
    expect(await count(db, 'code_use', sql`true`)).toBe(0)
  })
})

describeEachDatabase('a code deleted while a ballot uses it', (database) => {
  it('waits for the delete and refuses the code, storing no use of it (PostgreSQL)', async () => {
    const url = database().url
    if (!url) return // PGlite has one connection: no two transactions overlap
    const { app, ctx } = await demoApp(database().db)
    const { codes } = await demoBatch(database().db, ctx, 1)
    const hash = await testKeys.hash('code', codes[0]!)
    const other = postgres(url, { max: 1, onnotice: () => {} })
    let release = () => {}
    try {
      const released = new Promise<void>((resolve) => (release = resolve))
      let deleted!: () => void
      const hasDeleted = new Promise<void>((resolve) => (deleted = resolve))
      const deleting = other.begin(async (tx) => {
        await tx`DELETE FROM access_code WHERE code_hash = ${hash}`
        deleted()
        await released
      })
      await hasDeleted
      const voting = postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx), categoryId: undefined, code: codes[0]! })
      // The group commit waits on the code's row, which the deleting transaction holds.
      expect(await lockWaiters(database().db, { query: '%WITH input AS%' })).toBe(true)
      release()
      await deleting
      const response = await voting
      expect(response.status).toBe(403)
      expect((await response.json()).error.code).toBe('code_invalid')
      const [uses] = await other`SELECT count(*)::int AS n FROM code_use WHERE code_hash = ${hash}`
      expect(uses?.n).toBe(0)
    } finally {
      release()
      await other.end()
    }
  })
})
