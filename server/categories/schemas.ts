import { says } from '../validate'
import * as v from 'valibot'
import { categoryPresets } from './presets'

const Weight = v.pipe(v.number(), v.minValue(0), v.maxValue(100), v.check((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, says('权重最多保留两位小数', 'at most two decimals')))

/** One evaluator category; `id` keeps an existing one (and its ballots). */
export const CategoryItem = v.strictObject({
  id: v.optional(v.pipe(v.string(), v.uuid())),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  weight: v.optional(Weight, 0),
})

/** Cents, so that 33.33 + 33.33 + 33.34 is exactly 100. */
export const weightCents = (weights: number[]) => weights.reduce((sum, w) => sum + Math.round(w * 100), 0)

/**
 * The whole set of a campaign's categories, in order. Weights either add up to 100 or are
 * all 0 (weights not used); names are unique.
 */
export const CategoriesBody = v.pipe(
  v.strictObject({ categories: v.pipe(v.array(CategoryItem), v.minLength(1), v.maxLength(50)) }),
  v.forward(
    v.check(({ categories }) => new Set(categories.map((c) => c.name)).size === categories.length, says('评议人类别名称不能重复', 'names must be unique')),
    ['categories'],
  ),
)
export type CategoriesBody = v.InferOutput<typeof CategoriesBody>

/** Which preset to apply. */
export const CategoryPresetBody = v.strictObject({ preset: v.picklist(Object.keys(categoryPresets) as [keyof typeof categoryPresets]) })

/** True when weights are all zero (unused) or add up to exactly 100. */
export function weightsValid(weights: number[]): boolean {
  const cents = weightCents(weights)
  return cents === 0 || cents === 100_00
}
