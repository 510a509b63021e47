import type { Kysely } from 'kysely'
import type { CodeGrant } from '../codes/store'
import type { Database, RecheckAnswer } from '../db/schema'
import { ApiError } from '../errors'

/**
 * Records one evaluator's 整改是否到位 answers with an access code, exactly once per code and item,
 * all or nothing: the round must be open, every item asked by the round and of a unit the code may
 * rate. The answers are staged with no code; `flushRecheck` adds them to the tally later.
 */
export async function recordRecheck(db: Kysely<Database>, roundId: string, codeHash: string, grant: CodeGrant, answers: { itemId: string; answer: RecheckAnswer }[]): Promise<number> {
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
    const sorted = [...ids].sort()
    const used = await trx
      .insertInto('recheck_use')
      .values(sorted.map((item_id) => ({ code_hash: codeHash, item_id })))
      .onConflict((oc) => oc.doNothing())
      .returning('item_id')
      .execute()
    if (used.length !== ids.length) throw new ApiError(409, 'code_used')
    await trx.insertInto('recheck_staging').values(answers.map((a) => ({ round_id: roundId, item_id: a.itemId, answer: a.answer }))).execute()
    const staged = await trx.selectFrom('recheck_staging').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow()
    return Number(staged.n)
  })
}
