import type { Db } from './db'
import { buildTree, flattenTree } from '../units/tree'
import type { Tracking } from './access'

/** The campaign's name and board address, for page headers. */
export function campaignHead(db: Db, campaignId: string) {
  return db.selectFrom('campaign').select(['id', 'name', 'slug']).where('id', '=', campaignId).executeTakeFirstOrThrow()
}

/**
 * Units the caller may pick in a form (a liaison: its subtree), active ones, in tree order with
 * each name indented by its depth (full-width spaces), as the console's unit pickers show them.
 */
export async function unitOptions(db: Db, t: Tracking): Promise<{ id: string; name: string }[]> {
  let query = db.selectFrom('unit').select(['id', 'name', 'kind', 'code', 'parent_id', 'position']).where('campaign_id', '=', t.campaignId).where('archived_at', 'is', null)
  if (t.scope !== null) query = t.scope.length > 0 ? query.where('id', 'in', t.scope) : query.where('id', 'is', null)
  const rows = await query.execute()
  const tree = buildTree(rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind, code: r.code, position: r.position, archived: false })))
  return flattenTree(tree).map(({ node, depth }) => ({ id: node.id, name: `${'　'.repeat(depth)}${node.name}` }))
}
