import { type Kysely, sql } from 'kysely'
import type { KeyedHasher } from '../codes/keyed-hash'
import type { CodeGrant } from '../codes/store'
import type { Database, RecheckAnswer } from '../db/schema'
import { ApiError } from '../errors'
import { sealKey } from '../ingest/seal'

/**
 * Records one evaluator's 整改是否到位 answers with an access code, exactly once per code and item,
 * all or nothing: the round must be open, every item asked by the round and of a unit the code may
 * rate. The answers are staged with no code, under a random submission id and whether this is the
 * code's first submission in the round; `flushRecheck` adds them to the tally once k distinct
 * codes have answered.
 */
export async function recordRecheck(db: Kysely<Database>, keys: KeyedHasher, roundId: string, codeHash: string, grant: CodeGrant, answers: { itemId: string; answer: RecheckAnswer }[]): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').select('status').where('id', '=', roundId).forShare().executeTakeFirst()
    if (round?.status !== 'open') throw new ApiError(409, 'round_not_open')
    const ids = answers.map((a) => a.itemId)
    if (new Set(ids).size !== ids.length) throw new ApiError(422, 'invalid_input', [{ path: 'answers' }])
    const asked = await trx
      .selectFrom('recheck_item as r')
      .innerJoin('rectification_item as i', 'i.id', 'r.item_id')
      .select(['i.id', 'i.unit_id'])
      .where('r.round_id', '=', roundId)
      .where('r.item_id', 'in', ids)
      .execute()
    const units = new Map(asked.map((a) => [a.id, a.unit_id]))
    const allowed = new Set(grant.units.map((u) => u.id))
    answers.forEach((a, i) => {
      const unit = units.get(a.itemId)
      if (!unit) throw new ApiError(422, 'recheck_item_invalid', [{ path: `answers.${i}.itemId` }])
      if (!allowed.has(unit)) throw new ApiError(403, 'code_wrong_unit', [{ path: `answers.${i}.itemId` }])
    })
    // One submission of a code at a time, so that only one can be its first.
    await trx.selectFrom('access_code').select('code_hash').where('code_hash', '=', codeHash).forNoKeyUpdate().executeTakeFirst()
    const before = await trx.selectFrom('recheck_use').select('item_id').where('code_hash', '=', codeHash).limit(1).executeTakeFirst()
    const sorted = [...ids].sort()
    const used = await trx
      .insertInto('recheck_use')
      .values(sorted.map((item_id) => ({ code_hash: codeHash, item_id })))
      .onConflict((oc) => oc.doNothing())
      .returning('item_id')
      .execute()
    if (used.length !== ids.length) throw new ApiError(409, 'code_used')
    const submission = { round_id: roundId, submission_id: crypto.randomUUID(), first_of_code: before === undefined }
    // Sealed (sql/053): these rows share their xmin with the code's recheck_use rows until the flush.
    const key = await sealKey(keys, roundId)
    await trx
      .insertInto('recheck_staging')
      .values(answers.map((a) => ({ ...submission, item_id: a.itemId, sealed: sql<Uint8Array>`pingyi_seal(${JSON.stringify(a.answer)}, ${key})` })))
      .execute()
  })
}
