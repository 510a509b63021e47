import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { createBatch } from '../../server/codes/batches'
import type { RecheckAnswer } from '../../server/db/schema'
import type { RoundContext } from '../../server/rounds/store'
import { loginAs } from '../support/auth'
import { testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { type Call, client, type TestApp } from '../support/setup-api'

/**
 * 回头看 answers (整改是否到位) keep the promise ballots keep (docs/anonymity.md):
 *  - the flush waits for answers from k distinct codes, not k answers: one evaluator answering k
 *    items, or answering in several posts, is never flushed alone;
 *  - closing mixes what is left into the tally and rewrites the round's `recheck_use` and
 *    `recheck_tally` rows in key order in one transaction, so after close neither a shared xmin
 *    (staged rows with their use) nor the order of transactions (the tally rows written by the
 *    first transaction after a code's use) ties a code to its answers;
 *  - below the round's k an item's figures are hidden for every role and every page, the office's
 *    included: no counts, no n.
 */
describeEachDatabase('anonymity of re-check answers', (database) => {
  let app: TestApp
  let ctx: RoundContext
  let office: Call
  let officeCookie: string
  let roundId: string
  let codes: string[]
  const items: string[] = []

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db, { now: () => new Date('2026-05-01T02:00:00Z') }))
    const login = await loginAs(app, database().db, 'organiser', { campaignId: ctx.campaign.id })
    office = client(app, login.headers)
    officeCookie = login.cookie
    for (const [unit, title] of [
      [0, '窗口服务态度差'],
      [0, '群众办事排长队'],
      [1, '办事流程繁琐'],
      [1, '公开栏久未更新'],
    ] as const)
      items.push((await office('POST', `/api/tracking/${ctx.campaign.id}/items`, { unitId: ctx.units[unit]!.id, title, deadline: '2026-06-01', owner: '责任人', class: 'immediate', public: true })).json.id)
    const round = await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds`, { name: '回头看', stage: 'review', formId: ctx.form.id, channels: ['codes'], formula: { minGroupSize: 3 } })
    roundId = round.json.id
    expect((await office('PUT', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/units`, { units: [{ unitId: ctx.units[0]!.id }, { unitId: ctx.units[1]!.id }] })).status).toBe(200)
    expect((await office('PUT', `/api/tracking/${ctx.campaign.id}/rounds/${roundId}/recheck-items`, { itemIds: items })).status).toBe(200)
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/open`, {})).status).toBe(200)
    codes = (await createBatch(database().db, testKeys, { roundId, categoryId: ctx.categories[0]!.id, units: [ctx.units[0]!.id, ctx.units[1]!.id], count: 4, label: '' })).codes
  })

  const answer = (code: string, answers: [number, RecheckAnswer][]) => client(app)('POST', `/api/rounds/${roundId}/recheck`, { code, answers: answers.map(([i, a]) => ({ itemId: items[i]!, answer: a })) })
  const staged = async () => (await database().db.selectFrom('recheck_staging').select('id').where('round_id', '=', roundId).execute()).length
  const tallied = async () => (await database().db.selectFrom('recheck_tally').select('n').where('round_id', '=', roundId).execute()).reduce((sum, r) => sum + Number(r.n), 0)

  // Who answered what (k = 3): A answers three items, then a fourth in a second post; B three;
  // C one (the third code: the flush); D one after the flush (left staged until close).
  const given: Record<'A' | 'B' | 'C' | 'D', [number, RecheckAnswer][]> = {
    A: [
      [0, 'satisfied'],
      [1, 'satisfied'],
      [2, 'satisfied'],
      [3, 'unknown'],
    ],
    B: [
      [0, 'unsatisfied'],
      [1, 'unsatisfied'],
      [2, 'unsatisfied'],
    ],
    C: [[3, 'basic']],
    D: [[0, 'basic']],
  }
  const who = ['A', 'B', 'C', 'D'] as const

  it('flushes answers only once they come from k distinct codes, however many items each answered', async () => {
    const db = database().db
    expect((await answer(codes[0]!, given.A.slice(0, 3))).status).toBe(201)
    // k answers from one code: still staged (the flush used to count answers)
    expect({ staged: await staged(), tallied: await tallied() }).toEqual({ staged: 3, tallied: 0 })
    expect((await answer(codes[0]!, given.A.slice(3))).status).toBe(201)
    expect((await answer(codes[1]!, given.B)).status).toBe(201)
    // seven answers, two submissions of A and one of B: two codes, so nothing moves
    expect({ staged: await staged(), tallied: await tallied() }).toEqual({ staged: 7, tallied: 0 })
    // staged rows share their xmin with their code's use rows, but hold the answer sealed (sql/053)
    const live = await sql<{ answer: string | null; sealed: Uint8Array | null }>`SELECT s.answer, s.sealed FROM recheck_use u JOIN recheck_staging s ON s.xmin = u.xmin`.execute(db)
    expect(live.rows.length).toBeGreaterThan(0)
    expect(live.rows.every((r) => r.answer === null && r.sealed !== null)).toBe(true)
    expect((await answer(codes[2]!, given.C)).status).toBe(201)
    expect({ staged: await staged(), tallied: await tallied() }).toEqual({ staged: 0, tallied: 8 })
    // the flush wrote the tally in a transaction of its own, never with a code's use
    const uses = new Set((await sql<{ x: string }>`SELECT xmin::text AS x FROM recheck_use`.execute(db)).rows.map((r) => r.x))
    const tallyXmins = (await sql<{ x: string }>`SELECT xmin::text AS x FROM recheck_tally WHERE round_id = ${roundId}`.execute(db)).rows.map((r) => r.x)
    expect(tallyXmins.filter((x) => uses.has(x))).toEqual([])
    expect((await answer(codes[3]!, given.D)).status).toBe(201)
    expect({ staged: await staged(), tallied: await tallied() }).toEqual({ staged: 1, tallied: 8 })
  })

  it('lets no database reader link a code to its answers after close', async () => {
    const db = database().db
    expect((await office('POST', `/api/campaigns/${ctx.campaign.id}/rounds/${roundId}/close`, {})).status).toBe(200)
    // D's answer, staged alone, joined the tally: complete, and nothing left in staging
    expect({ staged: await staged(), tallied: await tallied() }).toEqual({ staged: 0, tallied: 9 })
    const hashes = await Promise.all(codes.map((code) => testKeys.hash('code', code)))
    const truth = (name: (typeof who)[number]) => given[name].map(([i, a]) => `${items[i]}=${a}`).sort()

    // (a) staged answers joined to their code on xmin
    const joined = await sql<{ code_hash: string }>`SELECT u.code_hash FROM recheck_use u JOIN recheck_staging s ON s.xmin = u.xmin`.execute(db)
    expect(joined.rows).toEqual([])
    // (b) for each code, the tally rows written by the first transaction after its use
    const uses = await sql<{ code_hash: string; x: string }>`SELECT code_hash, max(xmin::text::bigint)::text AS x FROM recheck_use GROUP BY code_hash`.execute(db)
    const tally = await sql<{ item_id: string; answer: string; x: string }>`SELECT item_id, answer, xmin::text::bigint::text AS x FROM recheck_tally WHERE round_id = ${roundId}`.execute(db)
    const xs = [...new Set(tally.rows.map((t) => BigInt(t.x)))].sort((a, b) => (a < b ? -1 : 1))
    const linked = who.filter((name, i) => {
      const use = uses.rows.find((u) => u.code_hash === hashes[i])
      const next = use ? xs.find((x) => x > BigInt(use.x)) : undefined
      const recovered = tally.rows.filter((t) => next !== undefined && BigInt(t.x) === next).map((t) => `${t.item_id}=${t.answer}`)
      return JSON.stringify(recovered.sort()) === JSON.stringify(truth(name))
    })
    expect(linked).toEqual([])

    // What defeats both: the round's use and tally rows all carry one xmin, of a transaction
    // after every use, and the use rows lie on disk in hash order, not in the order of arrival.
    const xmins = await sql<{ x: string }>`
      SELECT xmin::text AS x FROM recheck_use UNION SELECT xmin::text FROM recheck_tally WHERE round_id = ${roundId}`.execute(db)
    expect(xmins.rows).toHaveLength(1)
    const onDisk = (await sql<{ code_hash: string }>`SELECT code_hash FROM recheck_use ORDER BY ctid`.execute(db)).rows.map((r) => r.code_hash)
    expect(onDisk).toHaveLength(9)
    expect(onDisk).toEqual([...onDisk].sort())
  })

  it('shows no figures of an item answered by fewer than k, to the office or anyone else', async () => {
    const db = database().db
    const base = { roundId, roundName: '回头看' }
    const detail = async (call: Call, i: number) => (await call('GET', `/api/tracking/${ctx.campaign.id}/items/${items[i]}`)).json.recheck
    // item 0: 满意, 不满意, 基本满意 — n = 3 = k: shown; items 1 and 2 (n = 2) and 3 (n = 1, and one 不了解): hidden
    expect(await detail(office, 0)).toEqual([{ ...base, itemId: items[0], hidden: false, counts: { satisfied: 1, basic: 1, unsatisfied: 1, unknown: 0 }, n: 3, satisfiedRate: 66.67, interval: [20.77, 93.85] }])
    for (const i of [1, 2, 3]) expect(await detail(office, i)).toEqual([{ ...base, itemId: items[i], hidden: true }])

    const page = async (path: string) => (await app.request(path, { headers: { cookie: officeCookie } })).text()
    const consolePage = await page(`/console/c/${ctx.campaign.id}/recheck`)
    const line = (html: string, i: number) => html.slice(html.indexOf(`data-item="${items[i]}"`)).split('</li>')[0]!
    expect(line(consolePage, 0)).toContain('满意 1 · 基本满意 1 · 不满意 1 · 不了解 0')
    for (const i of [1, 2, 3]) {
      expect(line(consolePage, i)).toContain('评价人数不足')
      expect(line(consolePage, i)).not.toMatch(/满意 \d|人评价/)
    }
    const itemPage = await page(`/console/c/${ctx.campaign.id}/items/${items[3]}`)
    expect(itemPage).toContain('评价人数不足')
    expect(itemPage).not.toContain('基本满意 1')

    // Published to the public: leaders and the board see the same, hidden below k.
    expect((await office('POST', `/api/results/rounds/${roundId}/publications`, { audience: { public: true } })).status).toBe(201)
    const leader = client(app, (await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })).headers)
    expect(await detail(leader, 3)).toEqual([{ ...base, itemId: items[3], hidden: true }])
    const board = (await client(app)('GET', `/api/board/${ctx.campaign.id}`)).json as { items: { id: string; recheck: unknown[] }[] }
    expect(board.items.find((i) => i.id === items[3])?.recheck).toEqual([{ ...base, itemId: items[3], hidden: true }])
  })
})
