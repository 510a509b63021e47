import type { Lang } from '../i18n'

/** Words of the opinion pages that the shared console table (tracking/console-text.ts) does not have. */
const text = {
  editOpinion: { 'zh-CN': '修改意见', en: 'Edit the opinion' },
  deleteOpinion: { 'zh-CN': '删除意见', en: 'Delete the opinion' },
  delete: { 'zh-CN': '删除', en: 'Delete' },
  confirmDelete: { 'zh-CN': '确认删除', en: 'Delete it' },
  cancel: { 'zh-CN': '取消', en: 'Cancel' },
  deleteHelp: {
    'zh-CN': '删除后这条意见不再出现在任何列表中，也不能恢复；操作日志中保留它的全部内容。录入有误时也可以修改而不删除。',
    en: 'Once deleted the opinion is gone from every list and cannot be restored; the audit log keeps everything it held. An entry with a mistake can also be edited instead.',
  },
  cannotDelete: { 'zh-CN': '这条意见不能删除', en: 'This opinion cannot be deleted' },
  mergedHelp: { 'zh-CN': '合并而成的意见：渠道、涉及单位和收到日期取自原始意见，这里只能修改表述和分类。', en: 'A merged opinion: channel, unit and date come from its originals; only its wording and area can be edited here.' },
  required: { 'zh-CN': '必填', en: 'required' },
  requiredHelp: { 'zh-CN': '带 * 的为必填项。', en: 'Fields marked * are required.' },
  mergedIntoNote: { 'zh-CN': '已合并到', en: 'Merged into' },
  mergedIntoHelp: { 'zh-CN': '分类、交办、答复和转为整改事项请在合并后的意见上操作。', en: 'Classify, assign, answer or turn it into an item on the merged opinion.' },
  deleted: { 'zh-CN': '已删除 1 条意见。', en: 'One opinion deleted.' },
  doneClassify: { 'zh-CN': '已将 {n} 条意见归类。', en: '{n} opinions classified.' },
  doneAssign: { 'zh-CN': '已将 {n} 条意见交办。', en: '{n} opinions assigned.' },
  doneMerge: { 'zh-CN': '已将 {n} 条意见合并为一条。', en: '{n} opinions merged into one.' },
  openMerged: { 'zh-CN': '查看合并后的意见', en: 'Open the merged opinion' },
  presetDone: { 'zh-CN': '已套用预设的 13 个方面。', en: 'The 13 preset areas are in place.' },
  importedAll: { 'zh-CN': '已导入 {imported} 条意见。', en: '{imported} opinions imported.' },
  importedSome: {
    'zh-CN': '已导入 {imported} 条意见；另有 {heldBack} 条暂不显示（共 {total} 条）：这些意见所在的 {units} 个单位有效票少于 {k} 张（本次评议的最小分组数），为保护评议人匿名，不予显示，也不能处理。',
    en: '{imported} opinions imported; {heldBack} more are held back ({total} in all): their {units} units had fewer than {k} valid ballots (the round’s minimum group size), so to keep evaluators anonymous they are neither shown nor open to action.',
  },
  exportXlsx: { 'zh-CN': '导出 Excel', en: 'Export Excel' },
  exportCsv: { 'zh-CN': '导出 CSV', en: 'Export CSV' },
  exportHelp: { 'zh-CN': '导出当前筛选出的全部意见（不只本页）', en: 'Every opinion the filter finds (not just this page)' },
  serial: { 'zh-CN': '序号', en: 'No.' },
  mergedCount: { 'zh-CN': '合并条数', en: 'Opinions merged' },
  repliedOn: { 'zh-CN': '答复日期', en: 'Replied on' },
  repliedBy: { 'zh-CN': '答复人', en: 'Replied by' },
  status: { 'zh-CN': '状态', en: 'Status' },
  registerName: { 'zh-CN': '意见建议', en: 'opinions' },
  registerSheet: { 'zh-CN': '意见建议', en: 'Opinions' },
  aboutSheet: { 'zh-CN': '导出说明', en: 'About this export' },
  aboutCampaign: { 'zh-CN': '活动', en: 'Campaign' },
  aboutDate: { 'zh-CN': '导出日期', en: 'Exported on' },
  aboutFilter: { 'zh-CN': '筛选条件', en: 'Filter' },
  aboutAll: { 'zh-CN': '无（全部意见）', en: 'None (every opinion)' },
  aboutSearch: { 'zh-CN': '搜索', en: 'Search' },
  aboutScope: { 'zh-CN': '范围', en: 'Scope' },
  scopeAll: { 'zh-CN': '本活动的全部意见', en: 'The whole campaign' },
  scopeUnits: { 'zh-CN': '由本单位及下级单位负责答复的意见', en: 'Opinions your unit and its sub-units answer for' },
  aboutCount: { 'zh-CN': '条数', en: 'Opinions' },
  aboutCountText: { 'zh-CN': '共 {n} 条（合并后），代表收集到的意见 {collected} 条', en: '{n} (after merging), standing for {collected} collected' },
  aboutNote: { 'zh-CN': '说明', en: 'Note' },
  aboutNoteText: {
    'zh-CN': '按列表的顺序（最新录入的在前）。“合并条数”是一条意见代表的原始意见条数。来自评议票的意见，所在单位在该次评议中有效票少于最小分组数的，为保护评议人匿名，不显示也不导出。',
    en: 'In the order of the list (newest first). “Opinions merged” is how many collected opinions one stands for. Ballot opinions from a unit with fewer valid ballots than the round’s minimum group size are neither shown nor exported, to keep evaluators anonymous.',
  },
} satisfies Record<string, Record<Lang, string>>

export type OpinionTextKey = keyof typeof text

/**
 * English for a count of one, where the plural above would read wrong: by text, then by the name
 * of the count, the words to say instead. Words rather than whole texts, as one text holds
 * several counts (importedSome).
 */
const one: Partial<Record<OpinionTextKey, Record<string, [plural: string, singular: string]>>> = {
  doneClassify: { n: ['opinions', 'opinion'] },
  doneAssign: { n: ['opinions', 'opinion'] },
  doneMerge: { n: ['opinions', 'opinion'] },
  importedAll: { imported: ['opinions', 'opinion'] },
  importedSome: { imported: ['opinions imported', 'opinion imported'], heldBack: ['more are', 'more is'], units: ['units had', 'unit had'], k: ['valid ballots', 'valid ballot'] },
}

/**
 * Opinion page text in the request's language, `{name}` replaced by `vars.name`; in English a
 * count of 1 takes the singular.
 * @example ot('zh-CN', 'doneMerge', { n: 3 }) // '已将 3 条意见合并为一条。'
 * @example ot('en', 'importedAll', { imported: 1 }) // '1 opinion imported.'
 */
export function ot(lang: Lang, key: OpinionTextKey, vars: Record<string, number | string> = {}): string {
  const swaps = lang === 'en' ? Object.entries(one[key] ?? {}).filter(([name]) => vars[name] === 1) : []
  const value = swaps.reduce((out, [, [plural, singular]]) => out.replace(plural, singular), text[key][lang])
  return value.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}
