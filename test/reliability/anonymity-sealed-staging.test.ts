import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { formatCode } from '../../server/codes/generate'
import { keyedHasher } from '../../server/codes/keyed-hash'
import { flushRound } from '../../server/ingest/flush'
import { sealKey } from '../../server/ingest/seal'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoApp, demoBallot, postJson } from '../support/demo'

/**
 * A read of the database while the round is open (a DBA, a replica, a backup or a copy of the
 * embedded data folder): the group commit writes a code's use and the staged group holding its
 * ballot in one statement, so until the flush the two share an xmin — at low load one ballot a
 * group. The group's ballots are sealed with a key derived from the server key (sql/052,
 * ingest/seal.ts): the join finds the group, but not its answers or opinion.
 */
describeEachDatabase('anonymity: staged ballots are sealed until their flush', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
  })

  it('joins a code use to a sealed group only: no answers, no opinion, nothing a key of another round or server opens', async () => {
    const db = database().db
    const { codes } = await demoBatch(db, ctx, 3)
    for (const [i, code] of codes.entries()) {
      const body = { ...demoBallot(ctx, { unit: 0, level: i }), code: formatCode(code), categoryId: undefined, opinion: `意见-sealed-${i}` }
      expect((await postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body)).status).toBe(201)
    }
    // The attacker's join: one staged group per code use (three quiet submissions) …
    const { rows } = await sql<{ code_hash: string; ballots: unknown; sealed: Uint8Array; heads: unknown; whole: string }>`
      SELECT cu.code_hash, sg.ballots, sg.sealed, sg.heads, sg::text AS whole
      FROM code_use cu JOIN staged_group sg ON sg.xmin = cu.xmin`.execute(db)
    expect(rows).toHaveLength(3)
    for (const row of rows) {
      // … holding nothing readable of the ballot: no answers or opinion in any column.
      expect(row.ballots).toBeNull()
      expect(row.whole).not.toContain('意见')
      expect(row.whole).not.toContain('answers')
      expect(Buffer.from(row.sealed).toString('utf8')).not.toContain('意见')
      // In clear only what the code use says already: the unit, and the batch's category and channel.
      expect(row.heads).toEqual([{ unit_id: ctx.units[0]!.id, category_id: expect.toSatisfy((id: string) => ctx.categories.some((c) => c.id === id)), channel: 'mobile' }])
    }
    // Nothing but this server's key for this round opens a group.
    const sealed = rows[0]!.sealed
    const unseal = async (key: ReturnType<typeof sql<Uint8Array>>) => sql<{ j: unknown }>`SELECT pingyi_unseal(${sealed}, ${key}) AS j`.execute(db)
    await expect(unseal(await sealKey(keyedHasher('another-server-key-0123456789abcdef'), ctx.round.id))).rejects.toThrow()
    await expect(unseal(await sealKey(testKeys, crypto.randomUUID()))).rejects.toThrow()
    const opened = (await unseal(await sealKey(testKeys, ctx.round.id))).rows[0]!.j as { opinion: string }[]
    expect(opened.map((b) => b.opinion).sort()).toHaveLength(1)

    // The flush unseals them inside its statement: all three reach the ballots, none is lost.
    expect(await flushRound(db, ctx.round.id, { keys: testKeys, force: true })).toBe(3)
    const stored = await db.selectFrom('ballot').select('opinion').where('round_id', '=', ctx.round.id).execute()
    expect(stored.map((b) => b.opinion).filter((o) => o?.startsWith('意见-sealed-')).sort()).toEqual(['意见-sealed-0', '意见-sealed-1', '意见-sealed-2'])
    expect(await db.selectFrom('staged_group').select('id').where('round_id', '=', ctx.round.id).execute()).toEqual([])
  })

  it("seals a grid's answers without their units, in the order of its heads, and the flush pairs each with its own unit again", async () => {
    const db = database().db
    const [code] = (await demoBatch(db, ctx, 1)).codes
    // Each unit its own level and opinion: a pairing gone wrong would show.
    const ballots = ctx.units.map((_, i) => ({ ...demoBallot(ctx, { unit: i, level: i % ctx.levels.length }), code: formatCode(code!), categoryId: undefined, opinion: `zip-${i}` }))
    const res = await postJson(app, `/api/rounds/${ctx.round.id}/ballots/batch`, { ballots })
    expect(res.status).toBe(200)
    const { rows } = await sql<{ sealed: Uint8Array; heads: { unit_id: string }[] }>`
      SELECT sg.sealed, sg.heads FROM code_use cu JOIN staged_group sg ON sg.xmin = cu.xmin WHERE cu.code_hash = ${await testKeys.hash('code', code!)}`.execute(db)
    expect(rows.length).toBeGreaterThan(0)
    const group = rows[0]!
    expect(group.heads).toHaveLength(ctx.units.length)
    const opened = (await sql<{ j: Record<string, unknown>[] }>`SELECT pingyi_unseal(${group.sealed}, ${await sealKey(testKeys, ctx.round.id)}) AS j`.execute(db)).rows[0]!.j
    // The sealed ballots say only what the heads do not: no unit, category or channel; no empty invalid reason.
    expect(opened.map((b) => Object.keys(b).sort())).toEqual(ctx.units.map(() => ['answers', 'opinion', 'valid']))
    // Position by position, a sealed ballot belongs to the unit of the head beside it.
    const unitOf = new Map(ballots.map((b) => [b.opinion, b.unitId]))
    expect(group.heads.map((h) => h.unit_id)).toEqual(opened.map((b) => unitOf.get(b.opinion as string)))

    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const stored = await db.selectFrom('ballot').select(['unit_id', 'category_id', 'channel', 'answers', 'opinion']).where('opinion', 'like', 'zip-%').execute()
    expect(stored.sort((a, b) => a.opinion!.localeCompare(b.opinion!))).toEqual(
      ballots.map((b) => ({ unit_id: b.unitId, category_id: ctx.categories[1]!.id, channel: 'mobile', answers: b.answers, opinion: b.opinion })).sort((a, b) => a.opinion.localeCompare(b.opinion)),
    )
  })

  it('flushes a group sealed before the heads said its units (whole ballots, in an order of their own) as it was sealed', async () => {
    const db = database().db
    const whole = (i: number) => ({ unit_id: ctx.units[i]!.id, category_id: ctx.categories[1]!.id, channel: 'mobile', answers: demoBallot(ctx, { level: i }).answers, opinion: `old-${i}`, valid: true, invalid_reason: null })
    const [a, b] = [whole(1), whole(2)]
    const heads = [a, b].map(({ unit_id, category_id, channel }) => ({ unit_id, category_id, channel }))
    await sql`
      INSERT INTO staged_group (round_id, size, category_ids, heads, sealed)
      VALUES (${ctx.round.id}, 2, ARRAY[${ctx.categories[1]!.id}]::uuid[], ${JSON.stringify(heads)}::text::jsonb, pingyi_seal(${JSON.stringify([b, a])}, ${await sealKey(testKeys, ctx.round.id)}))`.execute(db)
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const stored = await db.selectFrom('ballot').select(['unit_id', 'answers', 'opinion']).where('opinion', 'like', 'old-%').orderBy('opinion').execute()
    expect(stored).toEqual([a, b].map(({ unit_id, answers, opinion }) => ({ unit_id, answers, opinion })))
  })
})
