import { demoForm } from '../demo/demo-data'

/** A scale level as forms store it. */
export interface PresetLevel {
  label: string
  score: number
  satisfied: boolean
  abstain: boolean
}

/** Question sets from the seeds: the forms organisers start from. */
export const formPresets = {
  /** 分析检查报告群众评议, five dimensions (seeds 000, 003). */
  analysis5: { name: demoForm.name, dimensions: demoForm.dimensions, overall: [] as string[] },
  /** The same with 调研和听取意见范围广不广 (seed 002). */
  analysis6: {
    name: '分析检查报告群众评议表（六项）',
    dimensions: ['对科学发展观的认识深不深', '调研和听取意见范围广不广', '查找问题准不准', '原因分析透不透', '发展思路清不清', '工作措施可行不可行'],
    overall: [] as string[],
  },
  /** The 整改落实 stage's satisfaction survey: two overall questions (seed 002). */
  rectification2: {
    name: '整改落实满意度测评表',
    dimensions: [] as string[],
    overall: ['对本单位开展学习实践活动的总体评价', '对解决突出问题的满意程度'],
  },
} as const

const level = (label: string, score: number, satisfied: boolean): PresetLevel => ({ label, score, satisfied, abstain: false })

/** Answer scales of the seeds; each may get a 不了解 (abstain) column. */
export const scalePresets = {
  /** 满意 / 比较满意 / 不太满意 / 不满意 (seed 002). */
  satisfied4: demoForm.levels.map((l) => ({ ...l })),
  /** 好 / 较好 / 一般 / 差. */
  good4: [level('好', 100, true), level('较好', 80, true), level('一般', 60, false), level('差', 0, false)],
  /** 满意 / 基本满意 / 不满意. */
  satisfied3: [level('满意', 100, true), level('基本满意', 70, true), level('不满意', 0, false)],
} as const satisfies Record<string, readonly PresetLevel[]>

/** The abstain level: counts in no denominator (DESIGN.md, "The numbers"). */
export const abstainLevel: PresetLevel = { label: '不了解', score: 0, satisfied: false, abstain: true }

export type FormPreset = keyof typeof formPresets
export type ScalePreset = keyof typeof scalePresets

/** Names shown in the console's preset pickers. */
export const presetNames: Record<FormPreset | ScalePreset, { 'zh-CN': string; en: string }> = {
  analysis5: { 'zh-CN': '分析检查报告群众评议（五项）', en: 'Analysis report, five dimensions' },
  analysis6: { 'zh-CN': '分析检查报告群众评议（六项）', en: 'Analysis report, six dimensions' },
  rectification2: { 'zh-CN': '整改落实满意度测评（两问）', en: 'Rectification survey, two questions' },
  satisfied4: { 'zh-CN': '满意/比较满意/不太满意/不满意', en: 'Satisfied / fairly / not very / not satisfied' },
  good4: { 'zh-CN': '好/较好/一般/差', en: 'Good / fairly good / average / poor' },
  satisfied3: { 'zh-CN': '满意/基本满意/不满意', en: 'Satisfied / basically / not satisfied' },
}

/** A complete form body from a question preset and a scale preset. */
export function formFromPreset(preset: FormPreset, scale: ScalePreset, abstain: boolean, name?: string) {
  const questions = formPresets[preset]
  return {
    name: name ?? questions.name,
    dimensions: [...questions.dimensions],
    overall: [...questions.overall],
    levels: [...scalePresets[scale].map((l) => ({ ...l })), ...(abstain ? [{ ...abstainLevel }] : [])],
    opinionBox: true,
    minAnswered: 0,
  }
}
