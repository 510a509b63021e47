import type { Db } from './db'
import type { Tracking } from './access'

/** The campaign's name and board address, for page headers. */
export function campaignHead(db: Db, campaignId: string) {
  return db.selectFrom('campaign').select(['id', 'name', 'slug']).where('id', '=', campaignId).executeTakeFirstOrThrow()
}

/** Units the caller may pick in a form (a liaison: its subtree), active ones, in tree order. */
export async function unitOptions(db: Db, t: Tracking): Promise<{ id: string; name: string }[]> {
  let query = db.selectFrom('unit').select(['id', 'name']).where('campaign_id', '=', t.campaignId).where('archived_at', 'is', null)
  if (t.scope !== null) query = t.scope.length > 0 ? query.where('id', 'in', t.scope) : query.where('id', 'is', null)
  return query.orderBy('position').orderBy('name').execute()
}
