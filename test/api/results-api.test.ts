import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'
import { castSampleVotes, type Headers, resultsReaders } from '../support/results-readers'
import { client } from '../support/setup-api'

/** Layer d of a flat per-level array. */
const layer = <T,>(flat: T[], d: number, L: number) => flat.slice(d * L, d * L + L)

describeEachDatabase('results API: numbers from ballots submitted through the API', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let organiser: TestLogin
  let other: Record<string, Headers>
  let otherRoundId: string
  /** The 回头看 round of the cross-round test, closed: its changes against the first round are real. */
  let reviewRoundId: string

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    ;({ organiser, otherRoundId, who: other } = await resultsReaders(app, db, ctx))
    await castSampleVotes(app, ctx)
  })

  it('shows live turnout while the round is open, counts only, to organisers and leaders', async () => {
    const res = await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}/turnout`)
    expect(res.status).toBe(200)
    expect(res.res.headers.get('cache-control')).toContain('no-store')
    expect(res.json.round.status).toBe('open')
    // the sample ballots come by the public link, which hands nothing out: 回收率 0 of what was handed out
    // received, valid and invalid together: the split waits for the close (test/reliability/anonymity-turnout-validity.test.ts)
    expect(res.json.units[0]).toEqual({ id: ctx.units[0]!.id, name: '侯口街道', handedOut: 60, received: 16, invalid: null, byCategory: [0, 0, 6, 0, 8, 0, 2], returnRate: 0 })
    expect(res.json.total).toEqual({ handedOut: 360, received: 36, invalid: null, byCategory: [0, 0, 16, 0, 18, 0, 2], returnRate: 0 })
    expect(JSON.stringify(res.json)).not.toMatch(/rates|sat|score|counts/)
    expect((await client(app, other.leader)('GET', `/api/results/rounds/${ctx.round.id}/turnout`)).status).toBe(200)
    for (const who of ['anonymous', 'liaison', 'clerk', 'otherOrganiser']) {
      const r = await client(app, other[who])('GET', `/api/results/rounds/${ctx.round.id}/turnout`)
      expect(r.status, who).toBe(403)
      expect(r.json.error.code).toBe('forbidden')
    }
    // Results themselves wait for the close, even for the organiser.
    const early = await client(app, organiser.headers)('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(early.status).toBe(409)
    expect(early.json.error.code).toBe('round_still_open')
  })

  it('computes the closed round from the tallies: rates, 满意率, intervals, ranks, suppression', async () => {
    const call = client(app, organiser.headers)
    expect((await call('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {})).status).toBe(200)
    const res = await call('GET', `/api/results/rounds/${ctx.round.id}`)
    expect(res.status).toBe(200)
    const doc = res.json
    expect(doc.publication).toBeNull()
    expect(doc.formula).toMatchObject({ rankingMeasure: 'satisfaction', minGroupSize: 5, confidence: 0.95, satisfiedLevels: [ctx.levels[0]!.id, ctx.levels[1]!.id] })
    expect(doc.formula.text['zh-CN']).toContain('最大余数法')
    expect(doc.levels.map((l: { label: string }) => l.label)).toEqual(['满意', '比较满意', '不太满意', '不满意'])
    expect(doc.dimensions).toHaveLength(5)
    const [street, village, donghu, ...rest] = doc.units
    // 侯口街道: 12 满意, 2 比较满意, 2 不太满意 on every dimension.
    expect(street.ballots).toEqual({ valid: 16, invalid: 0, handedOut: 60, returnRate: 0 }) // all by the public link
    expect(layer(street.total.counts, 0, 4)).toEqual([12, 2, 2, 0])
    expect(layer(street.total.rates, 0, 4)).toEqual([7500, 1250, 1250, 0])
    expect(street.total.sat).toEqual([8750, 8750, 8750, 8750, 8750, 8750])
    expect(street.total.n).toEqual([16, 16, 16, 16, 16, 80])
    // Wilson 95% for 14 of 16: centre (p + z²/2n)/(1 + z²/n) = 0.8024, half-width 0.1626.
    expect(street.total.ci.slice(0, 2)).toEqual([6398, 9650])
    // The 2 社会公众 ballots are under k = 5: hidden, and a second category with them so that
    // subtracting the visible ones from the unit total gives nothing back.
    expect(street.byCategory[6]).toBeNull()
    expect(street.byCategory.filter((b: unknown) => b === null).length).toBeGreaterThanOrEqual(2)
    expect(doc.overall.byCategory[6]).toBeNull()
    const visible = street.byCategory.filter((b: unknown) => b !== null)
    const visibleSum = visible.reduce((sum: number, b: { n: number[] }) => sum + b.n[0]!, 0)
    expect(visibleSum).toBeLessThan(16 - 2)
    // 侯口村 50%, 东湖村 100%, 侯口街道 87.5%: ranks; units without ballots are unranked.
    expect(village.total.sat[5]).toBe(5000)
    expect(donghu.total.sat[5]).toBe(10000)
    expect([street.rank, village.rank, donghu.rank]).toEqual([2, 3, 1])
    expect([street.rankInKind, village.rankInKind, donghu.rankInKind]).toEqual([1, 2, 1])
    expect(rest.map((u: { rank: number | null; total: unknown }) => [u.rank, u.total === null || (u.total as { n: number[] }).n[0] === 0])).toEqual([
      [null, true],
      [null, true],
      [null, true],
    ])
    expect(doc.overall.ballots).toEqual({ valid: 36, invalid: 0, handedOut: 360, returnRate: 0 }) // public link only
    // The lean form without categories.
    const lean = await call('GET', `/api/results/rounds/${ctx.round.id}?categories=0`)
    expect(lean.json.units[0].byCategory).toEqual([])
    expect((await call('GET', `/api/results/rounds/${ctx.round.id}?categories=2`)).status).toBe(422)
  })

  it('refuses every other role, and every swapped id, with 403 in the envelope', async () => {
    const bogus = '00000000-0000-4000-8000-000000000000'
    for (const [who, headers] of Object.entries(other)) {
      const call = client(app, headers)
      for (const round of [ctx.round.id, otherRoundId, bogus, 'not-a-uuid']) {
        const paths = [`/api/results/rounds/${round}`, `/api/results/rounds/${round}/turnout`]
        if (round !== 'not-a-uuid') paths.push(`/api/results/compare?rounds=${round}&units=${ctx.units[0]!.id}`)
        for (const path of paths) {
          const res = await call('GET', path)
          // Only the organiser of the other campaign may read that campaign's own round.
          if (who === 'otherOrganiser' && round === otherRoundId && !path.includes('compare')) {
            expect(res.status, `${who} ${path}`).toBe(200)
            continue
          }
          // A leader may watch the turnout of a round of its campaign.
          if (who === 'leader' && round === ctx.round.id && path.endsWith('/turnout')) continue
          expect(res.status, `${who} ${path}`).toBe(403)
          expect(res.json).toEqual({ error: { code: 'forbidden', message: '您没有权限进行此操作。' } })
        }
      }
      // A unit: its results across rounds hold nothing that is not published to the caller.
      const unit = await call('GET', `/api/results/units/${ctx.units[0]!.id}`)
      if (who === 'liaison' || who === 'leader') expect(unit.json.rounds, who).toEqual([])
      else expect(unit.status, who).toBe(403)
      const named = await call('GET', `/api/results/units/${ctx.units[0]!.id}?rounds=${ctx.round.id}`)
      expect(named.status, who).toBe(403)
    }
    const mine = client(app, organiser.headers)
    expect((await mine('GET', `/api/results/rounds/${otherRoundId}`)).status).toBe(403)
    expect((await mine('GET', `/api/results/rounds/${bogus}`)).status).toBe(403)
    expect((await mine('GET', `/api/results/rounds/${otherRoundId}/turnout`)).status).toBe(403)
    const office = client(app, (await loginAs(app, database().db, 'organiser')).headers)
    expect((await office('GET', `/api/results/rounds/${bogus}`)).json.error.code).toBe('round_not_found')
  })

  it('follows a unit across rounds and marks a change real only where the intervals part', async () => {
    const call = client(app, organiser.headers)
    const base = `/api/campaigns/${ctx.campaign.id}/rounds`
    const round = (await call('POST', base, { name: '回头看群众评议', stage: 'review', channels: ['codes'], formId: ctx.form.id })).json
    expect((await call('PUT', `${base}/${round.id}/units`, { units: ctx.units.slice(0, 3).map((u) => ({ unitId: u.id, handedOut: 20 })) })).status).toBe(200)
    expect((await call('POST', `${base}/${round.id}/open`, {})).status).toBe(200)
    const codes = async (category: number, count: number) =>
      (await call('POST', `/api/rounds/${round.id}/code-batches`, { categoryId: ctx.categories[category]!.id, units: 'all', count })).json.codes as string[]
    const cast = async (code: string, unit: number, level: number) => {
      const res = await postJson(app, `/api/rounds/${round.id}/ballots`, { ...demoBallot(ctx, { unit, level }), categoryId: undefined, code })
      expect(res.status).toBe(201)
    }
    // Round 2: 侯口街道 stays near (15 满意, 1 不太满意), 侯口村 rises to all 满意 (16), 东湖村 falls to 不满意.
    const all = [...(await codes(2, 8)), ...(await codes(4, 8))]
    for (const [i, code] of all.entries()) {
      await cast(code, 0, i === 0 ? 2 : 0)
      await cast(code, 1, 0)
      await cast(code, 2, 3)
    }
    expect((await call('POST', `${base}/${round.id}/close`, {})).status).toBe(200)
    reviewRoundId = round.id

    const unit = await call('GET', `/api/results/units/${ctx.units[1]!.id}`)
    expect(unit.status).toBe(200)
    expect(unit.json.rounds.map((r: { round: { id: string } }) => r.round.id)).toEqual([ctx.round.id, round.id])
    expect(unit.json.rounds[1].row.total.sat[5]).toBe(10000)
    expect(unit.json.series.points.map((p: { sat: number }) => p.sat)).toEqual([5000, 10000])
    expect(unit.json.series.changes).toEqual([{ from: 0, to: 1, delta: 5000, real: true }])

    const compare = await call('GET', `/api/results/compare?rounds=${ctx.round.id},${round.id}&subtree=${ctx.units[0]!.id}`)
    expect(compare.status).toBe(200)
    expect(compare.json.rounds.map((r: { id: string }) => r.id)).toEqual([ctx.round.id, round.id])
    const byId = new Map(compare.json.units.map((u: { id: string }) => [u.id, u]))
    const change = (i: number) => (byId.get(ctx.units[i]!.id) as { changes: unknown[] }).changes
    // 87.50% → 93.75% with n = 16 each: the intervals overlap, so the change is not marked real.
    expect(change(0)).toEqual([{ from: 0, to: 1, delta: 625, real: false }])
    expect(change(1)).toEqual([{ from: 0, to: 1, delta: 5000, real: true }])
    expect(change(2)).toEqual([{ from: 0, to: 1, delta: -10000, real: true }])
    const dims = (byId.get(ctx.units[0]!.id) as { byDimension: { label: string; points: unknown[] }[] }).byDimension
    expect(dims.map((d) => d.label)).toEqual(ctx.dimensions.map((d) => d.label))
    expect((await call('GET', `/api/results/compare?rounds=${ctx.round.id}`)).status).toBe(422)
    expect((await call('GET', `/api/results/compare?rounds=${ctx.round.id}&units=${ctx.units[0]!.id}&subtree=${ctx.units[0]!.id}`)).status).toBe(422)
  })

  it('says a change between rounds in percentage points, in both languages, on the comparison and the unit page', async () => {
    const page = async (path: string) => (await app.request(path, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    const compare = (lang: string) => page(`/results/compare?rounds=${ctx.round.id}&rounds=${reviewRoundId}&subtree=${ctx.units[0]!.id}&lang=${lang}`)
    // 侯口村 50.00% → 100.00% is 50 points up; 东湖村 100.00% → 0.00% is 100 points down; 侯口街道's change is not real.
    const zh = await compare('zh-CN')
    expect(zh.match(/class="mark (up|down)"[^>]*>[^<]*/g)).toEqual(['class="mark up" title="显著上升"> ▲50.00个百分点', 'class="mark down" title="显著下降"> ▼100.00个百分点'])
    const en = await compare('en')
    expect(en).toContain('▲50.00 pp<')
    expect(en).toContain('▼100.00 pp<')
    expect(en).not.toContain('个百分点')
    expect(await page(`/results/units/${ctx.units[1]!.id}`)).toContain('▲50.00个百分点<')
    expect(await page(`/results/units/${ctx.units[1]!.id}?lang=en`)).toContain('▲50.00 pp<')
  })

  it('lists the comparison’s units in tree order: parents before children, siblings by position', async () => {
    const html = await (await app.request(`/results/compare?rounds=${ctx.round.id}&rounds=${reviewRoundId}&subtree=${ctx.units[0]!.id}`, { headers: { ...organiser.headers, accept: 'text/html' } })).text()
    const names = new Map((await database().db.selectFrom('unit').select(['id', 'name']).execute()).map((u) => [u.id, u.name]))
    const picks = [...html.matchAll(/name="units" value="([^"]+)"/g)].map((m) => names.get(m[1]!))
    expect(picks).toEqual(['天门经济开发区', '侯口街道', '侯口村', '东湖村', '新河社区', '开发区实验学校', '开发区财政局'])
    // The subtree's options are indented by depth; the table follows the same order.
    expect(html).toContain('>　　侯口村</option>')
    const rows = [...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => names.get(m[1]!))
    expect(rows).toEqual(['侯口街道', '侯口村', '东湖村', '新河社区'])
  })
})

describeEachDatabase('results API: seed 002 from tallies as ingest leaves them', (database) => {
  it('prints 97.86% / 2.14% / 0.00% / 0.00% and 97.08% / 2.92% / 0.00% / 0.00% for 28,249 evaluators', async () => {
    const db = database().db
    const app = (await demoApp(db)).app
    // The 整改落实 survey of seed 002: one city, two overall questions, four levels, 28,249
    // evaluators (4,956 两代表一委员, 18,842 基层党员群众代表, the other 4,451 in two categories).
    const campaign = await db.insertInto('campaign').values({ name: '第一批学习实践科学发展观活动', batch: '第一批' }).returning('id').executeTakeFirstOrThrow()
    const names = ['两代表一委员', '基层党员群众代表', '老党员老干部', '服务对象代表']
    const sizes = [4956, 18_842, 2000, 2451]
    const categories = await db.insertInto('evaluator_category').values(names.map((name, position) => ({ campaign_id: campaign.id, name, position }))).returning('id').execute()
    const unit = await db.insertInto('unit').values({ campaign_id: campaign.id, name: '商丘市', kind: '市' }).returning('id').executeTakeFirstOrThrow()
    const form = await db.insertInto('form').values({ campaign_id: campaign.id, name: '群众满意度测评表', frozen_at: new Date() }).returning('id').executeTakeFirstOrThrow()
    const questions = await db
      .insertInto('form_dimension')
      .values([
        { form_id: form.id, position: 0, label: '对我市开展深入学习实践科学发展观活动情况', kind: 'overall' },
        { form_id: form.id, position: 1, label: '对我市解决影响制约科学发展突出问题', kind: 'overall' },
      ])
      .returning('id')
      .execute()
    const levels = await db
      .insertInto('form_level')
      .values(['满意', '比较满意', '不太满意', '不满意'].map((label, position) => ({ form_id: form.id, position, label, score: 100 - 20 * position, satisfied: position === 0 })))
      .returning('id')
      .execute()
    const round = await db.insertInto('round').values({ campaign_id: campaign.id, form_id: form.id, name: '整改落实阶段群众满意度测评', stage: 'rectification', status: 'closed' }).returning('id').executeTakeFirstOrThrow()
    // 28,300 handed out: 回收率 28,249 / 28,300 = 99.82%, the rate seed 002 reports for its forms.
    await db.insertInto('round_unit').values({ round_id: round.id, unit_id: unit.id, handed_out: 28_300 }).execute()
    // 比较满意 per question and category; the seed gives only the totals (605 and 825).
    const fairly = [
      [106, 404, 43, 52],
      [145, 550, 60, 70],
    ]
    const tally = categories.flatMap((category, c) =>
      questions.flatMap((question, q) => [
        { round_id: round.id, unit_id: unit.id, category_id: category.id, dimension_id: question.id, level_id: levels[0]!.id, n: sizes[c]! - fairly[q]![c]! },
        { round_id: round.id, unit_id: unit.id, category_id: category.id, dimension_id: question.id, level_id: levels[1]!.id, n: fairly[q]![c]! },
      ]),
    )
    await db.insertInto('tally').values(tally).execute()
    await db.insertInto('ballot_count').values(categories.map((category, c) => ({ round_id: round.id, unit_id: unit.id, category_id: category.id, valid: sizes[c]!, invalid: 0 }))).execute()

    const organiser = await loginAs(app, db, 'organiser', { campaignId: campaign.id })
    const res = await client(app, organiser.headers)('GET', `/api/results/rounds/${round.id}`)
    expect(res.status).toBe(200)
    const total = res.json.overall.total
    const shown = (d: number) => layer(total.rates as number[], d, 4).map((r) => `${(r / 100).toFixed(2)}%`)
    expect(res.json.overall.ballots.valid).toBe(28_249)
    expect(res.json.overall.byCategory.map((b: { valid: number }) => b.valid)).toEqual(sizes)
    expect(shown(0)).toEqual(['97.86%', '2.14%', '0.00%', '0.00%'])
    expect(shown(1)).toEqual(['97.08%', '2.92%', '0.00%', '0.00%'])
    expect(total.sat.slice(0, 2)).toEqual([9786, 9708])
    expect(res.json.overall.ballots.returnRate).toBe(9982)
  })
})
