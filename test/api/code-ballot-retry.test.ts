import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { voidBatch } from '../../server/codes/batches'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson, withAbstainLevel } from '../support/demo'

/**
 * A code ballot's exactly-once key lives in its code use (sql/056): a code rates a unit once, so
 * that row stores the ballot at most once and, with the submission's key beside it, tells a
 * retry (answered again, nothing stored) from another submission (409). No `submission` row is
 * written for it, and nothing stored says whether a code's ballot was valid: a retry's answer
 * is its own ballot checked again against the frozen form.
 */
describeEachDatabase('a code ballot’s retry, told by the key in its code use', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    // A 不了解 level and a validity rule (3 substantive answers of 5): a ballot of 不了解 is invalid.
    ctx = await withAbstainLevel(db, ctx, 3)
  })

  const post = (body: unknown) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body)
  const abstain = () => ctx.levels.findIndex((l) => l.abstain)
  const submissionRows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM submission WHERE round_id = ${ctx.round.id}`.execute(database().db)).rows[0]!.n)

  it('answers retries of a valid and an invalid ballot as they were answered, also once the batch is voided, storing nothing again', async () => {
    const db = database().db
    const { id: batchId, codes } = await demoBatch(db, ctx, 1)
    const valid = { ...demoBallot(ctx, { unit: 0 }), categoryId: undefined, code: codes[0] }
    const invalid = { ...demoBallot(ctx, { unit: 1, level: abstain() }), categoryId: undefined, code: codes[0] }
    const rowsBefore = await submissionRows()
    expect(await (await post(valid)).json()).toEqual({ status: 'counted', valid: true })
    expect(await (await post(invalid)).json()).toEqual({ status: 'counted', valid: false })
    const before = await stored(db)
    // The keys are in the code uses, beside nothing else; no submission row was written.
    const uses = await sql<{ unit_id: string; key_hash: string }>`SELECT unit_id, key_hash FROM code_use WHERE code_hash = ${await testKeys.hash('code', codes[0]!)} ORDER BY key_hash`.execute(db)
    const keys = await Promise.all([valid, invalid].map((b) => testKeys.hash('submission', `${ctx.round.id}:${b.submissionId}`)))
    expect(uses.rows.map((r) => [r.unit_id, r.key_hash]).sort()).toEqual([[valid.unitId, keys[0]], [invalid.unitId, keys[1]]].sort())
    const columns = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'code_use' ORDER BY column_name`.execute(db)
    expect(columns.rows.map((c) => c.name)).toEqual(['code_hash', 'key_hash', 'unit_id'])
    expect(await submissionRows()).toBe(rowsBefore)

    for (const body of [valid, invalid]) expect((await post(body)).status).toBe(201)
    expect(await (await post(invalid)).json()).toEqual({ status: 'counted', valid: false })
    await voidBatch(db, ctx.round.id, batchId, new Date())
    expect(await (await post(valid)).json()).toEqual({ status: 'counted', valid: true })
    expect(await (await post(invalid)).json()).toEqual({ status: 'counted', valid: false })
    // Another submission for a used unit: 409 while the code was live; now the code is void.
    expect((await post({ ...valid, submissionId: crypto.randomUUID() })).status).toBe(403)
    expect(await stored(db)).toEqual(before)
    await flushRound(db, ctx.round.id, { keys: testKeys })
  })

  it('answers the retry of a ballot stored before sql/056 from its submission row', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1)
    const body = { ...demoBallot(ctx, { unit: 2 }), categoryId: undefined, code: codes[0] }
    expect((await post(body)).status).toBe(201)
    // As an older version stored it: no key in the code use, the key and validity in `submission`.
    const keyHash = await testKeys.hash('submission', `${ctx.round.id}:${body.submissionId}`)
    await db.updateTable('code_use').set({ key_hash: null }).where('key_hash', '=', keyHash).execute()
    await db.insertInto('submission').values({ key_hash: keyHash, round_id: ctx.round.id, valid: false }).execute()
    const before = await stored(db)
    const again = await post(body)
    expect(again.status).toBe(201)
    expect(await again.json()).toEqual({ status: 'counted', valid: false })
    const other = await post({ ...body, submissionId: crypto.randomUUID() })
    expect(other.status).toBe(409)
    expect(await stored(db)).toEqual(before)
    await flushRound(db, ctx.round.id, { keys: testKeys })
  })
})
