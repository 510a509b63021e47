import { beforeAll, expect, it } from 'vitest'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson, withAbstainLevel } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { unitTally } from '../support/tallies'
import { testKeys } from '../support/codes'

describeEachDatabase('ballots and results', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  const ballots = () => database().db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
  })

  it('stores a valid ballot and counts it in the tallies', async () => {
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { level: 0 }))
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ status: 'counted', valid: true })
    for (const level of [0, 0, 1]) await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx, { level }))
    // Accepted and staged: waiting, not yet in the tallies.
    const staged = await unitTally(database().db, ctx, 0)
    expect(staged.ballots).toEqual({ valid: 0, invalid: 0, pending: 4 })
    expect(staged.dimensions[0]).toEqual([0, 0, 0, 0])
    expect(await flushRound(database().db, ctx.round.id, { keys: testKeys, force: true })).toBe(4)

    const unit = await unitTally(database().db, ctx, 0)
    expect(unit.ballots).toEqual({ valid: 4, invalid: 0, pending: 0 })
    expect(unit.dimensions).toHaveLength(5)
    expect(unit.dimensions[0]).toEqual([3, 1, 0, 0])
    expect(Number((await ballots()).n)).toBe(4)
  })

  it('refuses bad input with the error envelope and stores nothing', async () => {
    const before = Number((await ballots()).n)
    const good = demoBallot(ctx)
    const firstDim = String(ctx.dimensions[0]?.id)
    const cases: [unknown, number, string][] = [
      [{ ...good, unitId: 'nope' }, 422, 'invalid_input'],
      [{ ...good, extra: 1 }, 422, 'invalid_input'],
      [{ ...good, unitId: '00000000-0000-4000-8000-000000000000' }, 422, 'unit_not_in_round'],
      [{ ...good, categoryId: '00000000-0000-4000-8000-000000000000' }, 422, 'category_not_in_campaign'],
      [{ ...good, answers: { ...good.answers, [firstDim]: 999_999 } }, 422, 'answer_out_of_scale'],
      [{ ...good, answers: { ...good.answers, '999999': ctx.levels[0]?.id } }, 422, 'unknown_dimension'],
      [{ ...good, answers: Object.fromEntries(Object.entries(good.answers).slice(1)) }, 422, 'missing_answer'],
      [{ ...good, opinion: 'x'.repeat(2001) }, 422, 'invalid_input'],
    ]
    for (const [body, status, code] of cases) {
      const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body)
      expect(res.status, code).toBe(status)
      const json = await res.json()
      expect(json.error.code).toBe(code)
      expect(json.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const notJson = await app.request(`/api/rounds/${ctx.round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })
    expect(notJson.status).toBe(400)
    const huge = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, { ...good, opinion: 'x'.repeat(70_000) })
    expect(huge.status).toBe(413)
    expect((await huge.json()).error.code).toBe('payload_too_large')
    expect(Number((await ballots()).n)).toBe(before)
  })

  it('answers in English when asked', async () => {
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, {}, { 'accept-language': 'en-US,en;q=0.9' })
    expect((await res.json()).error.message).toBe('The input is not valid.')
  })

  it('keeps a ballot of only 不了解 answers as invalid when the form asks for answered dimensions', async () => {
    const db = database().db
    const updated = await withAbstainLevel(db, ctx, 3)
    const abstain = updated.levels.find((l) => l.abstain)
    const body = { ...demoBallot(updated, { unit: 1 }), answers: Object.fromEntries(updated.dimensions.map((d) => [String(d.id), abstain?.id])) }
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body)
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ status: 'counted', valid: false })
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const stored = await db.selectFrom('ballot').select(['valid', 'invalid_reason']).where('unit_id', '=', updated.units[1]!.id).where('valid', '=', false).execute()
    expect(stored).toEqual([{ valid: false, invalid_reason: 'too_few_answers' }])
    // Counted as invalid; its answers join no tally.
    const unit = await unitTally(db, updated, 1)
    expect(unit.ballots).toEqual({ valid: 0, invalid: 1, pending: 0 })
    expect(unit.dimensions.flat().every((n) => n === 0)).toBe(true)
  })

  it('refuses ballots with 409 once the round is closed', async () => {
    const db = database().db
    await db.updateTable('round').set({ status: 'closed' }).where('id', '=', ctx.round.id).execute()
    const before = Number((await ballots()).n)
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, demoBallot(ctx))
    expect(res.status).toBe(409)
    expect((await res.json()).error.code).toBe('round_not_open')
    expect(Number((await ballots()).n)).toBe(before)
    await db.updateTable('round').set({ status: 'open' }).where('id', '=', ctx.round.id).execute()
  })

  it('keeps tallies equal to a recount of the stored valid ballots', async () => {
    expect(await tallyMismatches(database().db)).toEqual({ tally: 0, counts: 0 })
  })
})
