import { beforeAll, describe, expect, it } from 'vitest'
import { listBatches, reissueBatch, voidBatch } from '../../server/codes/batches'
import { formatCode } from '../../server/codes/generate'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch as makeBatch, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

describeEachDatabase('access codes on the evaluator path', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let logs: string[]
  /** Every plain code this file was given, reissues included: none may reach the log. */
  const given: string[] = []
  const demoBatch = async (...args: Parameters<typeof makeBatch>) => {
    const batch = await makeBatch(...args)
    given.push(...batch.codes)
    return batch
  }
  const post = (body: unknown, headers?: Record<string, string>) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body, headers)

  beforeAll(async () => {
    logs = []
    ;({ app, ctx } = await demoApp(database().db, { log: (line) => logs.push(line) }))
  })

  it('tells the phone form which units a code may still rate, with the code in the body', async () => {
    const { codes } = await demoBatch(database().db, ctx, 3, { units: [0, 2] })
    const code = codes[0]!
    const check = () => postJson(app, `/api/rounds/${ctx.round.id}/codes/check`, { code: formatCode(code).toLowerCase() })
    let res = await check()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      category: { id: ctx.categories[1]!.id, name: '党员干部' },
      units: [
        { id: ctx.units[0]!.id, name: ctx.units[0]!.name, used: false },
        { id: ctx.units[2]!.id, name: ctx.units[2]!.name, used: false },
      ],
    })
    const { categoryId: _, ...body } = demoBallot(ctx, { unit: 2 })
    expect((await post({ ...body, code })).status).toBe(201)
    res = await check()
    expect((await res.json()).units.map((u: { used: boolean }) => u.used)).toEqual([false, true])
  })

  it('takes the category from the code, labels the ballot mobile, and refuses a mismatching category', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1, { units: [1], category: 2 })
    const wrong = await post({ ...demoBallot(ctx, { unit: 1, category: 0 }), code: codes[0] })
    expect(wrong.status).toBe(422)
    expect((await wrong.json()).error.code).toBe('category_mismatch')
    const right = await post({ ...demoBallot(ctx, { unit: 1, category: 2 }), code: codes[0] })
    expect(right.status).toBe(201)
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const rows = await db.selectFrom('ballot').select(['category_id', 'channel']).where('unit_id', '=', ctx.units[1]!.id).execute()
    expect(rows).toEqual([{ category_id: ctx.categories[2]!.id, channel: 'mobile' }])
  })

  it('answers a retry with the same submission id with the same response and stores nothing twice', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 1)
    const body = { ...demoBallot(ctx, { unit: 3 }), categoryId: undefined, code: codes[0] }
    const before = await stored(db)
    const first = await post(body)
    const again = await Promise.all([post(body), post(body), post(body)])
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ status: 'counted', valid: true })
    for (const res of again) {
      expect(res.status).toBe(201)
      expect(await res.json()).toEqual({ status: 'counted', valid: true })
    }
    const other = await post({ ...body, submissionId: crypto.randomUUID() })
    expect(other.status).toBe(409)
    const json = await other.json()
    expect(json.error).toEqual({ code: 'code_used', message: '这个评议码已经评议过该单位，每个单位只能评议一次。' })
    const after = await stored(db)
    expect(after.ballots - before.ballots).toBe(1)
    expect(after.codeUses - before.codeUses).toBe(1)
    expect(after.submissions - before.submissions).toBe(1)
  })

  it('refuses a closed round, a voided batch, another unit, answers outside the scale and a missing dimension, storing nothing', async () => {
    const db = database().db
    const { id: batchId, codes } = await demoBatch(db, ctx, 6, { units: [4] })
    const { codes: live } = await demoBatch(db, ctx, 1, { units: [4] })
    const good = { ...demoBallot(ctx, { unit: 4 }), categoryId: undefined }
    const firstDim = String(ctx.dimensions[0]!.id)
    await voidBatch(db, ctx.round.id, batchId, new Date())
    const before = await stored(db)
    const cases: [unknown, number, string][] = [
      [{ ...good, code: codes[0] }, 403, 'code_invalid'],
      [{ ...good, code: 'ABCDE-FGHJK' }, 403, 'code_invalid'],
      [{ ...good, code: 'not a code' }, 403, 'code_invalid'],
      [{ ...good, code: live[0], unitId: ctx.units[0]!.id }, 403, 'code_wrong_unit'],
      [{ ...good, code: live[0], answers: { ...good.answers, [firstDim]: 999_999 } }, 422, 'answer_out_of_scale'],
      [{ ...good, code: live[0], answers: Object.fromEntries(Object.entries(good.answers).slice(1)) }, 422, 'missing_answer'],
      [{ ...good, code: live[0], submissionId: 'not-a-uuid' }, 422, 'invalid_input'],
    ]
    for (const [body, status, code] of cases) {
      const res = await post(body)
      expect(res.status, code).toBe(status)
      expect((await res.json()).error.code).toBe(code)
    }
    await db.updateTable('round').set({ status: 'closed' }).where('id', '=', ctx.round.id).execute()
    const closed = await post({ ...good, code: live[0] })
    expect(closed.status).toBe(409)
    expect((await closed.json()).error.code).toBe('round_not_open')
    await db.updateTable('round').set({ status: 'open' }).where('id', '=', ctx.round.id).execute()
    expect(await stored(db)).toEqual(before)
  })

  it('counts issued and used codes per batch, and reissue voids the old codes', async () => {
    const db = database().db
    const { id, codes } = await demoBatch(db, ctx, 4, { units: [5] })
    const body = () => ({ ...demoBallot(ctx, { unit: 5 }), categoryId: undefined })
    for (const code of codes.slice(0, 2)) expect((await post({ ...body(), code })).status).toBe(201)
    const fresh = await reissueBatch(db, testKeys, ctx.round.id, id, new Date())
    given.push(...fresh.codes)
    expect(fresh.codes).toHaveLength(4)
    expect((await post({ ...body(), code: codes[2] })).status).toBe(403)
    expect((await post({ ...body(), code: fresh.codes[0] })).status).toBe(201)
    const batches = await listBatches(db, ctx.round.id)
    const old = batches.find((b) => b.id === id)!
    const next = batches.find((b) => b.id === fresh.id)!
    expect([old.issued, old.used, old.uses, old.voided]).toEqual([4, 2, 2, true])
    expect([next.issued, next.used, next.uses, next.voided, next.reissueOf, next.unitIds]).toEqual([4, 1, 1, false, id, [ctx.units[5]!.id]])
    const hashes = await db.selectFrom('access_code').select('code_hash').where('batch_id', '=', fresh.id).execute()
    expect(hashes.map((h) => h.code_hash).sort()).toEqual((await Promise.all(fresh.codes.map((c) => testKeys.hash('code', c)))).sort())
  })

  it('never writes a code to the log', async () => {
    const all = (await database().db.selectFrom('code_batch').select('id').execute()).length
    expect(all).toBeGreaterThan(0)
    expect(logs.length).toBeGreaterThan(20)
    expect(given.length).toBeGreaterThan(10)
    // Every code in both spellings; a pattern alone would also flag random ids that look like one.
    expect(codesIn(logs.join('\n'), given)).toEqual([])
    // the control: a code that did reach a line is found, in either spelling and case
    expect(codesIn(`x ${formatCode(given[0]!).toLowerCase()} y`, given)).toEqual([given[0]])
  })
})

/** The codes that occur in `text`, as typed or formatted (XXXXX-XXXXX), in any case. */
function codesIn(text: string, codes: string[]): string[] {
  const upper = text.toUpperCase()
  return codes.filter((code) => upper.includes(code) || upper.includes(formatCode(code)))
}
