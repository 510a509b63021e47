import type { RankingMeasure, RoundChannel, RoundStatus } from '../db/schema'
import type { Lang } from '../i18n'

type Text = Record<Lang, string>

/** Words the campaign setup pages share. */
const words = {
  campaigns: { 'zh-CN': '活动', en: 'Campaigns' },
  overview: { 'zh-CN': '概况', en: 'Overview' },
  units: { 'zh-CN': '参学单位', en: 'Units' },
  categories: { 'zh-CN': '评议人类别', en: 'Evaluator categories' },
  forms: { 'zh-CN': '评议表', en: 'Forms' },
  rounds: { 'zh-CN': '评议轮次', en: 'Rounds' },
  users: { 'zh-CN': '账号', en: 'Accounts' },
  name: { 'zh-CN': '名称', en: 'Name' },
  status: { 'zh-CN': '状态', en: 'Status' },
  save: { 'zh-CN': '保存', en: 'Save' },
  create: { 'zh-CN': '创建', en: 'Create' },
  open: { 'zh-CN': '打开', en: 'Open' },
  none: { 'zh-CN': '暂无。', en: 'None yet.' },
  saved: { 'zh-CN': '已保存。', en: 'Saved.' },
  version: { 'zh-CN': '版本', en: 'Version' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  code: { 'zh-CN': '编码', en: 'Code' },
  parent: { 'zh-CN': '上级单位', en: 'Parent unit' },
  noParent: { 'zh-CN': '（无，作为顶级单位）', en: '(none: a top-level unit)' },
  stage: { 'zh-CN': '阶段', en: 'Stage' },
  back: { 'zh-CN': '返回', en: 'Back' },
} satisfies Record<string, Text>

/** A shared word of the setup pages in the request's language. */
export function sw(lang: Lang, key: keyof typeof words): string {
  return words[key][lang]
}

export const statusNames: Record<RoundStatus, Text> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  open: { 'zh-CN': '进行中', en: 'Open' },
  closed: { 'zh-CN': '已结束', en: 'Closed' },
  published: { 'zh-CN': '已公布', en: 'Published' },
}

export const channelNames: Record<RoundChannel, Text> = {
  codes: { 'zh-CN': '评议码（一人一码）', en: 'Access codes' },
  public: { 'zh-CN': '公开链接', en: 'Public link' },
  paper: { 'zh-CN': '纸质评议票', en: 'Paper ballots' },
  meeting: { 'zh-CN': '评议大会', en: 'Meeting' },
}

export const measureNames: Record<RankingMeasure, Text> = {
  satisfaction: { 'zh-CN': '满意率', en: 'Satisfaction rate' },
  score: { 'zh-CN': '得分', en: 'Score' },
  weighted_score: { 'zh-CN': '加权得分（按评议人类别权重）', en: 'Weighted score (by category weights)' },
}
