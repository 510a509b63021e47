import type { Kysely } from 'kysely'
import type { Database, Round } from '../db/schema'

/**
 * Ballots in per unit and category, and 回收率 (the public link's ballots left out): counts only,
 * never an answer. `invalid` is null until the round has closed: validity follows from the
 * answers (too few substantive ones), so a split that moved with each ballot would tell, to
 * whoever watched someone vote, whether that ballot was valid.
 */
export interface Turnout {
  round: { id: string; name: string; status: string }
  categories: { id: string; name: string }[]
  units: { id: string; name: string; handedOut: number; received: number; invalid: number | null; byCategory: number[]; returnRate: number | null }[]
  total: { handedOut: number; received: number; invalid: number | null; byCategory: number[]; returnRate: number | null }
}

const rate = (received: number, handedOut: number) => (handedOut > 0 ? Math.round((received / handedOut) * 10000) : null)

/**
 * Live turnout of a round: the counted ballots (ballot_count) plus those accepted and still
 * waiting in staging to be mixed in, so the hall screen moves with every ballot. Valid and
 * invalid are told apart only once the round has closed and its staged ballots are all mixed in.
 */
export async function roundTurnout(db: Kysely<Database>, round: Round): Promise<Turnout> {
  const [units, categories, counted, staged, publicLink] = await Promise.all([
    db
      .selectFrom('round_unit')
      .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
      .select(['unit.id', 'unit.name', 'round_unit.handed_out'])
      .where('round_unit.round_id', '=', round.id)
      .orderBy('round_unit.position')
      .orderBy('unit.name')
      .execute(),
    db.selectFrom('evaluator_category').select(['id', 'name']).where('campaign_id', '=', round.campaign_id).orderBy('position').orderBy('name').execute(),
    db.selectFrom('ballot_count').select(['unit_id', 'category_id', 'valid', 'invalid']).where('round_id', '=', round.id).execute(),
    // Staged ballots by unit and category only (their heads: sealed groups show nothing else,
    // sql/052): whether one is valid is never read here.
    db
      .selectFrom('staged_head')
      .select(['unit_id', 'category_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('round_id', '=', round.id)
      .groupBy(['unit_id', 'category_id'])
      .execute(),
    // the public link's ballots, counted and staged: nobody handed them out, so 回收率 leaves them out
    db
      .selectFrom('channel_count')
      .select(['unit_id', (eb) => eb(eb.ref('valid'), '+', eb.ref('invalid')).as('n')])
      .where('round_id', '=', round.id)
      .where('channel', '=', 'public')
      .unionAll(db.selectFrom('staged_head').select(['unit_id', (eb) => eb.fn.countAll<string>().as('n')]).where('round_id', '=', round.id).where('channel', '=', 'public').groupBy('unit_id'))
      .execute(),
  ])
  const C = categories.length
  const unitIndex = new Map(units.map((u, i) => [u.id, i]))
  const categoryIndex = new Map(categories.map((c, i) => [c.id, i]))
  const received = new Float64Array(units.length * C)
  const invalid = new Float64Array(units.length)
  const add = (unitId: string, categoryId: string, all: number, bad: number) => {
    const u = unitIndex.get(unitId)
    const c = categoryIndex.get(categoryId)
    if (u === undefined || c === undefined) return
    received[u * C + c]! += all
    invalid[u]! += bad
  }
  for (const r of counted) add(r.unit_id, r.category_id, Number(r.valid) + Number(r.invalid), Number(r.invalid))
  for (const r of staged) add(r.unit_id, r.category_id, Number(r.n), 0)
  // The close mixes every staged ballot in; until it has, the counted invalid ones are not all.
  const split = (round.status === 'closed' || round.status === 'published') && staged.length === 0
  const total = { handedOut: 0, received: 0, invalid: split ? 0 : null, byCategory: new Array<number>(C).fill(0), returnRate: null as number | null }
  let receivedOfHandedOut = 0
  const unsolicited = new Map<string, number>()
  for (const r of publicLink) unsolicited.set(r.unit_id, (unsolicited.get(r.unit_id) ?? 0) + Number(r.n))
  const rows = units.map((unit, u) => {
    const byCategory = Array.from(received.subarray(u * C, u * C + C))
    const sum = byCategory.reduce((a, b) => a + b, 0)
    byCategory.forEach((n, c) => (total.byCategory[c]! += n))
    total.received += sum
    if (total.invalid !== null) total.invalid += invalid[u]!
    const returned = sum - (unsolicited.get(unit.id) ?? 0)
    if (unit.handed_out > 0) {
      total.handedOut += unit.handed_out
      receivedOfHandedOut += returned
    }
    return { id: unit.id, name: unit.name, handedOut: unit.handed_out, received: sum, invalid: split ? invalid[u]! : null, byCategory, returnRate: rate(returned, unit.handed_out) }
  })
  total.returnRate = rate(receivedOfHandedOut, total.handedOut)
  return { round: { id: round.id, name: round.name, status: round.status }, categories, units: rows, total }
}
