import type { AuditEntity } from '../audit/entities'
import type { Lang } from '../i18n'
import { channelNames as opinionChannels } from '../opinions/channels'
import { stageNames } from '../rounds/stages'
import { classNames, statusNames as itemStatuses } from '../tracking/text'
import type { AuditNamer } from './audit-diff'
import { channelNames, measureNames, statusNames } from './setup-text'
import { roleNames } from './text'

type Text = Record<Lang, string>

/**
 * What the keys of audit records are called: every key a feature records in `before`/`after`
 * (the views of campaigns, units, categories, forms, rounds, accounts and publications; the
 * fields of paper, opinion, rectification and re-check changes). A key not listed is shown as
 * it is stored; test/api/console-audit.test.ts writes a record of each kind to keep this whole.
 */
export const fieldNames: Record<string, Text> = {
  id: { 'zh-CN': '编号', en: 'ID' },
  name: { 'zh-CN': '名称', en: 'Name' },
  title: { 'zh-CN': '整改事项', en: 'Item' },
  class: { 'zh-CN': '分类', en: 'Class' },
  target: { 'zh-CN': '整改目标和时限', en: 'Target' },
  deadline: { 'zh-CN': '完成时限', en: 'Deadline' },
  measures: { 'zh-CN': '整改措施', en: 'Measures' },
  owner: { 'zh-CN': '责任人', en: 'Owner' },
  commitment: { 'zh-CN': '公开承诺', en: 'Public commitment' },
  theme: { 'zh-CN': '主题', en: 'Theme' },
  batch: { 'zh-CN': '批次', en: 'Batch' },
  createdAt: { 'zh-CN': '创建时间', en: 'Created' },
  parentId: { 'zh-CN': '上级单位', en: 'Parent unit' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  code: { 'zh-CN': '编码', en: 'Code' },
  position: { 'zh-CN': '顺序', en: 'Position' },
  archived: { 'zh-CN': '归档', en: 'Archived' },
  created: { 'zh-CN': '新增数', en: 'Added' },
  weight: { 'zh-CN': '权重', en: 'Weight' },
  version: { 'zh-CN': '版本', en: 'Version' },
  opinionBox: { 'zh-CN': '意见建议栏', en: 'Opinion box' },
  minAnswered: { 'zh-CN': '有效票至少应答题数', en: 'Minimum questions answered' },
  frozenAt: { 'zh-CN': '冻结时间', en: 'Frozen' },
  dimensions: { 'zh-CN': '题目', en: 'Questions' },
  levels: { 'zh-CN': '评价等次', en: 'Levels' },
  label: { 'zh-CN': '名称', en: 'Label' },
  score: { 'zh-CN': '分值', en: 'Score' },
  satisfied: { 'zh-CN': '计入满意', en: 'Satisfied' },
  abstain: { 'zh-CN': '不了解', en: 'Abstain' },
  stage: { 'zh-CN': '阶段', en: 'Stage' },
  status: { 'zh-CN': '状态', en: 'Status' },
  formId: { 'zh-CN': '评议表', en: 'Form' },
  channels: { 'zh-CN': '评议方式', en: 'Channels' },
  publicCategoryId: { 'zh-CN': '公开链接票计为', en: 'Public-link ballots count as' },
  opensAt: { 'zh-CN': '开始时间', en: 'Opens' },
  closesAt: { 'zh-CN': '结束时间', en: 'Closes' },
  formula: { 'zh-CN': '计算方法', en: 'Formula' },
  satisfiedLevels: { 'zh-CN': '计入满意的等次', en: 'Satisfied levels' },
  rankingMeasure: { 'zh-CN': '排名依据', en: 'Ranking measure' },
  minGroupSize: { 'zh-CN': '最少票数 k', en: 'Minimum group size k' },
  remedialThreshold: { 'zh-CN': '补课线', en: 'Re-do threshold' },
  lockedAt: { 'zh-CN': '锁定时间', en: 'Locked' },
  units: { 'zh-CN': '单位', en: 'Units' },
  unitId: { 'zh-CN': '单位', en: 'Unit' },
  handedOut: { 'zh-CN': '发放票数', en: 'Ballots handed out' },
  categoryId: { 'zh-CN': '评议人类别', en: 'Evaluator category' },
  count: { 'zh-CN': '数量', en: 'Count' },
  voided: { 'zh-CN': '已作废', en: 'Void' },
  reissueOf: { 'zh-CN': '原批次', en: 'Reissue of' },
  sitting: { 'zh-CN': '评议场次', en: 'Sitting' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  returned: { 'zh-CN': '收回票数', en: 'Returned' },
  decision: { 'zh-CN': '决定', en: 'Decision' },
  batches: { 'zh-CN': '批次数', en: 'Batches' },
  sheets: { 'zh-CN': '票数', en: 'Slips' },
  valid: { 'zh-CN': '有效票', en: 'Valid' },
  invalid: { 'zh-CN': '无效票', en: 'Invalid' },
  blank: { 'zh-CN': '空白票', en: 'Blank' },
  mismatches: { 'zh-CN': '不一致处', en: 'Mismatches' },
  pass: { 'zh-CN': '录入遍次', en: 'Keying pass' },
  sheet: { 'zh-CN': '票号', en: 'Slip' },
  field: { 'zh-CN': '栏目', en: 'Field' },
  first: { 'zh-CN': '第一遍', en: 'First pass' },
  second: { 'zh-CN': '第二遍', en: 'Second pass' },
  third: { 'zh-CN': '第三遍', en: 'Third pass' },
  resolved: { 'zh-CN': '已处理为', en: 'Resolved as' },
  value: { 'zh-CN': '取值', en: 'Value' },
  roundId: { 'zh-CN': '评议', en: 'Round' },
  slug: { 'zh-CN': '地址', en: 'Address' },
  audience: { 'zh-CN': '公布对象', en: 'Audience' },
  leaders: { 'zh-CN': '领导', en: 'Leaders' },
  public: { 'zh-CN': '公开', en: 'Public' },
  window: { 'zh-CN': '公示期', en: 'Notice period' },
  start: { 'zh-CN': '开始', en: 'Start' },
  end: { 'zh-CN': '结束', en: 'End' },
  hash: { 'zh-CN': '校验值', en: 'Hash' },
  publishedAt: { 'zh-CN': '公布时间', en: 'Published' },
  revokedAt: { 'zh-CN': '撤回时间', en: 'Revoked' },
  url: { 'zh-CN': '链接', en: 'Link' },
  source: { 'zh-CN': '来源', en: 'Source' },
  body: { 'zh-CN': '内容', en: 'Text' },
  receivedOn: { 'zh-CN': '收到日期', en: 'Received on' },
  areaId: { 'zh-CN': '意见分类', en: 'Area' },
  assignedUnitId: { 'zh-CN': '交办单位', en: 'Assigned to' },
  reply: { 'zh-CN': '答复', en: 'Reply' },
  repliedOn: { 'zh-CN': '答复日期', en: 'Replied on' },
  repliedBy: { 'zh-CN': '答复人', en: 'Replied by' },
  action: { 'zh-CN': '操作', en: 'Action' },
  restored: { 'zh-CN': '恢复条数', en: 'Restored' },
  imported: { 'zh-CN': '导入条数', en: 'Imported' },
  heldBack: { 'zh-CN': '暂不显示条数', en: 'Held back' },
  from: { 'zh-CN': '合并条数', en: 'Merged' },
  areas: { 'zh-CN': '意见分类', en: 'Areas' },
  opinionIds: { 'zh-CN': '对应的群众意见', en: 'Opinions' },
  onDate: { 'zh-CN': '日期', en: 'Date' },
  itemIds: { 'zh-CN': '整改评价事项', en: 'Items' },
  username: { 'zh-CN': '用户名', en: 'Username' },
  role: { 'zh-CN': '角色', en: 'Role' },
  campaignId: { 'zh-CN': '所属活动', en: 'Campaign' },
  roundIds: { 'zh-CN': '负责录入的评议', en: 'Rounds to key' },
  disabled: { 'zh-CN': '已停用', en: 'Disabled' },
  passwordReset: { 'zh-CN': '重设密码', en: 'Password reset' },
}

/** Keys in the order a record's lines are shown: as listed above (its name first). */
const fieldOrder = Object.keys(fieldNames)

/** Keys that mean something else for one kind of record. */
const entityFieldNames: Partial<Record<AuditEntity, Record<string, Text>>> = {
  access_code_batch: { label: { 'zh-CN': '备注', en: 'Label' }, units: { 'zh-CN': '可评议单位', en: 'Units they may rate' } },
  paper_batch: { sitting: { 'zh-CN': '评议场次', en: 'Sitting' } },
  campaign_board: { slug: { 'zh-CN': '公示栏地址', en: 'Board address' } },
  publication: { units: { 'zh-CN': '指定单位', en: 'Named units' }, status: { 'zh-CN': '评议状态', en: 'Round status' } },
}

const decisions: Record<string, Text> = { accepted: { 'zh-CN': '计入', en: 'Counted' }, rejected: { 'zh-CN': '不计入', en: 'Not counted' } }
const bulkActions: Record<string, Text> = { classify: { 'zh-CN': '分类', en: 'Classify' }, assign: { 'zh-CN': '交办', en: 'Assign' }, merge: { 'zh-CN': '合并', en: 'Merge' } }
const dimensionKinds: Record<string, Text> = { dimension: { 'zh-CN': '评议项目', en: 'Dimension' }, overall: { 'zh-CN': '总体评价', en: 'Overall' } }
/** Where an opinion came from (`opinion.source`). */
const opinionSources: Record<string, Text> = {
  staff: { 'zh-CN': '工作人员录入', en: 'Entered by staff' },
  ballot: { 'zh-CN': '评议票', en: 'Ballot' },
  merged: { 'zh-CN': '合并而成', en: 'Merged' },
}
const allUnits: Record<string, Text> = { all: { 'zh-CN': '全部单位', en: 'All units' } }
/** A paper slip's fields (server/paper/reconcile.ts); a cell is `<unit id>:<dimension id>`. */
const slipFields: Record<string, Text> = { present: { 'zh-CN': '有无此票', en: 'Slip present' }, category: { 'zh-CN': '评议人类别', en: 'Evaluator category' }, spoiled: { 'zh-CN': '作废票', en: 'Spoiled' } }
const question: Text = { 'zh-CN': '题目', en: 'question' }

/** Stored words (statuses, stages, channels …) by key, as the console says them; `entity.key` before `key`. */
const valueNames: Record<string, Record<string, Text>> = {
  status: { ...statusNames, ...itemStatuses },
  stage: stageNames,
  channels: channelNames,
  channel: opinionChannels,
  'sitting.channel': channelNames,
  rankingMeasure: measureNames,
  role: roleNames,
  class: classNames,
  decision: decisions,
  action: bulkActions,
  kind: dimensionKinds,
  'opinion.source': opinionSources,
  'access_code_batch.units': allUnits,
  'paper_batch.field': slipFields,
}

const yesNo = { true: { 'zh-CN': '是', en: 'Yes' }, false: { 'zh-CN': '否', en: 'No' } }
const empty: Text = { 'zh-CN': '（空）', en: '(empty)' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CELL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d+)$/i
const listItem: Text = { 'zh-CN': '第 {n} 项', en: 'Item {n}' }

const pick = <T>(table: Record<string, T> | undefined, key: string): T | undefined => (table && Object.hasOwn(table, key) ? table[key] : undefined)

/** A record key in the page's language (`#2`, a list's place, as "第 2 项"; `formula.lockedAt` as "计算方法 · 锁定时间"); an unknown key as stored. */
export function auditFieldLabel(lang: Lang, entity: string, key: string): string {
  if (key.includes('.')) return key.split('.').map((part) => auditFieldLabel(lang, entity, part)).join(' · ')
  const place = /^#(\d+)$/.exec(key)
  if (place) return listItem[lang].replace('{n}', place[1] as string)
  return (pick(entityFieldNames[entity as AuditEntity], key) ?? pick(fieldNames, key))?.[lang] ?? key
}

/**
 * How the audit page names a record's keys and values, in the page's language: keys by their
 * label, ids by the name of what they stand for (`names`, from auditNames) or else as a short
 * `#` and their first 8 characters, stored words (status, stage, channel …) as the console says
 * them, true and false as 是 and 否, an empty text as （空）; a row's own id is left out.
 */
export function auditNamer(lang: Lang, entity: string, names: ReadonlyMap<string, string>): AuditNamer {
  return {
    key: (key) => auditFieldLabel(lang, entity, key),
    value: (key, value) => {
      if (typeof value === 'boolean') return yesNo[`${value}`][lang]
      if (typeof value !== 'string') return String(value)
      if (value === '') return empty[lang]
      const id = (uuid: string) => names.get(uuid.toLowerCase()) ?? `#${uuid.slice(0, 8)}`
      if (UUID.test(value)) return id(value)
      const cell = CELL.exec(value)
      if (cell) return `${id(cell[1] as string)} · ${question[lang]} #${cell[2]}`
      const named = pick(valueNames[`${entity}.${key}`], value) ?? pick(valueNames[key], value)
      if (named) return named[lang]
      return key === 'hash' && value.length > 16 ? `${value.slice(0, 12)}…` : value
    },
    // a row's own id: the entity column (or the row's name beside it) already says what it is
    hides: (key, value) => key === 'id' && typeof value === 'string' && UUID.test(value),
    rank: (key) => (Object.hasOwn(fieldNames, key) ? fieldOrder.indexOf(key) : fieldOrder.length),
  }
}
