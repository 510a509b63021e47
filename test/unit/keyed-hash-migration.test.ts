import { createHmac } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createBatch } from '../../server/codes/batches'
import type { HashPurpose, KeyedHasher } from '../../server/codes/keyed-hash'
import { seedDemo } from '../../server/demo/seed'
import { recordSubmissions, type Submission } from '../../server/ingest/record'
import { loadRoundContext } from '../../server/rounds/store'
import { stored, testKeys } from '../support/codes'
import { demoBallot, TEST_CODE_KEY } from '../support/demo'
import { migratedBefore } from '../support/migration'

/** The hasher before sql/059: every digest whole (43 characters). */
const whole: KeyedHasher = { hash: async (purpose: HashPurpose, value: string) => createHmac('sha256', TEST_CODE_KEY).update(`${purpose}:${value}`).digest('base64url') }

describe('migration 059: stored keyed hashes cut to 22 characters (PGlite)', () => {
  it('keeps codes handed out, code uses, submissions, device uses and re-check uses recognisable by the new hasher', async () => {
    const old = await migratedBefore('059')
    const { db } = old
    const ctx = await loadRoundContext(db, await seedDemo(db))
    const roundId = ctx.round.id
    const unit = ctx.units[0]!.id
    // What a server before 059 stored: codes, a code ballot's use with its submission key, a
    // public-link ballot's device use and submission, and a re-check answer's code use.
    const { codes } = await createBatch(db, whole, { roundId, categoryId: ctx.categories[1]!.id, units: 'all', count: 3 })
    const [codeSubmission, publicSubmission, device] = [crypto.randomUUID(), crypto.randomUUID(), 'device-token-0123456789']
    await db.insertInto('code_use').values({ code_hash: await whole.hash('code', codes[0]!), unit_id: unit, key_hash: await whole.hash('submission', `${roundId}:${codeSubmission}`) }).execute()
    await db.insertInto('submission').values({ key_hash: await whole.hash('submission', `${roundId}:${publicSubmission}`), round_id: roundId, valid: true }).execute()
    await db.insertInto('device_use').values({ device_hash: await whole.hash('device-use', `${roundId}:${device}`), round_id: roundId, unit_id: unit }).execute()
    const now = new Date()
    const item = await db
      .insertInto('rectification_item')
      .values({ campaign_id: ctx.campaign.id, unit_id: unit, title: '整改事项', deadline: '2026-12-31', owner: '办公室', class: 'immediate', created_at: now, updated_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('recheck_use').values({ code_hash: await whole.hash('code', codes[1]!), item_id: item.id }).execute()

    expect(await old.rest()).toEqual(old.pending)

    const hashes = (await db.selectFrom('access_code').select('code_hash').execute()).map((r) => r.code_hash).sort()
    expect(hashes).toEqual((await Promise.all(codes.map((c) => testKeys.hash('code', c)))).sort())
    expect(hashes.every((h) => h.length === 22)).toBe(true)
    const [recheck] = await db.selectFrom('recheck_use').select('code_hash').execute()
    expect(recheck!.code_hash).toBe(await testKeys.hash('code', codes[1]!))
    const { rows: fk } = await sql<{ on_delete: string }>`SELECT confdeltype AS on_delete FROM pg_constraint WHERE conname = 'recheck_use_code_hash_fkey' AND confrelid = 'access_code'::regclass`.execute(db)
    expect(fk).toEqual([{ on_delete: 'c' }])

    // The same submissions and codes, hashed by today's hasher, meet what was stored before.
    const ballot = demoBallot(ctx, { unit: 0 }).answers as Submission['answers']
    const submission = async (over: Partial<Submission>): Promise<Submission> => ({
      keyHash: await testKeys.hash('submission', `${roundId}:${crypto.randomUUID()}`),
      unitId: unit,
      categoryId: null,
      channel: 'mobile',
      answers: ballot,
      opinion: null,
      valid: true,
      invalidReason: null,
      codeHash: null,
      deviceHash: null,
      ...over,
    })
    const before = await stored(db)
    const record = async (over: Partial<Submission>) => (await recordSubmissions(db, roundId, [await submission(over)], { keys: testKeys })).outcomes[0]!
    const status = (o: Awaited<ReturnType<typeof record>>) => (o.status === 'counted' ? 'counted' : o.error.status)
    // The code ballot sent again: a retry, answered as counted, nothing stored.
    expect(status(await record({ codeHash: await testKeys.hash('code', codes[0]!), keyHash: await testKeys.hash('submission', `${roundId}:${codeSubmission}`) }))).toBe('counted')
    // Another submission with that code for that unit: the code is used.
    expect(status(await record({ codeHash: await testKeys.hash('code', codes[0]!) }))).toBe(409)
    // The public-link ballot sent again: a retry; the device that voted, with a new submission: refused.
    const publicBallot = { channel: 'public' as const, categoryId: ctx.categories[0]!.id }
    expect(status(await record({ ...publicBallot, keyHash: await testKeys.hash('submission', `${roundId}:${publicSubmission}`), deviceHash: await testKeys.hash('device-use', `${roundId}:${device}`) }))).toBe('counted')
    expect(status(await record({ ...publicBallot, deviceHash: await testKeys.hash('device-use', `${roundId}:${device}`) }))).toBe(409)
    expect(await stored(db)).toEqual(before)
    // An unused code handed out before counts its first ballot.
    expect(status(await record({ codeHash: await testKeys.hash('code', codes[2]!) }))).toBe('counted')
    expect(await stored(db)).toEqual({ ...before, ballots: before.ballots + 1, codeUses: before.codeUses + 1, submissions: before.submissions + 1 })
    await old.close()
  })
})
