import type { KyselyPlugin } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { voidBatch } from '../../server/codes/batches'
import { codeLookups } from '../../server/ingest/code-lookups'
import { seedDemo } from '../../server/demo/seed'
import { loadRoundContext, type RoundContext } from '../../server/rounds/store'
import { demoBatch, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'

/** Counts the queries a Kysely instance sends; `failNext` makes the next one throw. */
function counting() {
  const state = { queries: 0, failNext: false }
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      state.queries++
      if (state.failNext) {
        state.failNext = false
        throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' })
      }
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return { state, plugin }
}

const hashes = (codes: string[]) => Promise.all(codes.map((code) => testKeys.hash('code', code)))
const unavailable = () => new Error('unavailable')

describeEachDatabase('code lookups asked together', (database) => {
  let ctx: RoundContext
  beforeAll(async () => {
    ctx = await loadRoundContext(database().db, await seedDemo(database().db))
  })

  it('answers 60 concurrent lookups — live, listed, voided, unknown, repeated — with 3 queries', async () => {
    const db = database().db
    const all = await demoBatch(db, ctx, 40)
    const listed = await demoBatch(db, ctx, 10, { units: [1, 2] })
    const voided = await demoBatch(db, ctx, 5)
    await voidBatch(db, ctx.round.id, voided.id, new Date())
    const [allHashes, listedHashes, voidedHashes] = await Promise.all([hashes(all.codes), hashes(listed.codes), hashes(voided.codes)])
    const unknown = await hashes(['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF', 'GGGG-HHHH-JJJJ', 'KKKK-MMMM-NNNN', 'PPPP-QQQQ-RRRR'])
    const { state, plugin } = counting()
    const lookups = codeLookups(db.withPlugin(plugin), { inFlight: 2, maxBatch: 500, deadlineMs: 10_000, unavailable })
    // 60 lookups asked in one tick; two codes asked twice share an answer.
    const asked = [...allHashes, ...listedHashes, ...voidedHashes, ...unknown]
    const answers = await Promise.all([...asked, allHashes[0]!, listedHashes[0]!].map((h) => lookups.ask(ctx.round.id, h)))
    // Two start at once (one code each); the third takes the 58 that waited.
    expect(state.queries).toBe(3)
    for (const scope of answers.slice(0, 40)) expect(scope).toMatchObject({ batchId: all.id, categoryId: ctx.categories[1]!.id, allUnits: true })
    for (const scope of answers.slice(40, 50)) {
      expect(scope).toMatchObject({ batchId: listed.id, allUnits: false })
      expect([...scope!.unitIds].sort()).toEqual([ctx.units[1]!.id, ctx.units[2]!.id].sort())
    }
    expect(answers.slice(50, 60)).toEqual(Array(10).fill(null))
    expect(answers[60]).toEqual(answers[0])
    expect(answers[61]).toEqual(answers[40])
    // Another round's lookup of the same code finds nothing.
    expect(await lookups.ask('00000000-0000-4000-8000-000000000000', allHashes[1]!)).toBeNull()
  })

  it('rejects every lookup of a failed query and answers the next ones', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 3)
    const [a, b, c] = await hashes(codes)
    const { state, plugin } = counting()
    const lookups = codeLookups(db.withPlugin(plugin), { inFlight: 1, maxBatch: 500, deadlineMs: 10_000, unavailable })
    state.failNext = true
    const first = lookups.ask(ctx.round.id, a!)
    const waiting = lookups.ask(ctx.round.id, b!)
    await expect(first).rejects.toMatchObject({ code: 'ECONNRESET' })
    // The one that waited ran in the next query, which succeeded.
    await expect(waiting).resolves.toMatchObject({ allUnits: true })
    await expect(lookups.ask(ctx.round.id, c!)).resolves.toMatchObject({ allUnits: true })
    expect(state.queries).toBe(3)
  })
})
