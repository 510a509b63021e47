import { beforeAll, expect, it } from 'vitest'
import type { RoundDocument } from '../../server/results/document'
import type { Block } from '../../server/results/view'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson, withAbstainLevel } from '../support/demo'

type Doc = RoundDocument & { publication: { id: string } | null }

/**
 * Anonymity review, finding 7: small cells were hidden only where 0 < n < k, and n leaves
 * 不了解 out, so a (unit, category) cell whose one ballot said 不了解 to every question (valid under
 * the default validity rule) had n = 0 everywhere and was shown — `valid: 1`, 不了解 × every
 * dimension: that evaluator's whole ballot, to organisers and in every publication. The ballots
 * of a cell are now a layer of the suppression like the answers (server/results/suppress.ts).
 */
describeEachDatabase('anonymity: a cell of one ballot that answered 不了解 throughout', (database) => {
  const k = 5
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    ctx = await withAbstainLevel(db, ctx)
    expect(ctx.round.min_group_size).toBe(k)
    organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const cast = async (unit: number, category: number, levelId: number) => {
      const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, {
        submissionId: crypto.randomUUID(),
        unitId: ctx.units[unit]!.id,
        categoryId: ctx.categories[category]!.id,
        answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), levelId])),
      })
      expect(res.status).toBe(201)
    }
    // Units 0–2 × categories 0–2, six ordinary ballots a cell, except unit 0's one 领导班子成员
    // (category 0), who says 不了解 to everything.
    await cast(0, 0, ctx.levels.find((l) => l.abstain)!.id)
    for (let unit = 0; unit < 3; unit++)
      for (let category = unit === 0 ? 1 : 0; category < 3; category++) for (let i = 0; i < 6; i++) await cast(unit, category, ctx.levels[i % 2]!.id)
    expect((await postJson(app, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)).status).toBe(200)
  })

  /** Lines (a unit's categories, a category's units) whose shown total minus their shown cells leaves fewer than k valid ballots. */
  function smallRemainders(doc: RoundDocument): string[] {
    const short: string[] = []
    const check = (name: string, total: Block | null, cells: (Block | null)[]) => {
      if (!total) return
      const remainder = total.valid - cells.reduce((sum, b) => sum + (b?.valid ?? 0), 0)
      if (remainder > 0 && remainder < k) short.push(`${name}: ${remainder}`)
    }
    doc.units.forEach((u) => check(u.name, u.total, u.byCategory))
    doc.categories.forEach((c, i) => check(c.name, doc.overall!.byCategory[i]!, doc.units.map((u) => u.byCategory[i]!)))
    check('overall', doc.overall!.total, doc.overall!.byCategory)
    return short
  }

  it('hides the cell from the organiser, and nothing shown gives its ballot back by subtraction', async () => {
    const res = await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })
    expect(res.status).toBe(200)
    const doc = (await res.json()) as Doc
    expect(doc.publication).toBeNull()
    const unit0 = doc.units.find((u) => u.id === ctx.units[0]!.id)!
    expect(unit0.byCategory[0]).toBeNull()
    // Still counted in the unit's ballots (turnout tells organisers as much).
    expect(unit0.ballots.valid).toBe(13)
    expect(smallRemainders(doc)).toEqual([])
    // The cost: the cells that would give it back are hidden too, every unit's total is shown.
    expect(doc.units.slice(0, 3).map((u) => u.total === null)).toEqual([false, false, false])
    expect(doc.formula.text['zh-CN']).toContain(`票数（含无效票）或有效作答少于${k}的格不显示`)
  })

  it('hides it in a publication too, read by the public', async () => {
    const published = await postJson(app, `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true } }, organiser.headers)
    expect(published.status).toBe(201)
    const res = await app.request(`/api/results/rounds/${ctx.round.id}`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as Doc
    expect(doc.publication?.id).toBe(((await published.json()) as { id: string }).id)
    expect(doc.units.find((u) => u.id === ctx.units[0]!.id)!.byCategory[0]).toBeNull()
    expect(smallRemainders(doc)).toEqual([])

    // A publication is a record: when the rule that made it changes (here k; a build with a new
    // suppression rule is the same case), the organiser's live results follow, the publication does not.
    await database().db.updateTable('round').set({ min_group_size: 1 }).where('id', '=', ctx.round.id).execute()
    const live = (await (await app.request(`/api/results/rounds/${ctx.round.id}`, { headers: organiser.headers })).json()) as Doc
    expect(live.units.find((u) => u.id === ctx.units[0]!.id)!.byCategory[0]).not.toBeNull()
    const again = await app.request(`/api/results/rounds/${ctx.round.id}`)
    expect(await again.text()).toBe(JSON.stringify(doc))
  })
})
