import type { Kysely } from 'kysely'
import type * as v from 'valibot'
import { recordAudit } from '../audit/record'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import type { RoundContext } from '../rounds/store'
import type { Actor } from './entry'
import type { NewBatchBody, NewSittingBody, RegisterBody } from './schemas'
import { sittingOf } from './store'

/** Opens a sitting (a meeting or a paper hand-out) of a round that uses that channel; audited. Returns its id. */
export function createSitting(db: Kysely<Database>, ctx: RoundContext, body: v.InferOutput<typeof NewSittingBody>, actor: Actor): Promise<string> {
  if (!ctx.round.channels.includes(body.channel)) throw new ApiError(409, 'channel_not_in_round', [{ path: 'channel' }])
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('sitting').select('id').where('round_id', '=', ctx.round.id).where('name', '=', body.name).executeTakeFirst()
    if (taken) throw new ApiError(409, 'sitting_name_taken', [{ path: 'name' }])
    const row = await trx.insertInto('sitting').values({ round_id: ctx.round.id, name: body.name, channel: body.channel, created_at: actor.at }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: 'create', entity: 'sitting', entityId: row.id, after: body, at: actor.at })
    return row.id
  })
}

/**
 * Records the register counted by hand (handed out, returned) or renames a sitting; audited with
 * the values before and after. The counts lock once a batch is held or committed, or a decision taken.
 */
export function updateRegister(db: Kysely<Database>, ctx: RoundContext, sittingId: string | undefined, body: v.InferOutput<typeof RegisterBody>, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const sitting = await sittingOf(trx, ctx.round.id, sittingId, true)
    const change = {
      name: body.name ?? sitting.name,
      handed_out: body.handedOut === undefined ? sitting.handed_out : body.handedOut,
      returned: body.returned === undefined ? sitting.returned : body.returned,
    }
    if (change.handed_out !== sitting.handed_out || change.returned !== sitting.returned) {
      const settled = await trx.selectFrom('paper_batch').select('id').where('sitting_id', '=', sitting.id).where('status', '!=', 'entering').executeTakeFirst()
      if (settled || sitting.decision !== null) throw new ApiError(409, 'register_locked')
    }
    if (change.name !== sitting.name) {
      const taken = await trx.selectFrom('sitting').select('id').where('round_id', '=', ctx.round.id).where('name', '=', change.name).executeTakeFirst()
      if (taken) throw new ApiError(409, 'sitting_name_taken', [{ path: 'name' }])
    }
    await trx.updateTable('sitting').set(change).where('id', '=', sitting.id).execute()
    await recordAudit(trx, {
      actor: actor.user,
      campaignId: actor.campaignId,
      action: 'update_register',
      entity: 'sitting',
      entityId: sitting.id,
      before: { name: sitting.name, handedOut: sitting.handed_out, returned: sitting.returned },
      after: { name: change.name, handedOut: change.handed_out, returned: change.returned },
      at: actor.at,
    })
    return sitting.id
  })
}

/** Starts a named entry batch in a sitting that was not rejected; audited. Returns its id. */
export function createBatch(db: Kysely<Database>, ctx: RoundContext, sittingId: string | undefined, body: v.InferOutput<typeof NewBatchBody>, actor: Actor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const sitting = await sittingOf(trx, ctx.round.id, sittingId, true)
    if (sitting.decision === 'rejected') throw new ApiError(409, 'sitting_rejected')
    const taken = await trx.selectFrom('paper_batch').select('id').where('sitting_id', '=', sitting.id).where('name', '=', body.name).executeTakeFirst()
    if (taken) throw new ApiError(409, 'paper_batch_name_taken', [{ path: 'name' }])
    const row = await trx.insertInto('paper_batch').values({ sitting_id: sitting.id, name: body.name, created_at: actor.at }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, { actor: actor.user, campaignId: actor.campaignId, action: 'create', entity: 'paper_batch', entityId: row.id, after: { sitting: sitting.id, name: body.name }, at: actor.at })
    return row.id
  })
}
