import type { Lang } from '../i18n'

const text = {
  doneLate: { 'zh-CN': '逾期 {n} 天完成', en: '{n} days late' },
  doneOn: { 'zh-CN': '完成日期', en: 'Done on' },
  reports: { 'zh-CN': '{n} 条进展，最近 {date}', en: '{n} reports, latest {date}' },
  noReports: { 'zh-CN': '尚无进展', en: 'None yet' },
  doneLateCount: { 'zh-CN': '逾期完成 {n}', en: '{n} late' },
  intervalNote: { 'zh-CN': '满意率后括号内为95%置信区间。', en: 'The brackets after a satisfaction rate give its 95% interval.' },
} satisfies Record<string, Record<Lang, string>>

/** English for n = 1, where the plural above would read wrong. */
const one: Partial<Record<keyof typeof text, string>> = { doneLate: '1 day late', reports: '1 report, latest {date}' }

/**
 * Words about an item's timing and progress, in the request's language; `{n}` and `{date}` are
 * filled in when given.
 * @example rx('zh-CN', 'reports', 3, '2026-04-28') // '3 条进展，最近 2026-04-28'
 */
export function rx(lang: Lang, key: keyof typeof text, n?: number, date?: string): string {
  const value = (lang === 'en' && n === 1 ? one[key] : undefined) ?? text[key][lang]
  return value.replace('{n}', n === undefined ? '{n}' : String(n)).replace('{date}', date ?? '{date}')
}
