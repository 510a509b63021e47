import { beforeAll, expect, it } from 'vitest'
import { formatCode } from '../../server/codes/generate'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { demoBatch, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson, withAbstainLevel } from '../support/demo'

interface TurnoutJson {
  round: { status: string }
  units: { id: string; received: number; invalid: number | null }[]
  total: { received: number; invalid: number | null }
}

/**
 * The live turnout (`GET /api/results/rounds/:round/turnout` and the hall screen, organisers and
 * leaders, while the round is open) counts ballots received, never whether they were valid:
 * validity follows from the answers (fewer than `min_answered` substantive ones, i.e. mostly
 * 不了解), so a valid/invalid split watched around one evaluator's submission would tell how
 * they answered. The split shows once the round has closed, with the results.
 */
describeEachDatabase('anonymity: live turnout does not tell a ballot’s validity', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    // A form with a 不了解 level and a validity rule (3 substantive answers of 5), as offices use.
    ctx = await withAbstainLevel(db, ctx, 3)
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
  })

  const turnout = async (): Promise<{ unit0: TurnoutJson['units'][number]; total: TurnoutJson['total']; status: string }> => {
    const res = await app.request(`/api/results/rounds/${ctx.round.id}/turnout`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as TurnoutJson
    return { unit0: body.units.find((u) => u.id === ctx.units[0]!.id)!, total: body.total, status: body.round.status }
  }
  const hallScreen = async (lang: 'zh-CN' | 'en') =>
    (await app.request(`/results/rounds/${ctx.round.id}/turnout?lang=${lang}`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()

  it('counts an invalid ballot as received, and says nothing of its validity, staged or mixed in, while the round is open', async () => {
    const { codes } = await demoBatch(database().db, ctx, 1)
    const abstain = ctx.levels.find((l) => l.abstain)!
    const before = await turnout()
    expect(before.unit0.received).toBe(0)
    // One evaluator answers 不了解 everywhere: an invalid ballot, alone in staging (flushAt 20 not reached).
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, {
      submissionId: crypto.randomUUID(),
      code: formatCode(codes[0]!),
      unitId: ctx.units[0]!.id,
      answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), abstain.id])),
    })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { valid: boolean }).valid).toBe(false)

    const staged = await turnout()
    expect(staged.status).toBe('open')
    expect([staged.unit0.received, staged.unit0.invalid, staged.total.received, staged.total.invalid]).toEqual([1, null, 1, null])
    // Mixed into the tallies (and ballot_count) before the close: still no split.
    expect(await flushRound(database().db, ctx.round.id, { keys: testKeys, force: true })).toBe(1)
    expect(await turnout()).toEqual(staged)

    // The hall screen, in both languages: ballots received, no invalid figure.
    const zh = await hallScreen('zh-CN')
    expect(zh).toContain('id="total-received">1<')
    expect(zh).toContain('<span id="invalid-figure" hidden="">无效票 <strong id="total-invalid"></strong></span>')
    expect(zh).toContain('评议结束前不显示任何结果，收回票数也不分有效票与无效票。')
    const en = await hallScreen('en')
    expect(en).toContain('<span id="invalid-figure" hidden="">Invalid <strong id="total-invalid"></strong></span>')
    expect(en).toContain('ballots received are not split into valid and invalid')
  })

  it('splits valid and invalid once the round has closed', async () => {
    const closed = await app.request(`/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, { method: 'POST', headers: { ...organiser.headers, 'content-type': 'application/json' }, body: '{}' })
    expect(closed.status).toBe(200)
    const after = await turnout()
    expect(after.status).toBe('closed')
    expect([after.unit0.received, after.unit0.invalid, after.total.received, after.total.invalid]).toEqual([1, 1, 1, 1])
    expect(await hallScreen('zh-CN')).toContain('<span id="invalid-figure">无效票 <strong id="total-invalid">1</strong></span>')
    expect(await hallScreen('en')).toContain('<span id="invalid-figure">Invalid <strong id="total-invalid">1</strong></span>')
  })
})
