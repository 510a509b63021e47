import { demoCategories } from '../demo/demo-data'

/**
 * The standard evaluator categories of DOMAIN.md (seeds 000, 002, 004), with weights that
 * add up to 100 for campaigns that rank by weighted score.
 */
export const categoryPresets = {
  standard: demoCategories,
} as const satisfies Record<string, readonly { name: string; weight: number }[]>

export type CategoryPreset = keyof typeof categoryPresets
