import type { RecheckAnswer, RectificationClass, RectificationStatus } from '../db/schema'
import type { Lang } from '../i18n'

type Names<K extends string> = Record<K, Record<Lang, string>>

export const statusNames: Names<RectificationStatus> = {
  not_started: { 'zh-CN': '未开始', en: 'Not started' },
  in_progress: { 'zh-CN': '进行中', en: 'In progress' },
  done: { 'zh-CN': '已完成', en: 'Done' },
}

export const classNames: Names<RectificationClass> = {
  immediate: { 'zh-CN': '可立即解决', en: 'Can be fixed now' },
  effort: { 'zh-CN': '经过努力可以解决', en: 'Can be fixed with effort' },
  beyond: { 'zh-CN': '依靠自身力量难以解决', en: 'Cannot be fixed alone' },
}

export const answerNames: Names<RecheckAnswer> = {
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  basic: { 'zh-CN': '基本满意', en: 'Basically satisfied' },
  unsatisfied: { 'zh-CN': '不满意', en: 'Not satisfied' },
  unknown: { 'zh-CN': '不了解', en: "Don't know" },
}

const text = {
  board: { 'zh-CN': '整改落实公示', en: 'Rectification board' },
  boardIntro: { 'zh-CN': '件件有着落、事事有回音。以下为本活动公开的整改事项及进展。', en: 'Every item followed up. The public rectification items of this campaign and their progress.' },
  items: { 'zh-CN': '整改事项', en: 'Items' },
  done: { 'zh-CN': '已完成', en: 'Done' },
  overdue: { 'zh-CN': '已超期', en: 'Overdue' },
  overdueDays: { 'zh-CN': '超期 {n} 天', en: '{n} days overdue' },
  stalled: { 'zh-CN': '久未更新', en: 'Stalled' },
  deadline: { 'zh-CN': '完成时限', en: 'Deadline' },
  owner: { 'zh-CN': '责任人', en: 'Responsible' },
  unit: { 'zh-CN': '责任单位', en: 'Unit' },
  target: { 'zh-CN': '整改目标', en: 'Target' },
  measures: { 'zh-CN': '整改措施', en: 'Measures' },
  commitment: { 'zh-CN': '公开承诺', en: 'Public commitment' },
  class: { 'zh-CN': '问题类别', en: 'Class' },
  status: { 'zh-CN': '状态', en: 'Status' },
  progress: { 'zh-CN': '整改进展', en: 'Progress' },
  noProgress: { 'zh-CN': '尚无进展报告。', en: 'No progress reported yet.' },
  noItems: { 'zh-CN': '暂无公开的整改事项。', en: 'No public items yet.' },
  recheck: { 'zh-CN': '群众评价“整改是否到位”', en: 'Evaluators: was it fixed?' },
  satisfiedRate: { 'zh-CN': '满意率', en: 'Satisfaction' },
  tooFew: { 'zh-CN': '评价人数不足，不显示结果', en: 'Too few answers to show results' },
  answers: { 'zh-CN': '人', en: 'answers' },
  today: { 'zh-CN': '统计日期', en: 'As of' },
  organiserOnly: {
    'zh-CN': '完成时限、公开承诺、责任人、事项名称、责任单位、问题类别和是否公开由活动办公室确定，联络员不能修改；联络员可报告整改进展，更新状态、整改目标和措施。',
    en: 'The deadline, public commitment, responsible person, title, unit, class and public flag are set by the campaign office; liaisons report progress and may update the status, target and measures.',
  },
} satisfies Record<string, Record<Lang, string>>

/** English for n = 1, where the plural above would read wrong. */
const one: Partial<Record<keyof typeof text, string>> = { overdueDays: '1 day overdue' }

/** Tracking text in the request's language; `{n}` is replaced by `n` when given. */
export function tt(lang: Lang, key: keyof typeof text, n?: number): string {
  const value = (lang === 'en' && n === 1 ? one[key] : undefined) ?? text[key][lang]
  return n === undefined ? value : value.replace('{n}', String(n))
}
