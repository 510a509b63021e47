import { says } from '../validate'
import * as v from 'valibot'
import { formPresets, scalePresets } from './presets'

const Label = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))

/** One answer level: label, score, and whether it counts as satisfied or as 不了解 (abstain). */
export const LevelBody = v.pipe(
  v.strictObject({
    label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50)),
    score: v.pipe(v.number(), v.minValue(-1000), v.maxValue(1000)),
    satisfied: v.optional(v.boolean(), false),
    abstain: v.optional(v.boolean(), false),
  }),
  v.forward(
    v.check((l) => !(l.satisfied && l.abstain), says('同一等次不能既计入满意又是“不了解”', 'a level cannot be both satisfied and abstain')),
    ['abstain'],
  ),
)

/**
 * A form: per-unit dimensions and optional overall questions, answered on one scale;
 * an opinion box; and the validity rule (minimum answered, non-abstain questions).
 */
export const FormBody = v.pipe(
  v.strictObject({
    name: Label,
    dimensions: v.pipe(v.array(Label), v.maxLength(50)),
    overall: v.optional(v.pipe(v.array(Label), v.maxLength(10)), []),
    levels: v.pipe(v.array(LevelBody), v.minLength(2), v.maxLength(10)),
    opinionBox: v.optional(v.boolean(), true),
    minAnswered: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60)), 0),
  }),
  v.forward(
    v.check((f) => f.dimensions.length + f.overall.length > 0, says('至少需要一个评议项目或总体评价题', 'at least one question')),
    ['dimensions'],
  ),
  v.forward(
    v.check((f) => f.levels.filter((l) => !l.abstain).length >= 2, says('除“不了解”外至少需要两个等次', 'at least two answer levels besides abstain')),
    ['levels'],
  ),
  v.forward(
    v.check((f) => f.levels.some((l) => l.satisfied), says('至少需要一个计入满意的等次', 'at least one satisfied level')),
    ['levels'],
  ),
  v.forward(
    v.check((f) => new Set(f.levels.map((l) => l.label)).size === f.levels.length, says('等次名称不能重复', 'level labels must be unique')),
    ['levels'],
  ),
  v.forward(
    v.check((f) => f.minAnswered <= f.dimensions.length + f.overall.length, says('不能多于评议表的题数', 'more than the questions')),
    ['minAnswered'],
  ),
)
export type FormBody = v.InferOutput<typeof FormBody>

/** Build a form from a question preset and a scale preset, optionally with 不了解. */
export const FormPresetBody = v.strictObject({
  preset: v.picklist(Object.keys(formPresets) as [keyof typeof formPresets]),
  scale: v.picklist(Object.keys(scalePresets) as [keyof typeof scalePresets]),
  abstain: v.optional(v.boolean(), false),
  name: v.optional(Label),
})
export type FormPresetBody = v.InferOutput<typeof FormPresetBody>
