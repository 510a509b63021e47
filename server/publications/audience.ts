import type { SessionUser } from '../auth/guard'

/** A publication's audience and window, as the read check needs them. */
export interface Audience {
  campaignId: string
  toLeaders: boolean
  unitIds: string[]
  toPublic: boolean
  windowStart: Date | null
  windowEnd: Date | null
  revokedAt: Date | null
}

/** Inside the 公示 window (an open end counts as inside). */
export function inWindow(a: Pick<Audience, 'windowStart' | 'windowEnd'>, now: Date): boolean {
  return (a.windowStart === null || now >= a.windowStart) && (a.windowEnd === null || now < a.windowEnd)
}

/**
 * What a viewer may read of a publication: every unit (`'all'`), some units (a liaison: its own
 * subtree within the named units' subtrees), or nothing (null).
 * - organisers of the campaign: everything, revoked included (they keep the record);
 * - anyone, anonymous included: a public publication inside its 公示 window;
 * - leaders of the campaign: what is published to leaders or to the public;
 * - liaisons of the campaign: a public publication whole; otherwise the units of their subtree
 *   that lie in a named unit's subtree.
 * `liaisonUnits` is the liaison's subtree; `namedSubtrees` the named units with their subtrees.
 */
export function readableUnits(a: Audience, viewer: SessionUser | undefined, now: Date, liaisonUnits: readonly string[] = [], namedSubtrees: ReadonlySet<string> = new Set()): 'all' | string[] | null {
  const ofCampaign = viewer !== undefined && (viewer.campaignId === a.campaignId || (viewer.role === 'organiser' && viewer.campaignId === null))
  if (ofCampaign && viewer.role === 'organiser') return 'all'
  if (a.revokedAt !== null) return null
  if (a.toPublic && inWindow(a, now)) return 'all'
  if (!ofCampaign) return null
  if (viewer.role === 'leader' && (a.toLeaders || a.toPublic)) return 'all'
  if (viewer.role === 'liaison') {
    if (a.toPublic) return 'all'
    const units = liaisonUnits.filter((id) => namedSubtrees.has(id))
    return units.length > 0 ? units : null
  }
  return null
}
