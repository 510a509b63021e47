import type { Kysely } from 'kysely'
import { normalizeCode } from '../codes/generate'
import type { KeyedHasher } from '../codes/keyed-hash'
import { findGrant, usedUnits } from '../codes/store'
import type { Database } from '../db/schema'
import { publicLinkCategory } from '../rounds/public-link'
import type { RoundContext } from '../rounds/store'
import type { Access } from './evaluate-form'

/**
 * How the round's form may be entered: codes and/or its public link, as the round's channels say;
 * and whether its code also answers the round's rectification items (the recheck form).
 */
export async function roundAccess(db: Kysely<Database>, ctx: RoundContext): Promise<Access> {
  const codes = ctx.round.channels.includes('codes')
  const [publicCategoryId, recheck] = await Promise.all([
    ctx.round.channels.includes('public') ? publicLinkCategory(db, ctx.round.id) : null,
    codes ? db.selectFrom('recheck_item').select('item_id').where('round_id', '=', ctx.round.id).limit(1).executeTakeFirst() : undefined,
  ])
  return { codes, publicCategoryId, recheck: recheck !== undefined }
}

/** The units a code may still rate (none when the code is not live), for the next no-JavaScript form. */
export async function unitsLeft(keys: KeyedHasher, db: Kysely<Database>, roundId: string, code: string) {
  const plain = normalizeCode(code)
  if (!plain) return []
  const hash = await keys.hash('code', plain)
  const grant = await findGrant(db, roundId, hash)
  if (!grant) return []
  const used = await usedUnits(db, hash)
  return grant.units.filter((u) => !used.has(u.id))
}
