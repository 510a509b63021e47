import { statusNames } from '../console/setup-text'
import type { RoundStatus } from '../db/schema'
import { bracketed, type Lang } from '../i18n'

/** The words of the results pages and exports, Chinese first. */
export const text = {
  results: { 'zh-CN': '评议结果', en: 'Results' },
  overall: { 'zh-CN': '全部单位', en: 'All units' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  valid: { 'zh-CN': '有效票', en: 'Valid ballots' },
  invalid: { 'zh-CN': '无效票', en: 'Invalid' },
  handedOut: { 'zh-CN': '发放票数', en: 'Handed out' },
  received: { 'zh-CN': '收回票数', en: 'Received' },
  returnRate: { 'zh-CN': '回收率', en: 'Return rate' },
  channel: { 'zh-CN': '票源', en: 'Channel' },
  satisfaction: { 'zh-CN': '满意率', en: 'Satisfaction' },
  pooled: { 'zh-CN': '总体满意率', en: 'Overall satisfaction' },
  interval: { 'zh-CN': '95%置信区间', en: '95% interval' },
  rank: { 'zh-CN': '排名', en: 'Rank' },
  rankInKind: { 'zh-CN': '同类排名', en: 'Rank in kind' },
  rankInParent: { 'zh-CN': '同级排名', en: 'Rank under parent' },
  weighted: { 'zh-CN': '加权得分', en: 'Weighted score' },
  remedial: { 'zh-CN': '需补课', en: 'needs a re-do' },
  belowLine: { 'zh-CN': '低于补课线', en: 'under the re-do line' },
  weightedWithheld: { 'zh-CN': '含人数不足的类别，不计算加权得分', en: 'a category has too few answers to show: no weighted score' },
  weightedNote: {
    'zh-CN': '† 含人数不足的类别，不计算加权得分（否则可据此推算出被隐去的类别）。',
    en: '† A category has too few answers to show: no weighted score is given (it would let that category be worked out).',
  },
  intervalLow: { 'zh-CN': '95%置信下限', en: '95% interval, low' },
  intervalHigh: { 'zh-CN': '95%置信上限', en: '95% interval, high' },
  belowLineColumn: { 'zh-CN': '低于补课线的项目', en: 'Dimensions under the re-do line' },
  resultsFile: { 'zh-CN': '评议结果', en: 'results' },
  total: { 'zh-CN': '合计', en: 'Total' },
  dimension: { 'zh-CN': '评议项目', en: 'Dimension' },
  category: { 'zh-CN': '评议人类别', en: 'Evaluator category' },
  suppressed: { 'zh-CN': '人数不足', en: 'suppressed' },
  suppressedNote: {
    'zh-CN': '“人数不足”的格因票数或作答人数少于最低人数而不公布（含为防止相减推算而一并隐去的格）。',
    en: '“suppressed” cells have too few ballots or answers to show (or are hidden so that others cannot be worked out by subtraction).',
  },
  formula: { 'zh-CN': '计算方法', en: 'Formula' },
  levelRates: { 'zh-CN': '各项评议等次比率', en: 'Level rates per dimension' },
  levelCounts: { 'zh-CN': '各等次票数', en: 'Ballots per level' },
  answers: { 'zh-CN': '有效作答数', en: 'Answers counted' },
  byCategory: { 'zh-CN': '按评议人类别', en: 'By evaluator category' },
  heatMap: { 'zh-CN': '单位 × 评议项目 满意率', en: 'Satisfaction: units × dimensions' },
  ranking: { 'zh-CN': '排名', en: 'Ranking' },
  hash: { 'zh-CN': '内容校验码 (SHA-256)', en: 'Content hash (SHA-256)' },
  published: { 'zh-CN': '已公布', en: 'Published' },
  unpublished: { 'zh-CN': '未公布（仅组织者可见）', en: 'Not published (organisers only)' },
  exportCsv: { 'zh-CN': '导出 CSV', en: 'Export CSV' },
  exportXlsx: { 'zh-CN': '导出 Excel', en: 'Export Excel' },
  report: { 'zh-CN': '打印报告', en: 'Printable report' },
  compare: { 'zh-CN': '对比', en: 'Compare' },
  compareTitle: { 'zh-CN': '多轮对比', en: 'Compare rounds' },
  rounds: { 'zh-CN': '评议轮次', en: 'Rounds' },
  units: { 'zh-CN': '单位', en: 'Units' },
  subtree: { 'zh-CN': '或：某单位及其下属', en: 'or: a unit and everything under it' },
  none: { 'zh-CN': '（不选）', en: '(none)' },
  show: { 'zh-CN': '查看', en: 'Show' },
  change: { 'zh-CN': '变化', en: 'Change' },
  realUp: { 'zh-CN': '显著上升', en: 'real rise' },
  realDown: { 'zh-CN': '显著下降', en: 'real fall' },
  notReal: { 'zh-CN': '变化在误差范围内', en: 'within the intervals' },
  changeNote: {
    'zh-CN': '仅当两轮的95% Wilson置信区间不重叠时才标为显著变化（▲▼，变化以百分点计）。',
    en: 'A change is marked (▲▼, in percentage points, pp) only where the two rounds’ 95% Wilson intervals do not overlap.',
  },
  pickHint: { 'zh-CN': '请选择至少一个轮次，以及单位或某单位及其下属。', en: 'Pick at least one round, and units or a subtree.' },
  unitTrend: { 'zh-CN': '各轮次满意率走势', en: 'Satisfaction across rounds' },
  oneRound: { 'zh-CN': '本单位目前只有一轮评议结果；参加第二轮评议后，这里显示各轮次的走势。', en: 'This unit has the results of one round so far; from its second round on, the trend across rounds shows here.' },
  noRounds: { 'zh-CN': '还没有您可以查看的结果。', en: 'No results you may see yet.' },
  turnout: { 'zh-CN': '实时回收情况', en: 'Live turnout' },
  turnoutNote: {
    'zh-CN': '只显示票数与回收率；评议结束前不显示任何结果，收回票数也不分有效票与无效票。每5秒自动刷新。',
    en: 'Counts and return rates only; before the round closes no results are shown, and ballots received are not split into valid and invalid. Refreshes every 5 seconds.',
  },
  status: { 'zh-CN': '状态', en: 'Status' },
  updated: { 'zh-CN': '更新于', en: 'Updated' },
  language: { 'zh-CN': '语言', en: 'Language' },
  beijing: { 'zh-CN': '北京时间', en: 'Beijing time' },
  audience: { 'zh-CN': '范围', en: 'audience' },
  audienceLeaders: { 'zh-CN': '领导', en: 'leaders' },
  audiencePublic: { 'zh-CN': '公众', en: 'the public' },
  publicPage: { 'zh-CN': '公开页面', en: 'Public page' },
  liveView: {
    'zh-CN': '本页是组织者看到的实时结果，不是公布的快照；公布的内容以公开页面和校验码为准。',
    en: 'This page is the organisers’ live view of the results, not the published snapshot; what was published is on the public page and under its hash.',
  },
  pendingOpen: { 'zh-CN': '本次评议尚未结束，结束后才显示结果。', en: 'This round has not closed yet: its results show once it closes.' },
  pendingDraft: { 'zh-CN': '本次评议尚未开始，结束后才显示结果。', en: 'This round has not opened yet: its results show once it has closed.' },
  openRounds: { 'zh-CN': '进行中的评议', en: 'Rounds in progress' },
  openRoundsNote: { 'zh-CN': '评议结束后才显示结果；进行中可查看实时回收情况。', en: 'Results show once a round closes; meanwhile its live turnout can be watched.' },
} satisfies Record<string, Record<Lang, string>>

export type TextKey = keyof typeof text

/**
 * What 需补课 and 低于补课线 mean, in one wording for the pages, the public page and the exports:
 * a unit needs 补课 when its overall 满意率 is under the round's line; a dimension under the line
 * is pointed out, and does not by itself call for 补课.
 * @example remedialLegend('zh-CN', 70) // '⚑ 需补课：单位总体满意率低于补课线70%。低于补课线：…'
 */
export function remedialLegend(lang: Lang, threshold: number): string {
  return lang === 'zh-CN'
    ? `⚑ 需补课：单位总体满意率低于补课线${threshold}%。低于补课线：满意率低于${threshold}%的评议项目，仅作提示，是否需补课以总体满意率为准。`
    : `⚑ needs a re-do: the unit's overall satisfaction is under the re-do line of ${threshold}%. Under the re-do line: dimensions whose satisfaction is under ${threshold}%, pointed out only; whether a unit needs a re-do goes by its overall satisfaction.`
}

/** A word of the results pages in the request's language. */
export const rt = (lang: Lang, key: TextKey) => text[key][lang]

/** Hundredths of a percent as `97.86%`; '—' for no value. */
export const percent = (units: number | null | undefined) => (units == null ? '—' : `${(units / 100).toFixed(2)}%`)

/**
 * A difference of two 满意率 (hundredths of a percent), unsigned, in percentage points: a rise from
 * 50% to 90% is 40 points, not 40%.
 * @example percentPoints('zh-CN', 4000) // '40.00个百分点'; in English '40.00 pp'
 */
export const percentPoints = (lang: Lang, units: number) => `${(Math.abs(units) / 100).toFixed(2)}${lang === 'en' ? ' pp' : '个百分点'}`

/**
 * A 满意率's 95% interval, one way on every page: an en dash between the bounds, in full-width
 * brackets in Chinese and after a space in ASCII brackets in English.
 * @example percentInterval('zh-CN', 6398, 9650) // '（63.98%–96.50%）'; in English ' (63.98%–96.50%)'
 */
export const percentInterval = (lang: Lang, low: number, high: number) => bracketed(lang, `${percent(low)}–${percent(high)}`)

/** A round's status as the console names it (进行中 / Open …); an unknown value as it is. */
export function statusName(lang: Lang, status: string): string {
  return statusNames[status as RoundStatus]?.[lang] ?? status
}
