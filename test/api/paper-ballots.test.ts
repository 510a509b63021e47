import type { Kysely } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { jsonb } from '../../server/db/jsonb'
import type { Database } from '../../server/db/schema'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'
import { tallyMismatches } from '../support/integrity'
import { type Call, client } from '../support/setup-api'

type App = Awaited<ReturnType<typeof demoApp>>['app']

/** A slip: category index, and per unit index the level index of every dimension (null: blank cell). */
function slip(ctx: RoundContext, category: number, rows: Record<number, (number | null)[]>, spoiled = false) {
  const cells: Record<string, Record<string, number>> = {}
  for (const [unit, levels] of Object.entries(rows)) {
    const row: Record<string, number> = {}
    levels.forEach((level, d) => {
      if (level !== null) row[String(ctx.dimensions[d]!.id)] = ctx.levels[level]!.id
    })
    cells[ctx.units[Number(unit)]!.id] = row
  }
  return { categoryId: ctx.categories[category]!.id, spoiled, cells }
}

async function counts(db: Kysely<Database>, roundId: string) {
  const ballots = await db.selectFrom('ballot').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', roundId).where('channel', '=', 'meeting').executeTakeFirstOrThrow()
  const staged = await db.selectFrom('staged_head').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow()
  return { ballots: Number(ballots.n), staged: Number(staged.n) }
}

async function tally(db: Kysely<Database>, ctx: RoundContext, unit: number, category: number, dimension: number, level: number) {
  const row = await db
    .selectFrom('tally')
    .select('n')
    .where('round_id', '=', ctx.round.id)
    .where('unit_id', '=', ctx.units[unit]!.id)
    .where('category_id', '=', ctx.categories[category]!.id)
    .where('dimension_id', '=', ctx.dimensions[dimension]!.id)
    .where('level_id', '=', ctx.levels[level]!.id)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

describeEachDatabase('paper ballots and meetings', (database) => {
  let app: App
  let ctx: RoundContext
  let other: RoundContext
  let organiser: Call
  let clerks: { a: Call; b: Call; c: Call }
  let clerkLogins: TestLogin[]
  const r = () => `/api/rounds/${ctx.round.id}`

  /** Keys `sheets` as one clerk's full pass and finishes it. */
  async function keyPass(as: Call, batchId: string, sheets: ReturnType<typeof slip>[]) {
    for (const [i, sheet] of sheets.entries()) expect((await as('PUT', `${r()}/paper-batches/${batchId}/sheets/${i + 1}`, sheet)).status).toBe(200)
    expect((await as('POST', `${r()}/paper-batches/${batchId}/done`)).status).toBe(200)
  }

  async function newSitting(name: string, handedOut: number, returned: number) {
    const made = await organiser('POST', `${r()}/sittings`, { name, channel: 'meeting' })
    expect(made.status).toBe(201)
    const reg = await organiser('PATCH', `${r()}/sittings/${made.json.sitting.id}`, { handedOut, returned })
    expect(reg.status).toBe(200)
    return reg.json.sitting as { id: string; void: boolean }
  }

  async function newBatch(sittingId: string, name: string) {
    const made = await organiser('POST', `${r()}/sittings/${sittingId}/batches`, { name })
    expect(made.status).toBe(201)
    return made.json.batch.id as string
  }

  beforeAll(async () => {
    const db = database().db
    ;({ app, ctx } = await demoApp(db))
    other = await loadRoundContext(db, await seedDemo(db))
    for (const round of [ctx, other]) await db.updateTable('round').set({ channels: jsonb(['codes', 'paper', 'meeting']) }).where('id', '=', round.round.id).execute()
    ctx = await loadRoundContext(db, ctx.round.id)
    organiser = client(app, (await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })).headers)
    clerkLogins = []
    for (const name of ['甲', '乙', '丙']) clerkLogins.push(await loginAs(app, db, 'clerk', { campaignId: ctx.campaign.id, roundIds: [ctx.round.id], name: `录入员${name}` }))
    clerks = { a: client(app, clerkLogins[0]!.headers), b: client(app, clerkLogins[1]!.headers), c: client(app, clerkLogins[2]!.headers) }
  })

  it('lists mismatches side by side, settles them, and counts the batch once with the right tallies', async () => {
    const db = database().db
    const sitting = await newSitting('第一场评议大会', 40, 38)
    const batchId = await newBatch(sitting.id, '第1批')
    const first = [
      slip(ctx, 1, { 0: [0, 0, 1, 0, 0], 1: [1, 1, 1, 1, 1] }),
      slip(ctx, 2, { 0: [0, 1, 2, 3, 0], 2: [0, 0, 0, 0, null] }),
      slip(ctx, 1, { 0: [3, 3, 3, 3, 3], 1: [0, 0, 0, 0, 0] }),
      slip(ctx, 4, {}),
    ]
    const second = structuredClone(first)
    second[1]!.categoryId = ctx.categories[3]!.id // 乙 ticked the wrong category on slip 2
    second[2]!.cells[ctx.units[0]!.id]![String(ctx.dimensions[4]!.id)] = ctx.levels[2]!.id // and the wrong box on slip 3

    await keyPass(clerks.a, batchId, first)
    expect((await clerks.a('POST', `${r()}/paper-batches/${batchId}/commit`)).json.error.code).toBe('paper_batch_not_double_keyed')
    // The same clerk cannot key the batch a second time; once done, the pass is closed.
    expect((await clerks.a('PUT', `${r()}/paper-batches/${batchId}/sheets/5`, first[0])).json.error.code).toBe('paper_pass_done')
    await keyPass(clerks.b, batchId, second)
    expect((await clerks.c('PUT', `${r()}/paper-batches/${batchId}/sheets/1`, first[0])).status).toBe(200) // a third keying is allowed: mismatches are open

    const state = await organiser('GET', `${r()}/paper-batches/${batchId}`)
    expect(state.status).toBe(200)
    expect(state.json.reconciled).toBe(false)
    expect(state.json.batch.passes.map((p: { pass: number; userName: string; done: boolean; sheets: number }) => [p.pass, p.userName, p.done, p.sheets])).toEqual([
      [1, '录入员甲', true, 4],
      [2, '录入员乙', true, 4],
      [3, '录入员丙', false, 1],
    ])
    expect(state.json.mismatches.map((m: Record<string, unknown>) => [m.sheet, m.field, m.unitId, m.dimensionId, m.first, m.second, m.resolved])).toEqual([
      [2, 'category', null, null, ctx.categories[2]!.id, ctx.categories[3]!.id, null],
      [3, `${ctx.units[0]!.id}:${ctx.dimensions[4]!.id}`, ctx.units[0]!.id, ctx.dimensions[4]!.id, String(ctx.levels[3]!.id), String(ctx.levels[2]!.id), null],
    ])
    expect((await organiser('POST', `${r()}/paper-batches/${batchId}/commit`)).json.error.code).toBe('paper_batch_has_mismatches')
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: 0, staged: 0 })

    // A clerk may not settle; the organiser settles the category from the paper.
    expect((await clerks.a('POST', `${r()}/paper-batches/${batchId}/resolutions`, { items: [{ sheet: 2, field: 'category', value: ctx.categories[2]!.id }] })).status).toBe(403)
    expect((await organiser('POST', `${r()}/paper-batches/${batchId}/resolutions`, { items: [{ sheet: 2, field: 'category', value: ctx.categories[2]!.id }] })).status).toBe(200)
    // The third clerk keys slip 3 as the first did: that settles the box.
    expect((await clerks.c('PUT', `${r()}/paper-batches/${batchId}/sheets/3`, first[2])).status).toBe(200)
    expect((await clerks.c('DELETE', `${r()}/paper-batches/${batchId}/sheets/1`)).status).toBe(200)
    expect((await clerks.c('POST', `${r()}/paper-batches/${batchId}/done`)).status).toBe(200)
    const settled = await organiser('GET', `${r()}/paper-batches/${batchId}`)
    expect(settled.json.reconciled).toBe(true)
    expect(settled.json.mismatches.map((m: Record<string, unknown>) => [m.sheet, m.resolved, m.resolvedBy])).toEqual([
      [2, ctx.categories[2]!.id, 'organiser'],
      [3, String(ctx.levels[3]!.id), 'third'],
    ])

    const committed = await clerks.b('POST', `${r()}/paper-batches/${batchId}/commit`)
    expect(committed.status).toBe(200)
    expect([committed.json.status, committed.json.changed]).toEqual(['committed', true])
    // 3 slips rate 2 units each: 6 ballots, all valid; slip 4 is blank.
    expect(committed.json.batch).toMatchObject({ sheets: 4, valid: 3, invalid: 0, blank: 1 })
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: 6, staged: 0 })
    const again = await organiser('POST', `${r()}/paper-batches/${batchId}/commit`)
    expect([again.status, again.json.status, again.json.changed]).toEqual([200, 'committed', false])
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: 6, staged: 0 })
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    // Unit 0, dimension 0: category 1 has one 满意 (slip 1) and one 不满意 (slip 3); category 2 one 满意 (slip 2, settled).
    expect([await tally(db, ctx, 0, 1, 0, 0), await tally(db, ctx, 0, 1, 0, 3), await tally(db, ctx, 0, 2, 0, 0), await tally(db, ctx, 0, 3, 0, 0)]).toEqual([1, 1, 1, 0])
    // Slip 3, unit 0, dimension 4 counts as the first and third keyings said (不满意), not 不太满意.
    expect([await tally(db, ctx, 0, 1, 4, 3), await tally(db, ctx, 0, 1, 4, 2)]).toEqual([1, 0])
    // Unit 2 on slip 2 left one box blank: four answers, left out of dimension 4.
    expect([await tally(db, ctx, 2, 2, 0, 0), await tally(db, ctx, 2, 2, 4, 0)]).toEqual([1, 0])

    // Nothing keyed survives the commit: no clerk, slip number or entry order next to a ballot.
    expect(await db.selectFrom('paper_entry').select('sheet').where('batch_id', '=', batchId).execute()).toEqual([])
    expect(await db.selectFrom('paper_resolution').select('sheet').where('batch_id', '=', batchId).execute()).toEqual([])
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_name', 'before', 'after']).where('entity', '=', 'paper_batch').where('entity_id', '=', batchId).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'finish_pass', 'finish_pass', 'resolve', 'remove_sheet', 'finish_pass', 'commit'])
    expect(audit[3]!.before).toEqual({ sheet: 2, field: 'category', first: ctx.categories[2]!.id, second: ctx.categories[3]!.id, third: null, resolved: null })
    expect(audit[3]!.after).toEqual({ value: ctx.categories[2]!.id })
    expect(audit[6]!.after).toEqual({ sitting: sitting.id, sheets: 4, valid: 3, invalid: 0, blank: 1, mismatches: 2 })

    const register = (await organiser('GET', `${r()}/sittings`)).json.sittings.find((s: { id: string }) => s.id === sitting.id)
    expect(register).toMatchObject({ handedOut: 40, returned: 38, valid: 3, invalid: 0, blank: 1, held: 0, void: false, decision: null, returnRate: 0.95 })
    expect((await organiser('PATCH', `${r()}/sittings/${sitting.id}`, { returned: 39 })).json.error.code).toBe('register_locked')
  })

  it('holds a void sitting (returned > handed out) until an organiser accepts or rejects it', async () => {
    const db = database().db
    const before = await counts(db, ctx.round.id)
    const sitting = await newSitting('第二场', 3, 4)
    expect(sitting.void).toBe(true)
    const batchId = await newBatch(sitting.id, '第1批')
    const sheets = [slip(ctx, 0, { 3: [0, 0, 0, 0, 0], 4: [1, 1, 1, 1, 1], 5: [2, 2, 2, 2, 2] }), slip(ctx, 0, {}, true)]
    await keyPass(clerks.a, batchId, sheets)
    await keyPass(clerks.b, batchId, sheets)
    const held = await clerks.a('POST', `${r()}/paper-batches/${batchId}/commit`)
    expect([held.status, held.json.status, held.json.changed]).toEqual([200, 'held', true])
    expect(await counts(db, ctx.round.id)).toEqual(before)
    expect((await organiser('GET', `${r()}/sittings`)).json.sittings.find((s: { id: string }) => s.id === sitting.id)).toMatchObject({ void: true, held: 2, valid: 1, invalid: 1, blank: 0, decision: null })

    expect((await clerks.a('POST', `${r()}/sittings/${sitting.id}/decision`, { decision: 'accept' })).status).toBe(403)
    const accepted = await organiser('POST', `${r()}/sittings/${sitting.id}/decision`, { decision: 'accept' })
    expect(accepted.status).toBe(200)
    expect(accepted.json.sitting).toMatchObject({ decision: 'accepted', held: 0, valid: 1, invalid: 1 })
    // 3 valid ballots and, for the spoiled slip, one invalid ballot per unit of the round (6).
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: before.ballots + 9, staged: 0 })
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    expect([await tally(db, ctx, 3, 0, 0, 0), await tally(db, ctx, 4, 0, 2, 1), await tally(db, ctx, 5, 0, 4, 2)]).toEqual([1, 1, 1])
    const invalid = await db.selectFrom('ballot_count').select(['invalid']).where('round_id', '=', ctx.round.id).where('unit_id', '=', ctx.units[0]!.id).where('category_id', '=', ctx.categories[0]!.id).executeTakeFirstOrThrow()
    expect(Number(invalid.invalid)).toBe(1)
    expect((await organiser('POST', `${r()}/sittings/${sitting.id}/decision`, { decision: 'reject' })).json.error.code).toBe('sitting_decided')
    const decided = await db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'sitting').where('entity_id', '=', sitting.id).where('action', '=', 'accept').execute()
    expect(decided).toEqual([{ action: 'accept', before: { handedOut: 3, returned: 4, decision: null }, after: { decision: 'accepted', batches: 1, sheets: 2 } }])

    // Rejected: its held batch never counts, and no later batch may be committed or opened.
    const rejected = await newSitting('第三场', 2, 5)
    const rejectedBatch = await newBatch(rejected.id, '第1批')
    await keyPass(clerks.a, rejectedBatch, [sheets[0]!])
    await keyPass(clerks.b, rejectedBatch, [sheets[0]!])
    expect((await clerks.b('POST', `${r()}/paper-batches/${rejectedBatch}/commit`)).json.status).toBe('held')
    expect((await organiser('POST', `${r()}/sittings/${rejected.id}/decision`, { decision: 'reject' })).status).toBe(200)
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: before.ballots + 9, staged: 0 })
    expect((await organiser('GET', `${r()}/paper-batches/${rejectedBatch}`)).json.batch.status).toBe('rejected')
    expect(await db.selectFrom('paper_entry').select('sheet').where('batch_id', '=', rejectedBatch).execute()).toEqual([])
    expect((await organiser('POST', `${r()}/sittings/${rejected.id}/batches`, { name: '第2批' })).json.error.code).toBe('sitting_rejected')
    // A sitting that is not void needs no decision.
    const fine = await newSitting('第四场', 5, 5)
    expect((await organiser('POST', `${r()}/sittings/${fine.id}/decision`, { decision: 'accept' })).json.error.code).toBe('sitting_not_void')
  })

  it('lets only the round’s clerks and the campaign’s organisers in, ids swapped or not', async () => {
    const db = database().db
    const sitting = await newSitting('权限场', 10, 10)
    const batchId = await newBatch(sitting.id, '权限批')
    const otherOrganiser = client(app, (await loginAs(app, db, 'organiser', { campaignId: other.campaign.id })).headers)
    const otherSitting = (await otherOrganiser('POST', `/api/rounds/${other.round.id}/sittings`, { name: '乙场', channel: 'paper' })).json.sitting.id
    const otherBatch = (await otherOrganiser('POST', `/api/rounds/${other.round.id}/sittings/${otherSitting}/batches`, { name: '乙批' })).json.batch.id
    const routes = (round: string, s: string, b: string): [string, string, unknown?][] => [
      ['GET', `/api/rounds/${round}/sittings`],
      ['POST', `/api/rounds/${round}/sittings`, { name: '新场' }],
      ['PATCH', `/api/rounds/${round}/sittings/${s}`, { handedOut: 1 }],
      ['POST', `/api/rounds/${round}/sittings/${s}/batches`, { name: '新批' }],
      ['GET', `/api/rounds/${round}/paper-batches/${b}`],
      ['PUT', `/api/rounds/${round}/paper-batches/${b}/sheets/1`, slip(ctx, 0, { 0: [0, 0, 0, 0, 0] })],
      ['POST', `/api/rounds/${round}/paper-batches/${b}/done`],
      ['POST', `/api/rounds/${round}/paper-batches/${b}/commit`],
      ['POST', `/api/rounds/${round}/paper-batches/${b}/resolutions`, { items: [{ sheet: 1, field: 'category', value: '' }] }],
      ['POST', `/api/rounds/${round}/sittings/${s}/decision`, { decision: 'accept' }],
    ]
    const writes = async () => (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n
    const anonymous = client(app)
    for (const [method, path, body] of routes(ctx.round.id, sitting.id, batchId)) expect((await anonymous(method, path, body)).status, `${method} ${path}`).toBe(401)
    const outsiders: Call[] = [
      otherOrganiser,
      client(app, (await loginAs(app, db, 'leader', { campaignId: ctx.campaign.id })).headers),
      client(app, (await loginAs(app, db, 'liaison', { campaignId: ctx.campaign.id, unitId: ctx.units[0]!.id })).headers),
      client(app, (await loginAs(app, db, 'clerk', { campaignId: ctx.campaign.id })).headers), // a clerk of the campaign not given this round
      client(app, (await loginAs(app, db, 'clerk', { campaignId: other.campaign.id, roundIds: [other.round.id] })).headers),
    ]
    const start = await writes()
    for (const as of outsiders)
      for (const [method, path, body] of routes(ctx.round.id, sitting.id, batchId)) {
        const res = await as(method, path, body)
        expect(res.status, `${method} ${path}`).toBe(403)
        expect(res.json.error.code).toBe('forbidden')
      }
    // Our clerk and organiser, with another round's sitting and batch swapped into our round's URLs: 404.
    for (const as of [clerks.a, organiser])
      for (const [method, path, body] of routes(ctx.round.id, otherSitting, otherBatch).slice(2)) {
        const res = await as(method, path, body)
        expect(res.status, `${method} ${path}`).toBe(as === clerks.a && /\/(resolutions|decision)$/.test(path) ? 403 : 404)
      }
    // … and with the other round in the URL: 403.
    for (const [method, path, body] of routes(other.round.id, otherSitting, otherBatch)) expect((await clerks.a(method, path, body)).status, `${method} ${path}`).toBe(403)
    expect(await writes()).toBe(start)
    expect(await db.selectFrom('paper_pass').select('pass').where('batch_id', 'in', [batchId, otherBatch]).execute()).toEqual([])
  })

  it('refuses bad input and writes nothing', async () => {
    const db = database().db
    const sitting = await newSitting('输入场', 10, 10)
    const batchId = await newBatch(sitting.id, '输入批')
    const snapshot = async () => ({
      entries: (await db.selectFrom('paper_entry').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      passes: (await db.selectFrom('paper_pass').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      sittings: (await db.selectFrom('sitting').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      audit: (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      register: await db.selectFrom('sitting').select(['handed_out', 'returned']).where('id', '=', sitting.id).executeTakeFirstOrThrow(),
    })
    const start = await snapshot()
    const sheetUrl = (n: number | string) => `${r()}/paper-batches/${batchId}/sheets/${n}`
    const good = slip(ctx, 0, { 0: [0, 0, 0, 0, 0] })
    const cases: [string, string, unknown, number, string][] = [
      ['PUT', sheetUrl(1), { ...good, cells: { [other.units[0]!.id]: {} } }, 422, 'paper_cell_invalid'],
      ['PUT', sheetUrl(1), { ...good, cells: { [ctx.units[0]!.id]: { [String(ctx.dimensions[0]!.id)]: other.levels[0]!.id } } }, 422, 'paper_cell_invalid'],
      ['PUT', sheetUrl(1), { ...good, cells: { [ctx.units[0]!.id]: { '999999': ctx.levels[0]!.id } } }, 422, 'paper_cell_invalid'],
      ['PUT', sheetUrl(1), { ...good, categoryId: other.categories[0]!.id }, 422, 'category_not_in_campaign'],
      ['PUT', sheetUrl(1), { ...good, extra: 1 }, 422, 'invalid_input'],
      ['PUT', sheetUrl(1), { ...good, cells: { [ctx.units[0]!.id]: { [String(ctx.dimensions[0]!.id)]: 0 } } }, 422, 'invalid_input'],
      ['PUT', sheetUrl(2), good, 422, 'paper_sheet_gap'],
      ['PUT', sheetUrl(0), good, 422, 'invalid_input'],
      ['PUT', sheetUrl('x'), good, 422, 'invalid_input'],
      ['POST', `${r()}/paper-batches/${batchId}/done`, undefined, 409, 'paper_pass_empty'],
      ['PATCH', `${r()}/sittings/${sitting.id}`, { handedOut: -1 }, 422, 'invalid_input'],
      ['PATCH', `${r()}/sittings/${sitting.id}`, { returned: 1.5 }, 422, 'invalid_input'],
      ['POST', `${r()}/sittings`, { name: '' }, 422, 'invalid_input'],
      ['POST', `${r()}/sittings`, { name: '输入场' }, 409, 'sitting_name_taken'],
      ['POST', `${r()}/sittings`, { name: '公开', channel: 'public' }, 422, 'invalid_input'],
      ['POST', `${r()}/sittings/${sitting.id}/batches`, { name: '输入批' }, 409, 'paper_batch_name_taken'],
      ['POST', `${r()}/paper-batches/${batchId}/resolutions`, { items: [{ sheet: 1, field: 'category', value: ctx.categories[0]!.id }] }, 409, 'paper_batch_not_double_keyed'],
    ]
    for (const [method, path, body, status, code] of cases) {
      const res = await clerks.a(method, path, body)
      const check = path.endsWith('/resolutions') ? await organiser(method, path, body) : res
      expect([check.status, check.json.error.code], `${method} ${path} ${JSON.stringify(body)}`).toEqual([status, code])
      expect(check.json.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const raw = await app.request(sheetUrl(1), { method: 'PUT', headers: { ...clerkLogins[0]!.headers, 'content-type': 'application/json' }, body: '{"categoryId":' })
    expect(raw.status).toBe(400)
    const form = await app.request(sheetUrl(1), { method: 'PUT', headers: { ...clerkLogins[0]!.headers, 'content-type': 'text/plain' }, body: 'x' })
    expect(form.status).toBe(415)
    const noCsrf = await app.request(sheetUrl(1), { method: 'PUT', headers: { cookie: clerkLogins[0]!.cookie, 'content-type': 'application/json' }, body: JSON.stringify(good) })
    expect(noCsrf.status).toBe(403)
    expect(await snapshot()).toEqual(start)
    // Mismatch resolutions must name a real mismatch and a value the slip can hold.
    await keyPass(clerks.a, batchId, [good])
    await keyPass(clerks.b, batchId, [slip(ctx, 1, { 0: [0, 0, 0, 0, 0] })])
    const audit = (await snapshot()).audit
    for (const items of [
      [{ sheet: 1, field: 'spoiled', value: '1' }],
      [{ sheet: 1, field: 'category', value: other.categories[0]!.id }],
      [{ sheet: 1, field: 'category', value: ctx.categories[0]!.id }, { sheet: 2, field: 'category', value: ctx.categories[0]!.id }],
    ]) {
      const res = await organiser('POST', `${r()}/paper-batches/${batchId}/resolutions`, { items })
      expect([res.status, res.json.error.code]).toEqual([422, 'paper_resolution_invalid'])
    }
    expect((await snapshot()).audit).toBe(audit)
    expect(await db.selectFrom('paper_resolution').select('sheet').where('batch_id', '=', batchId).execute()).toEqual([])
  })

  it('prints the A4 ballot and works as plain forms without JavaScript', async () => {
    const db = database().db
    const clerk = clerkLogins[0]!
    const page = (path: string) => app.request(path, { headers: { cookie: clerk.cookie, accept: 'text/html' } })
    const post = (path: string, fields: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { cookie: clerk.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: clerk.csrf, ...fields }).toString(), redirect: 'manual' })
    const base = `/console/rounds/${ctx.round.id}/paper`

    const ballot = await page(`${base}/ballot`)
    expect(ballot.status).toBe(200)
    const html = await ballot.text()
    expect(html).toContain('<link rel="stylesheet" href="/assets/paper.css"/>')
    // the slip is Chinese whatever the console's language, and says so to screen readers and printers' fonts
    expect(await (await page(`${base}/ballot?lang=en`)).text()).toContain('<html lang="zh-CN">')
    expect(html.match(/<tbody>/g)).toHaveLength(ctx.units.length)
    expect(html.match(/<td class="level"><span class="box"/g)).toHaveLength(ctx.units.length * ctx.dimensions.length * ctx.levels.length)
    expect(html.match(/<span class="choice">/g)).toHaveLength(ctx.categories.length)
    // The demo form takes opinions: ruled lines after the grid, asking which unit each is about.
    expect(ctx.form.opinionBox).toBe(true)
    expect(html).toMatch(/<\/table><section class="opinions" aria-labelledby="opinions-title"><div class="title"><h2 id="opinions-title">意见建议<\/h2><p class="help">请注明所提意见针对的单位（/)
    expect(html.match(/<div class="line"><\/div>/g)).toHaveLength(5)
    await db.updateTable('form').set({ opinion_box: false }).where('id', '=', ctx.form.id).execute()
    const without = await (await page(`${base}/ballot`)).text()
    await db.updateTable('form').set({ opinion_box: true }).where('id', '=', ctx.form.id).execute()
    expect(without).toContain('</table></body>')
    expect(without).not.toMatch(/意见建议|class="opinions"|class="line"/)
    expect((await app.request(`${base}/ballot`, { headers: { accept: 'text/html' }, redirect: 'manual' })).status).toBe(303)

    expect((await post(`${base}/sittings`, { name: '表单场', channel: 'paper' })).status).toBe(303)
    const sitting = (await organiser('GET', `${r()}/sittings`)).json.sittings.find((s: { name: string }) => s.name === '表单场')
    const reg = await post(`${base}/sittings/${sitting.id}/register`, { handedOut: '5', returned: 'x' })
    expect(reg.headers.get('location')).toBe(`${base}?error=invalid_input#s-${sitting.id}`)
    expect((await post(`${base}/sittings/${sitting.id}/register`, { handedOut: '5', returned: '5' })).headers.get('location')).toBe(`${base}#s-${sitting.id}`)
    expect((await post(`${base}/sittings/${sitting.id}/batches`, { name: '表单批' })).status).toBe(303)
    const listed = await page(base)
    const listing = await listed.text()
    expect(listing).toContain('表单场')
    const batchId = /\/paper\/batches\/([0-9a-f-]{36})\/enter/.exec(listing)![1]!
    // The two create buttons say what each creates; the new batch's suggested name follows the language.
    expect(listing.match(/<button type="submit">新建场次<\/button>/g)).toHaveLength(1)
    expect(listing).toContain('<button type="submit">新建批次</button>')
    expect(listing).not.toContain('>新建</button>')
    expect(listing).toContain('placeholder="第2批"')
    const english = await (await page(`${base}?lang=en`)).text()
    expect(english.match(/<button type="submit">New sitting<\/button>/g)).toHaveLength(1)
    expect(english).toContain('<button type="submit">New batch</button>')
    expect(english).toContain('placeholder="Batch 2"')
    expect(english).not.toMatch(/placeholder="第|>Create</)

    const enter = await (await page(`${base}/batches/${batchId}/enter`)).text()
    expect(enter).toContain('<script src="/assets/clerk.js"')
    expect(enter.match(/<select name="c\./g)).toHaveLength(ctx.units.length * ctx.dimensions.length)
    const cell = (u: number, d: number) => `c.${ctx.units[u]!.id}.${ctx.dimensions[d]!.id}`
    const saved = await post(`${base}/batches/${batchId}/sheets`, { sheet: '1', categoryId: ctx.categories[1]!.id, [cell(0, 0)]: String(ctx.levels[0]!.id), [cell(0, 1)]: '', [cell(1, 0)]: String(ctx.levels[2]!.id) })
    expect(saved.headers.get('location')).toBe(`${base}/batches/${batchId}/enter?ok=saved&n=1`)
    const bad = await post(`${base}/batches/${batchId}/sheets`, { sheet: '2', categoryId: ctx.categories[1]!.id, [cell(0, 0)]: String(other.levels[0]!.id) })
    expect(bad.headers.get('location')).toBe(`${base}/batches/${batchId}/enter?error=paper_cell_invalid`)
    expect((await (await page(`${base}/batches/${batchId}/enter?error=paper_cell_invalid`)).text())).toContain('录入的单位、项目或等次不在本次评议的评议票上。')
    const entries = await db.selectFrom('paper_entry').select(['pass', 'sheet', 'category_id', 'cells']).where('batch_id', '=', batchId).execute()
    expect(entries).toEqual([{ pass: 1, sheet: 1, category_id: ctx.categories[1]!.id, cells: { [ctx.units[0]!.id]: { [String(ctx.dimensions[0]!.id)]: ctx.levels[0]!.id }, [ctx.units[1]!.id]: { [String(ctx.dimensions[0]!.id)]: ctx.levels[2]!.id } } }])
    expect((await post(`${base}/batches/${batchId}/done`, {})).status).toBe(303)
    expect(await (await page(`${base}/batches/${batchId}/enter`)).text()).toContain('您已完成本批录入。')
    // A clerk of another round's campaign gets the 403 page, not the form.
    const stranger = await loginAs(app, db, 'clerk', { campaignId: other.campaign.id, roundIds: [other.round.id] })
    expect((await app.request(`${base}/batches/${batchId}/enter`, { headers: { cookie: stranger.cookie, accept: 'text/html' } })).status).toBe(403)
  })

  it('says where opinions written on the slips go: organisers get the opinion form, channel preset; clerks hand the slips in', async () => {
    const db = database().db
    const office = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const clerk = clerkLogins[0]!
    const page = async (login: TestLogin, path: string) => {
      const res = await app.request(path, { headers: { cookie: login.cookie, accept: 'text/html' } })
      return { status: res.status, html: await res.text() }
    }
    const sitting = await newSitting('意见场', 30, 30)
    const batchId = await newBatch(sitting.id, '意见批')
    const pages = [`/console/rounds/${ctx.round.id}/paper`, `/console/rounds/${ctx.round.id}/paper/batches/${batchId}`]
    const form = `/console/c/${ctx.campaign.id}/opinions/new?channel=written_form`
    const enterThere = '纸质评议票上的意见建议不在这里录入，请在「征求意见」中逐条录入，单位按票上注明的填。'
    const handIn = '纸质评议票上的意见建议不在这里录入。请把写有意见建议的评议票交活动办公室，由其在「征求意见」中逐条录入。'
    for (const path of pages) {
      const asOffice = await page(office, path)
      expect(asOffice.status).toBe(200)
      expect(asOffice.html).toContain(`<p class="notice">${enterThere} <a href="${form}">录入意见建议 →</a></p>`)
      expect(asOffice.html).not.toContain(handIn)
      const asClerk = await page(clerk, path)
      expect(asClerk.status).toBe(200)
      expect(asClerk.html).toContain(`<p class="notice">${handIn}</p>`)
      expect(asClerk.html).not.toContain('/opinions/new')
    }
    // The link would not serve a clerk: the opinions console is not theirs.
    expect((await page(clerk, form)).status).toBe(403)

    // The organiser's link opens the form with 书面填表 chosen (and only that: a channel the address makes up is ignored).
    const selected = (html: string) => html.match(/<option value="[a-z_]+" selected="">[^<]*<\/option>/g)
    const opened = await page(office, form)
    expect(opened.status).toBe(200)
    expect(selected(opened.html)).toEqual(['<option value="written_form" selected="">书面填表</option>'])
    expect(selected((await page(office, `/console/c/${ctx.campaign.id}/opinions/new?channel=wechat`)).html)).toBeNull()
    const fields = { _csrf: office.csrf, body: '侯口村村道路灯坏了半年没人修', channel: 'written_form', receivedOn: '2026-04-02', unitId: ctx.units[1]!.id, areaId: '' }
    const saved = await app.request(`/console/c/${ctx.campaign.id}/opinions/new`, { method: 'POST', headers: { cookie: office.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' })
    expect(saved.status).toBe(303)
    expect(await db.selectFrom('opinion').select(['source', 'channel', 'unit_id']).where('body', '=', fields.body).execute()).toEqual([{ source: 'staff', channel: 'written_form', unit_id: ctx.units[1]!.id }])

    // A form without an opinion box: no slip carries opinions, nothing to say.
    await db.updateTable('form').set({ opinion_box: false }).where('id', '=', ctx.form.id).execute()
    try {
      for (const path of pages) for (const login of [office, clerk]) expect((await page(login, path)).html).not.toMatch(/纸质评议票上的意见建议|\/opinions\/new/)
    } finally {
      await db.updateTable('form').set({ opinion_box: true }).where('id', '=', ctx.form.id).execute()
    }
  })

  it('settles and commits from the console pages, once under concurrent commits', async () => {
    const db = database().db
    const before = await counts(db, ctx.round.id)
    const sitting = await newSitting('并发场', 20, 20)
    const batchId = await newBatch(sitting.id, '并发批')
    const first = [slip(ctx, 0, { 0: [0, 0, 0, 0, 0], 1: [1, 1, 1, 1, 1], 2: [0, 1, 0, 1, 0] }), slip(ctx, 5, { 3: [2, 2, 2, 2, 2], 4: [0, 0, 0, 0, 0] })]
    const second = structuredClone(first)
    second[0]!.cells[ctx.units[1]!.id]![String(ctx.dimensions[2]!.id)] = ctx.levels[0]!.id
    await keyPass(clerks.a, batchId, first)
    await keyPass(clerks.b, batchId, second)

    const login = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const base = `/console/rounds/${ctx.round.id}/paper/batches/${batchId}`
    // A third clerk's entry screen asks only for the disputed slip, by number.
    const thirdPage = await (await app.request(`${base}/enter`, { headers: { cookie: clerkLogins[2]!.cookie, accept: 'text/html' } })).text()
    expect(thirdPage).toContain('<input type="number" name="sheet" min="1" max="100000" value="1" required=""/>')
    expect(thirdPage).toContain('请只录入这些票（先填票号）：1。')
    // … and sees where the keyings disagree, not their values, until it has keyed its own.
    const blind = (await clerks.c('GET', `${r()}/paper-batches/${batchId}`)).json.mismatches
    expect(blind.map((m: Record<string, unknown>) => [m.sheet, m.field, m.first, m.second])).toEqual([[1, `${ctx.units[1]!.id}:${ctx.dimensions[2]!.id}`, null, null]])
    expect((await clerks.a('GET', `${r()}/paper-batches/${batchId}`)).json.mismatches[0].first).toBe(String(ctx.levels[1]!.id))
    const html = await (await app.request(base, { headers: { cookie: login.cookie, accept: 'text/html' } })).text()
    const row = /<tr class="open"><td>1<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(html)
    expect(row?.slice(1)).toEqual([ctx.units[1]!.name, ctx.dimensions[2]!.label, ctx.levels[1]!.label, ctx.levels[0]!.label])
    expect(html).toContain('两遍录入完成，有 1 处不一致待处理')
    const field = `r.1.${ctx.units[1]!.id}:${ctx.dimensions[2]!.id}`
    const form = (path: string, fields: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: login.csrf, ...fields }).toString(), redirect: 'manual' })
    expect((await form(`${base}/resolutions`, { [field]: String(ctx.levels[1]!.id) })).headers.get('location')).toBe(base)
    expect((await organiser('GET', `${r()}/paper-batches/${batchId}`)).json.reconciled).toBe(true)
    expect(await (await app.request(base, { headers: { cookie: login.cookie, accept: 'text/html' } })).text()).toContain('两遍录入一致，可以提交计票')

    const commits = await Promise.all([
      form(`${base}/commit`, {}),
      ...[clerks.a, clerks.b, clerks.c, organiser, clerks.a].map((as) => as('POST', `${r()}/paper-batches/${batchId}/commit`)),
    ])
    expect(commits[0]!.status).toBe(303)
    expect(commits.slice(1).filter((res) => (res as { json: { changed: boolean } }).json.changed).length).toBeLessThanOrEqual(1)
    expect(await counts(db, ctx.round.id)).toEqual({ ballots: before.ballots + 5, staged: 0 })
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    expect(await tally(db, ctx, 1, 0, 2, 1)).toBe(1)
    const commitsAudited = await db.selectFrom('audit_log').select('action').where('entity_id', '=', batchId).where('action', '=', 'commit').execute()
    expect(commitsAudited).toHaveLength(1)
    // Counted: no mismatch heading, and no keyed-slip counts (the entries are gone, they would read 0).
    const counted = await (await app.request(base, { headers: { cookie: login.cookie, accept: 'text/html' } })).text()
    expect(counted).toContain('已计票')
    expect(counted).not.toMatch(/两遍录入不一致|· 0 张/)
  })

  it('keys blank and spoiled slips without a category; a slip with ticks and none is refused in Chinese', async () => {
    const db = database().db
    const before = await counts(db, ctx.round.id)
    const sitting = await newSitting('第五场', 3, 3)
    const batchId = await newBatch(sitting.id, '第1批')
    const ticked = slip(ctx, 1, { 0: [0, 0, 0, 0, 0] })
    const refused = await clerks.a('PUT', `${r()}/paper-batches/${batchId}/sheets/1`, { ...ticked, categoryId: '' })
    expect(refused.status).toBe(422)
    expect(refused.json.error).toMatchObject({ code: 'paper_category_required', message: '这张票勾选了等次，请先选择评议人类别。空白票和作废票可不选。' })
    expect(await db.selectFrom('paper_entry').select('sheet').where('batch_id', '=', batchId).execute()).toEqual([])
    const sheets = [ticked, { categoryId: '', spoiled: false, cells: {} }, { categoryId: null, spoiled: true, cells: {} }]
    await keyPass(clerks.a, batchId, sheets as ReturnType<typeof slip>[])
    await keyPass(clerks.b, batchId, sheets as ReturnType<typeof slip>[])
    const committed = await clerks.a('POST', `${r()}/paper-batches/${batchId}/commit`)
    expect(committed.status).toBe(200)
    expect(committed.json.batch).toMatchObject({ sheets: 3, valid: 1, invalid: 1, blank: 1 })
    // One ballot from the ticked slip (staged until its group is mixed); the spoiled one names no
    // category, so it is in the register only.
    const after = await counts(db, ctx.round.id)
    expect(after.ballots + after.staged).toBe(before.ballots + before.staged + 1)
    expect(await tallyMismatches(db)).toEqual({ tally: 0, counts: 0 })
    expect((await organiser('GET', `${r()}/sittings`)).json.sittings.find((x: { id: string }) => x.id === sitting.id)).toMatchObject({ valid: 1, invalid: 1, blank: 1 })
  })
})
