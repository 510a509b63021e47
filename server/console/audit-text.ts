import type { AuditEntity } from '../audit/entities'
import type { Lang } from '../i18n'

type Text = Record<Lang, string>

/** The audit page's own words. */
export const auditText = {
  at: { 'zh-CN': '时间（北京时间）', en: 'When (Beijing time)' },
  actor: { 'zh-CN': '操作人', en: 'Who' },
  action: { 'zh-CN': '操作', en: 'Action' },
  entity: { 'zh-CN': '对象', en: 'What' },
  change: { 'zh-CN': '变更内容', en: 'Changes' },
  more: { 'zh-CN': '更早的记录', en: 'Older records' },
  empty: { 'zh-CN': '暂无记录。', en: 'No records yet.' },
  filter: { 'zh-CN': '按对象筛选', en: 'Filter by kind' },
  all: { 'zh-CN': '全部', en: 'All' },
  apply: { 'zh-CN': '筛选', en: 'Filter' },
  moreKeys: { 'zh-CN': '……另有 {n} 项', en: '… {n} more' },
} satisfies Record<string, Text>

/** What each kind of audited thing is called; typed by the list, so none is left out. */
export const entityNames: Record<AuditEntity, Text> = {
  campaign: { 'zh-CN': '活动', en: 'Campaign' },
  evaluator_category: { 'zh-CN': '评议人类别', en: 'Evaluator categories' },
  unit: { 'zh-CN': '参学单位', en: 'Unit' },
  form: { 'zh-CN': '评议表', en: 'Form' },
  round: { 'zh-CN': '评议', en: 'Round' },
  access_code_batch: { 'zh-CN': '评议码批次', en: 'Access code batch' },
  sitting: { 'zh-CN': '评议场次', en: 'Sitting' },
  paper_batch: { 'zh-CN': '录入批次', en: 'Entry batch' },
  publication: { 'zh-CN': '结果公布', en: 'Publication' },
  opinion: { 'zh-CN': '意见', en: 'Opinion' },
  opinion_areas: { 'zh-CN': '意见分类', en: 'Opinion areas' },
  rectification_item: { 'zh-CN': '整改事项', en: 'Rectification item' },
  campaign_board: { 'zh-CN': '整改公示栏', en: 'Rectification board' },
  recheck_items: { 'zh-CN': '整改评价事项', en: 'Re-check items' },
  user: { 'zh-CN': '账号', en: 'Account' },
}

/** The verbs features record (`AuditEntry.action`); a verb not listed is shown as it is. */
const actionNames: Record<string, Text> = {
  create: { 'zh-CN': '创建', en: 'Create' },
  update: { 'zh-CN': '修改', en: 'Update' },
  delete: { 'zh-CN': '删除', en: 'Delete' },
  new_version: { 'zh-CN': '新建版本', en: 'New version' },
  preset: { 'zh-CN': '套用预设', en: 'Apply preset' },
  import: { 'zh-CN': '导入', en: 'Import' },
  move: { 'zh-CN': '调整上级单位', en: 'Move' },
  archive: { 'zh-CN': '归档', en: 'Archive' },
  restore: { 'zh-CN': '恢复', en: 'Restore' },
  set_units: { 'zh-CN': '设置被评议单位', en: 'Set units' },
  set_handed_out: { 'zh-CN': '登记发放票数', en: 'Set ballots handed out' },
  open: { 'zh-CN': '开始评议', en: 'Open' },
  close: { 'zh-CN': '结束评议', en: 'Close' },
  reopen: { 'zh-CN': '重新开始评议', en: 'Reopen' },
  publish: { 'zh-CN': '公布结果', en: 'Publish' },
  revoke: { 'zh-CN': '撤回公布', en: 'Revoke' },
  void: { 'zh-CN': '作废', en: 'Void' },
  reissue: { 'zh-CN': '重新生成', en: 'Reissue' },
  update_register: { 'zh-CN': '登记发出和收回票数', en: 'Update register' },
  correct_sheet: { 'zh-CN': '更正选票', en: 'Correct a ballot' },
  remove_sheet: { 'zh-CN': '删除选票', en: 'Remove a ballot' },
  finish_pass: { 'zh-CN': '完成录入', en: 'Finish keying' },
  resolve: { 'zh-CN': '处理不一致', en: 'Resolve mismatch' },
  commit: { 'zh-CN': '提交计票', en: 'Commit' },
  hold: { 'zh-CN': '暂缓计票', en: 'Hold' },
  accept: { 'zh-CN': '决定计入', en: 'Accept' },
  reject: { 'zh-CN': '决定不计入', en: 'Reject' },
  reply: { 'zh-CN': '答复', en: 'Reply' },
  merge: { 'zh-CN': '合并', en: 'Merge' },
  unmerge: { 'zh-CN': '拆分', en: 'Unmerge' },
  bulk_classify: { 'zh-CN': '批量分类', en: 'Bulk classify' },
  bulk_assign: { 'zh-CN': '批量交办', en: 'Bulk assign' },
  bulk_merge: { 'zh-CN': '批量合并', en: 'Bulk merge' },
  link: { 'zh-CN': '关联意见', en: 'Link opinions' },
  progress: { 'zh-CN': '更新整改进展', en: 'Record progress' },
  change_password: { 'zh-CN': '修改密码', en: 'Change password' },
}

const label = (names: Record<string, Text>, lang: Lang, key: string): string => (Object.hasOwn(names, key) ? (names[key]?.[lang] ?? key) : key)

/** An audit action in the page's language; an unknown one as its raw key. @example actionLabel('zh-CN', 'close') // '结束评议' */
export const actionLabel = (lang: Lang, action: string): string => label(actionNames, lang, action)

/** An audited kind in the page's language; an unknown one (an old record) as its raw key. */
export const entityLabel = (lang: Lang, entity: string): string => label(entityNames, lang, entity)
