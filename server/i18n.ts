/** Languages of the UI and of error messages: Chinese first, English available. */
export type Lang = 'zh-CN' | 'en'

/** Joins the items of a list: 、 in Chinese, a comma and a space in English. */
export const listJoin = (lang: Lang, items: readonly string[]): string => items.join(lang === 'zh-CN' ? '、' : ', ')

/** A table of texts in one language: what a page ships to its script. @example inLanguage({ ok: { 'zh-CN': '好', en: 'OK' } }, 'en') // { ok: 'OK' } */
export function inLanguage<K extends string>(table: Record<K, Record<Lang, string>>, lang: Lang): Record<K, string> {
  return Object.fromEntries(Object.entries<Record<Lang, string>>(table).map(([k, v]) => [k, v[lang]])) as Record<K, string>
}

/** A label's colon: full-width in Chinese, a colon and a space in English. */
export const colon = (lang: Lang): string => (lang === 'zh-CN' ? '：' : ': ')

/**
 * Text in brackets after what it qualifies: full-width brackets in Chinese (no space before them),
 * a space and ASCII brackets in English.
 * @example bracketed('zh-CN', '北京时间') // '（北京时间）'; in English ' (Beijing time)'
 */
export const bracketed = (lang: Lang, text: string): string => (lang === 'zh-CN' ? `（${text}）` : ` (${text})`)

/** The comma between clauses: full-width in Chinese, a comma and a space in English. */
export const comma = (lang: Lang): string => (lang === 'zh-CN' ? '，' : ', ')

/** Picks the language from `?lang=`, the `lang` cookie, then Accept-Language; zh-CN by default. */
export function pickLang(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  for (const value of [query, cookie]) {
    if (value === 'en' || value === 'zh-CN') return value
  }
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}

/** Stable error codes with their message in each language. */
export const errorMessages = {
  not_found: { 'zh-CN': '找不到您要的页面或数据。', en: 'Not found.' },
  round_not_found: { 'zh-CN': '找不到这次评议。', en: 'This evaluation round does not exist.' },
  round_not_open: { 'zh-CN': '本次评议尚未开始或已经结束，不能再提交。', en: 'This round is not open for ballots.' },
  invalid_input: { 'zh-CN': '提交的内容有误，请检查后重试。', en: 'The input is not valid.' },
  unit_not_in_round: { 'zh-CN': '所选单位不在本次评议范围内。', en: 'The unit is not evaluated in this round.' },
  category_not_in_campaign: { 'zh-CN': '所选评议人类别不存在。', en: 'The evaluator category does not exist.' },
  missing_answer: { 'zh-CN': '还有评议项目没有选择，请逐项评议。', en: 'Every dimension must be answered.' },
  answer_out_of_scale: { 'zh-CN': '选择的评价等次不在本表范围内。', en: 'An answer is not a level of this form.' },
  unknown_dimension: { 'zh-CN': '提交了本表没有的评议项目。', en: 'An answer names a dimension this form does not have.' },
  campaign_not_found: { 'zh-CN': '找不到这个活动。', en: 'This campaign does not exist.' },
  unit_not_found: { 'zh-CN': '找不到这个单位。', en: 'This unit does not exist.' },
  unit_cycle: { 'zh-CN': '不能把单位移到它自己或它的下级单位之下。', en: 'A unit cannot be moved under itself or one of its descendants.' },
  unit_code_taken: { 'zh-CN': '单位编码已被其他单位使用。', en: 'Another unit already has this code.' },
  unit_parent_archived: { 'zh-CN': '上级单位已归档，不能在其下添加或移入单位。', en: 'The parent unit is archived.' },
  category_not_found: { 'zh-CN': '找不到这个评议人类别。', en: 'This evaluator category does not exist.' },
  category_in_use: { 'zh-CN': '该评议人类别已有评议票，不能删除。', en: 'This category has ballots and cannot be deleted.' },
  categories_exist: { 'zh-CN': '本活动已有评议人类别，不能再套用预设。', en: 'This campaign already has evaluator categories.' },
  weights_not_100: { 'zh-CN': '各类评议人权重之和必须为 100（不使用权重时全部填 0）。', en: 'Category weights must add up to 100 (or all be 0 when weights are not used).' },
  form_not_found: { 'zh-CN': '找不到这张评议表。', en: 'This form does not exist.' },
  form_invalid: { 'zh-CN': '评议表设置有误，请检查后重试。', en: 'The form is not valid.' },
  preset_not_found: { 'zh-CN': '没有这个预设。', en: 'No such preset.' },
  paper_batches_pending: {
    'zh-CN': '还有纸质票批次没有提交计票，结束评议后它们不再计入。请先提交计票，或确认不计入后再结束。',
    en: 'Some paper batches are not counted yet and would never be once the round closes. Commit them first, or confirm they stay uncounted.',
  },
  round_bad_transition: { 'zh-CN': '评议当前的状态不允许这个操作。', en: 'The round’s status does not allow this.' },
  round_results_read: {
    'zh-CN': '本次评议的结果或意见已经有人查看过，不能重新开启：再次结束后，前后两次之差会暴露个别评议人的评价。如需补充评议，请另开一次评议。',
    en: 'This round’s results or opinions have been read, so it cannot reopen: once it closed again, the difference between the two views would reveal individual evaluators’ answers. To collect more, set up another round.',
  },
  round_needs_form: { 'zh-CN': '请先为本次评议选择评议表。', en: 'Choose a form before opening the round.' },
  round_needs_units: { 'zh-CN': '请先选择被评议单位。', en: 'Choose the units evaluated before opening the round.' },
  round_needs_categories: { 'zh-CN': '请先设置评议人类别。', en: 'Set up evaluator categories before opening the round.' },
  round_needs_weights: { 'zh-CN': '按加权得分排名时，各类评议人权重之和必须为 100。', en: 'Ranking by weighted score needs category weights that add up to 100.' },
  round_times_order: { 'zh-CN': '结束时间应晚于开始时间。', en: 'The closing time must be after the opening time.' },
  round_locked: { 'zh-CN': '评议已开始，评议表、单位范围和计算方法已锁定。', en: 'The round has opened: its form, units and formula are locked.' },
  import_invalid: { 'zh-CN': '导入文件中有错误，未写入任何数据，请改正后重新导入。', en: 'The file has errors; nothing was imported.' },
  import_unreadable: { 'zh-CN': '无法读取文件，请上传 XLSX 或 CSV 文件。', en: 'The file cannot be read; upload an XLSX or CSV file.' },
  payload_too_large: { 'zh-CN': '提交的内容过大。', en: 'The request body is too large.' },
  unsupported_media_type: { 'zh-CN': '不支持的提交格式。', en: 'Unsupported content type.' },
  code_used: { 'zh-CN': '这个评议码已经评议过该单位，每个单位只能评议一次。', en: 'This code has already rated this unit.' },
  code_invalid: { 'zh-CN': '评议码不正确或已作废，请核对评议条上的评议码。', en: 'This code is not valid for this round.' },
  code_wrong_unit: { 'zh-CN': '这个评议码不能评议该单位。', en: 'This code may not rate this unit.' },
  code_required: { 'zh-CN': '本次评议需要凭评议码参加，请输入评议条上的评议码。', en: 'This round needs an access code.' },
  category_mismatch: { 'zh-CN': '评议人类别与评议码不符。', en: 'The evaluator category does not match the code.' },
  device_used: { 'zh-CN': '本设备已经评议过该单位，每个单位只能评议一次。', en: 'This device has already rated this unit.' },
  batch_not_found: { 'zh-CN': '找不到这批评议码。', en: 'This code batch does not exist.' },
  too_many_attempts: { 'zh-CN': '操作过于频繁，请稍后再试。', en: 'Too many attempts; please wait and try again.' },
  unauthenticated: { 'zh-CN': '请先登录。', en: 'Please log in.' },
  forbidden: { 'zh-CN': '您没有权限进行此操作。', en: 'You are not allowed to do this.' },
  csrf_failed: { 'zh-CN': '页面已过期或请求来源不明，请刷新页面后重试。', en: 'The page has expired or the request was not sent from this site. Reload and try again.' },
  bad_credentials: { 'zh-CN': '用户名或密码不正确。', en: 'Wrong username or password.' },
  username_taken: { 'zh-CN': '该用户名已被使用。', en: 'This username is taken.' },
  account_disabled: { 'zh-CN': '账号已停用，请联系活动办公室。', en: 'This account is disabled; ask the campaign office.' },
  cannot_disable_self: { 'zh-CN': '不能停用自己的账号。', en: 'You cannot disable your own account.' },
  cannot_change_own_role: { 'zh-CN': '不能修改自己账号的角色。', en: 'You cannot change the role of your own account.' },
  invalid_scope: { 'zh-CN': '账号的活动、单位或评议范围不正确。', en: 'The campaign, unit or rounds of the account are not valid.' },
  database_unavailable: { 'zh-CN': '数据库暂时无法访问，请稍后重试。重试不会重复计票。', en: 'The database cannot be reached right now; please try again shortly. A retry is never counted twice.' },
  publication_not_found: { 'zh-CN': '找不到这份公布的结果。', en: 'This publication does not exist.' },
  publication_revoked: { 'zh-CN': '这份结果已经撤回。', en: 'This publication has been revoked.' },
  publication_outside_window: { 'zh-CN': '不在公示期内，暂不能查看。', en: 'This is outside the publication window.' },
  publish_needs_closed: { 'zh-CN': '评议结束后才能发布结果。', en: 'Results can be published once the round has closed.' },
  round_still_open: { 'zh-CN': '评议尚未结束，结束后才能查看结果。', en: 'The round has not closed yet; results are shown once it closes.' },
  sitting_not_found: { 'zh-CN': '找不到这个评议场次。', en: 'This sitting does not exist.' },
  sitting_name_taken: { 'zh-CN': '本次评议已有同名场次。', en: 'This round already has a sitting with this name.' },
  channel_not_in_round: { 'zh-CN': '本次评议没有开通这种评议方式（会议或书面评议）。', en: 'This round does not use this channel (meeting or paper).' },
  register_locked: { 'zh-CN': '本场次已有录入批次计入或已作出决定，发出数和收回数不能再改。', en: 'Ballots of this sitting have been counted or decided: its register is locked.' },
  register_incomplete: { 'zh-CN': '请先登记本场次的发出票数和收回票数。', en: 'Enter the ballots handed out and returned for this sitting first.' },
  sheets_exceed_returned: { 'zh-CN': '录入的票数超过了本场次登记的收回票数，请核对。', en: 'More ballots were entered than the sitting returned.' },
  sitting_not_void: { 'zh-CN': '本场次收回票数未超过发出票数，无需决定。', en: 'This sitting is not void: nothing to decide.' },
  sitting_decided: { 'zh-CN': '本场次已经作出决定。', en: 'This sitting has already been decided.' },
  sitting_rejected: { 'zh-CN': '本场次因收回票数多于发出票数已被判定无效，其选票不计入结果。', en: 'This sitting was rejected as void; its ballots do not count.' },
  paper_batch_not_found: { 'zh-CN': '找不到这个录入批次。', en: 'This entry batch does not exist.' },
  paper_batch_name_taken: { 'zh-CN': '本场次已有同名批次。', en: 'This sitting already has a batch with this name.' },
  paper_batch_closed: { 'zh-CN': '本批次已经提交计票，不能再录入或修改。', en: 'This batch has been committed and can no longer change.' },
  paper_pass_taken: { 'zh-CN': '本批次已由两名录入员录入；同一人不能重复录入同一批次。', en: 'This batch already has its two keyings; nobody keys a batch twice.' },
  paper_pass_done: { 'zh-CN': '您已完成本批次的录入，不能再修改。', en: 'You have finished keying this batch.' },
  paper_pass_empty: { 'zh-CN': '您还没有录入任何一张票。', en: 'You have not keyed any ballot yet.' },
  paper_sheet_gap: { 'zh-CN': '票号必须连续，请按顺序录入。', en: 'Ballot numbers must follow each other.' },
  paper_sheet_not_found: { 'zh-CN': '找不到这张票。', en: 'This ballot does not exist.' },
  paper_sheet_not_last: { 'zh-CN': '只能删除最后录入的一张票。', en: 'Only the last ballot can be removed.' },
  paper_category_required: { 'zh-CN': '这张票勾选了等次，请先选择评议人类别。空白票和作废票可不选。', en: 'This slip has ticks: choose its evaluator category first. Blank and spoiled slips need none.' },
  paper_cell_invalid: { 'zh-CN': '录入的单位、项目或等次不在本次评议的评议票上。', en: 'A unit, dimension or level is not on this round’s ballot.' },
  paper_batch_not_double_keyed: { 'zh-CN': '本批次需由两名录入员各录入一遍并完成后才能提交。', en: 'The batch must be keyed twice, by two people, before it counts.' },
  paper_batch_has_mismatches: { 'zh-CN': '两遍录入还有不一致之处未处理，请先核对纸质票。', en: 'The two keyings still disagree; settle the mismatches first.' },
  paper_resolution_invalid: { 'zh-CN': '所选处理项不是不一致项，或取值不正确。', en: 'A resolution names no mismatch or has a value the ballot cannot hold.' },
  opinion_not_found: { 'zh-CN': '找不到这条意见。', en: 'This opinion does not exist.' },
  opinion_not_merged: { 'zh-CN': '这条意见不是合并而成的，无需拆分。', en: 'This opinion was not made by merging.' },
  opinion_is_merged: { 'zh-CN': '这条意见已并入其他意见，请在合并后的意见上操作。', en: 'This opinion has been merged into another; act on the merged one.' },
  merge_needs_two: { 'zh-CN': '合并至少需要选择两条意见。', en: 'Choose at least two opinions to merge.' },
  area_not_found: { 'zh-CN': '所选意见分类不存在。', en: 'This area does not exist.' },
  area_duplicate: { 'zh-CN': '意见分类名称不能重复。', en: 'Area names must be unique.' },
  areas_exist: { 'zh-CN': '本活动已有意见分类，不能再套用预设。', en: 'This campaign already has areas.' },
  bulk_empty: { 'zh-CN': '没有选中任何意见。', en: 'No opinions were selected.' },
  bulk_too_many: { 'zh-CN': '一次最多批量处理 20000 条意见，请缩小筛选范围。', en: 'At most 20,000 opinions per bulk action; narrow the filter.' },
  round_not_closed: { 'zh-CN': '评议结束后才能导入评议票中的意见。', en: 'Ballot opinions can be imported once the round is closed.' },
  opinions_already_imported: { 'zh-CN': '这次评议的意见已经导入过了。', en: 'This round’s opinions were already imported.' },
  opinion_from_ballot: {
    'zh-CN': '这条意见来自评议票，是评议人的原话：不能删除，也不能修改内容、渠道、涉及单位和日期；可以分类、交办和答复。',
    en: 'This opinion comes from a ballot, in the evaluator’s own words: it cannot be deleted, and its text, channel, unit and date cannot change. It can be classified, assigned and answered.',
  },
  opinion_merged_fields: { 'zh-CN': '合并而成的意见的渠道、涉及单位和收到日期取自原始意见，不能修改；可以修改表述和分类。', en: 'A merged opinion takes its channel, unit and date from its originals; only its wording and area can change.' },
  opinion_delete_merged: { 'zh-CN': '这条意见由多条意见合并而成，不能直接删除。请先拆分合并，再删除其中录入有误的意见。', en: 'This opinion was made by merging others and cannot be deleted. Un-merge it first, then delete the original that was entered by mistake.' },
  opinion_delete_linked: { 'zh-CN': '这条意见已与整改事项对应，删除会断开对应关系。请先在整改事项中取消对应，再删除。', en: 'This opinion is linked to a rectification item; deleting it would break the link. Unlink it on the item first.' },
  item_not_found: { 'zh-CN': '找不到这个整改事项。', en: 'This rectification item does not exist.' },
  date_in_future: { 'zh-CN': '日期不能晚于今天。', en: 'The date cannot be later than today.' },
  slug_taken: { 'zh-CN': '这个公示地址已被其他活动使用。', en: 'Another campaign uses this board address.' },
  board_not_found: { 'zh-CN': '找不到这个整改公示栏。', en: 'This rectification board does not exist.' },
  recheck_wrong_stage: { 'zh-CN': '只有整改落实或回头看阶段的评议才能评价整改是否到位。', en: 'Only a rectification or review round can re-check items.' },
  recheck_item_invalid: { 'zh-CN': '该整改事项未公开，或其单位不在本次评议范围内。', en: 'The item is not public, or its unit is not evaluated in this round.' },
  internal: { 'zh-CN': '服务器出错了，请稍后重试。您的数据没有丢失。', en: 'Server error; please try again later.' },
} as const satisfies Record<string, Record<Lang, string>>

export type ErrorCode = keyof typeof errorMessages
