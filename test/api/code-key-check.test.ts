import { expect, it } from 'vitest'
import { codeKeyProblem } from '../../server/codes/key-check'
import { keyedHasher } from '../../server/codes/keyed-hash'
import { seedDemo } from '../../server/demo/seed'
import { flushRound } from '../../server/ingest/flush'
import { recordSubmissions, type Submission } from '../../server/ingest/record'
import { loadRoundContext } from '../../server/rounds/store'
import { demoBatch, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { demoBallot } from '../support/demo'

const otherKeys = keyedHasher('another-code-key-0123456789abcdefghijklm')

describeEachDatabase('a host started with another code key', (database) => {
  it('is refused while open rounds and staged ballots depend on the key used before, and allowed once nothing does', async () => {
    const db = database().db
    const ctx = await loadRoundContext(db, await seedDemo(db))
    // The first key used is remembered; the same key again is fine.
    expect(await codeKeyProblem(db, testKeys)).toBeNull()
    expect(await codeKeyProblem(db, testKeys)).toBeNull()

    // A ballot accepted with a code of the open round waits, sealed with a key derived from the first key.
    const { codes } = await demoBatch(db, ctx, 1)
    const { outcomes } = await recordSubmissions(
      db,
      ctx.round.id,
      [{ keyHash: await testKeys.hash('submission', crypto.randomUUID()), unitId: ctx.units[0]!.id, categoryId: null, channel: 'mobile', answers: demoBallot(ctx).answers as Submission['answers'], opinion: null, valid: true, invalidReason: null, codeHash: await testKeys.hash('code', codes[0]!), deviceHash: null }],
      { keys: testKeys },
    )
    expect(outcomes).toEqual([{ status: 'counted', valid: true }])

    const problem = await codeKeyProblem(db, otherKeys)
    expect(problem).toContain('PINGYI_CODE_KEY')
    expect(problem).toContain('1 round(s) open or in preparation')
    expect(problem).toContain('1 ballot(s)')
    expect(problem).toContain('请用原密钥启动')
    // Refused, the new key is not remembered: the first one still works.
    expect(await codeKeyProblem(db, testKeys)).toBeNull()

    // Closed under the first key (its staged ballot counted), nothing depends on it any more.
    await db.updateTable('round').set({ status: 'closed' }).execute()
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    expect(await db.selectFrom('ballot').select('unit_id').execute()).toEqual([{ unit_id: ctx.units[0]!.id }])
    expect(await codeKeyProblem(db, otherKeys)).toBeNull()
    // The new key is the one remembered now.
    const demoRound = await seedDemo(db)
    expect(await codeKeyProblem(db, otherKeys)).toBeNull()
    expect(await codeKeyProblem(db, testKeys)).toContain('1 round(s) open or in preparation')
    expect(demoRound).toBeTruthy()
  })
})
