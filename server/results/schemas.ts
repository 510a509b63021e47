import { says } from '../validate'
import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())

/** `a,b,c` → a list of 1…max distinct UUIDs. */
const IdList = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max * 37),
    v.transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))]),
    v.array(Id),
    v.minLength(1),
    v.maxLength(max),
  )

/** `GET /api/results/rounds/:round`: `?categories=0` leaves out the per-category blocks. */
export const RoundResultsQuery = v.strictObject({
  categories: v.optional(v.picklist(['0', '1'])),
  lang: v.optional(v.string()),
})

/** `GET /api/results/units/:unit`: the rounds to show (default: every round of the unit the caller may see). */
export const UnitResultsQuery = v.strictObject({
  rounds: v.optional(IdList(24)),
  lang: v.optional(v.string()),
})

/** `GET /api/results/compare`: rounds in the order to compare, and units (a list, or a subtree's root). */
export const CompareQuery = v.pipe(
  v.strictObject({
    rounds: IdList(12),
    units: v.optional(IdList(200)),
    subtree: v.optional(Id),
    lang: v.optional(v.string()),
  }),
  v.check((q) => (q.units === undefined) !== (q.subtree === undefined), says('请选择单位，或选择某单位及其下属（二者选一）', 'give either units or subtree')),
)
export type CompareQuery = v.InferOutput<typeof CompareQuery>
