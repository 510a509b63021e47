import type { Kysely } from 'kysely'
import { normalizeCode } from '../codes/generate'
import type { KeyedHasher } from '../codes/keyed-hash'
import { findGrant, usedUnits } from '../codes/store'
import type { Database } from '../db/schema'
import type { RoundContext } from '../rounds/store'
import type { Access } from './evaluate-form'

/** How the round's form may be entered: codes when the round's channels say so, and/or its public link. */
export async function roundAccess(db: Kysely<Database>, ctx: RoundContext): Promise<Access> {
  const link = await db.selectFrom('public_link').select('category_id').where('round_id', '=', ctx.round.id).executeTakeFirst()
  return { codes: ctx.round.channels.includes('codes'), publicCategoryId: link?.category_id ?? null }
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
