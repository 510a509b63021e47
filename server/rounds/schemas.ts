import { says } from '../validate'
import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())
const Time = v.nullable(v.pipe(v.string(), v.isoTimestamp()))

export const stages = ['study', 'analysis', 'rectification', 'review'] as const
export const roundChannels = ['codes', 'public', 'paper', 'meeting'] as const
export const rankingMeasures = ['satisfaction', 'score', 'weighted_score'] as const

/** How a round's numbers are computed; locked when the round opens. */
export const FormulaBody = v.strictObject({
  /** form_level ids counted in 满意率; null: the form's satisfied levels. */
  satisfiedLevels: v.optional(v.nullable(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.minLength(1), v.maxLength(10)))),
  rankingMeasure: v.optional(v.picklist(rankingMeasures)),
  /** k: cells with fewer valid ballots show no rates when published. */
  minGroupSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  /** Satisfaction rate (%) under which a unit needs 补课; null: none. */
  remedialThreshold: v.optional(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(100)))),
})
export type FormulaBody = v.InferOutput<typeof FormulaBody>

const roundFields = {
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  stage: v.picklist(stages),
  formId: v.optional(v.nullable(Id)),
  channels: v.optional(v.pipe(v.array(v.picklist(roundChannels)), v.minLength(1), v.maxLength(4))),
  /**
   * With the 'public' channel: the evaluator category of public-link ballots whose voter names
   * none; null or left out: 社会公众 where the campaign has it, else its last category.
   */
  publicCategoryId: v.optional(v.nullable(Id)),
  opensAt: v.optional(Time),
  closesAt: v.optional(Time),
  formula: v.optional(FormulaBody),
}

const inOrder = (r: { opensAt?: string | null; closesAt?: string | null }) => !r.opensAt || !r.closesAt || Date.parse(r.closesAt) > Date.parse(r.opensAt)

/** A new round (评议), created as a draft. */
export const RoundBody = v.pipe(v.strictObject(roundFields), v.forward(v.check((r) => inOrder(r), says('结束时间应晚于开始时间', 'must be after the opening time')), ['closesAt']))
export type RoundBody = v.InferOutput<typeof RoundBody>

/** A change to a round; once open only `name` and `closesAt` may change. */
export const RoundPatch = v.pipe(
  v.strictObject({ ...roundFields, name: v.optional(roundFields.name), stage: v.optional(roundFields.stage) }),
  v.forward(v.check((r) => inOrder(r), says('结束时间应晚于开始时间', 'must be after the opening time')), ['closesAt']),
)
export type RoundPatch = v.InferOutput<typeof RoundPatch>

/**
 * The units a round evaluates, replacing the current set: each pick is one unit or, with
 * `subtree`, the unit and all its active descendants; `handedOut` is the number of ballots
 * handed out to each unit picked (for 回收率).
 */
export const RoundUnitsBody = v.strictObject({
  units: v.pipe(
    v.array(v.strictObject({ unitId: Id, subtree: v.optional(v.boolean(), false), handedOut: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)), 0) })),
    v.maxLength(20_000),
  ),
})
export type RoundUnitsBody = v.InferOutput<typeof RoundUnitsBody>

/** Ballots handed out per unit; may change while the round is open. */
export const HandedOutBody = v.strictObject({
  handedOut: v.pipe(v.record(v.pipe(v.string(), v.uuid()), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000))), v.check((r) => Object.keys(r).length <= 20_000)),
})
export type HandedOutBody = v.InferOutput<typeof HandedOutBody>

/** A lifecycle step. */
export const roundActions = ['open', 'close', 'reopen', 'publish'] as const
export type RoundAction = (typeof roundActions)[number]

/** Closing's body: `leavePaper` closes though paper batches are keyed and not committed (they stay uncounted). */
export const CloseBody = v.strictObject({ leavePaper: v.optional(v.boolean()) })
