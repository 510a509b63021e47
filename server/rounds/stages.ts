import type { Stage } from '../db/schema'
import type { Lang } from '../i18n'

/** The campaign stages of DOMAIN.md, with their names. */
export const stageNames: Record<Stage, Record<Lang, string>> = {
  study: { 'zh-CN': '学习调研', en: 'Study and research' },
  analysis: { 'zh-CN': '分析检查', en: 'Analysis and review' },
  rectification: { 'zh-CN': '整改落实', en: 'Rectification' },
  review: { 'zh-CN': '回头看', en: 'Look-back' },
}
