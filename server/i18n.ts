/** Languages of the UI and of error messages: Chinese first, English available. */
export type Lang = 'zh-CN' | 'en'

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
  round_not_open: { 'zh-CN': '本次评议尚未开始或已经结束,不能再提交。', en: 'This round is not open for ballots.' },
  invalid_input: { 'zh-CN': '提交的内容有误,请检查后重试。', en: 'The input is not valid.' },
  unit_not_in_round: { 'zh-CN': '所选单位不在本次评议范围内。', en: 'The unit is not evaluated in this round.' },
  category_not_in_campaign: { 'zh-CN': '所选评议人类别不存在。', en: 'The evaluator category does not exist.' },
  missing_answer: { 'zh-CN': '还有评议项目没有选择,请逐项评议。', en: 'Every dimension must be answered.' },
  answer_out_of_scale: { 'zh-CN': '选择的评价等次不在本表范围内。', en: 'An answer is not a level of this form.' },
  unknown_dimension: { 'zh-CN': '提交了本表没有的评议项目。', en: 'An answer names a dimension this form does not have.' },
  campaign_not_found: { 'zh-CN': '找不到这个活动。', en: 'This campaign does not exist.' },
  unit_not_found: { 'zh-CN': '找不到这个单位。', en: 'This unit does not exist.' },
  unit_cycle: { 'zh-CN': '不能把单位移到它自己或它的下级单位之下。', en: 'A unit cannot be moved under itself or one of its descendants.' },
  unit_code_taken: { 'zh-CN': '单位编码已被其他单位使用。', en: 'Another unit already has this code.' },
  unit_parent_archived: { 'zh-CN': '上级单位已归档,不能在其下添加或移入单位。', en: 'The parent unit is archived.' },
  category_not_found: { 'zh-CN': '找不到这个评议人类别。', en: 'This evaluator category does not exist.' },
  category_in_use: { 'zh-CN': '该评议人类别已有评议票,不能删除。', en: 'This category has ballots and cannot be deleted.' },
  categories_exist: { 'zh-CN': '本活动已有评议人类别,不能再套用预设。', en: 'This campaign already has evaluator categories.' },
  weights_not_100: { 'zh-CN': '各类评议人权重之和必须为 100(不使用权重时全部填 0)。', en: 'Category weights must add up to 100 (or all be 0 when weights are not used).' },
  form_not_found: { 'zh-CN': '找不到这张评议表。', en: 'This form does not exist.' },
  form_invalid: { 'zh-CN': '评议表设置有误,请检查后重试。', en: 'The form is not valid.' },
  preset_not_found: { 'zh-CN': '没有这个预设。', en: 'No such preset.' },
  round_bad_transition: { 'zh-CN': '评议当前的状态不允许这个操作。', en: 'The round’s status does not allow this.' },
  round_needs_form: { 'zh-CN': '请先为本次评议选择评议表。', en: 'Choose a form before opening the round.' },
  round_needs_units: { 'zh-CN': '请先选择被评议单位。', en: 'Choose the units evaluated before opening the round.' },
  round_needs_categories: { 'zh-CN': '请先设置评议人类别。', en: 'Set up evaluator categories before opening the round.' },
  round_needs_weights: { 'zh-CN': '按加权得分排名时,各类评议人权重之和必须为 100。', en: 'Ranking by weighted score needs category weights that add up to 100.' },
  round_locked: { 'zh-CN': '评议已开始,评议表、单位范围和计算方法已锁定。', en: 'The round has opened: its form, units and formula are locked.' },
  import_invalid: { 'zh-CN': '导入文件中有错误,未写入任何数据,请改正后重新导入。', en: 'The file has errors; nothing was imported.' },
  import_unreadable: { 'zh-CN': '无法读取文件,请上传 XLSX 或 CSV 文件。', en: 'The file cannot be read; upload an XLSX or CSV file.' },
  payload_too_large: { 'zh-CN': '提交的内容过大。', en: 'The request body is too large.' },
  unsupported_media_type: { 'zh-CN': '不支持的提交格式。', en: 'Unsupported content type.' },
  code_used: { 'zh-CN': '这个评议码已经评议过该单位,每个单位只能评议一次。', en: 'This code has already rated this unit.' },
  code_invalid: { 'zh-CN': '评议码不正确或已作废,请核对评议条上的评议码。', en: 'This code is not valid for this round.' },
  code_wrong_unit: { 'zh-CN': '这个评议码不能评议该单位。', en: 'This code may not rate this unit.' },
  code_required: { 'zh-CN': '本次评议需要凭评议码参加,请输入评议条上的评议码。', en: 'This round needs an access code.' },
  category_mismatch: { 'zh-CN': '评议人类别与评议码不符。', en: 'The evaluator category does not match the code.' },
  device_used: { 'zh-CN': '本设备已经评议过该单位,每个单位只能评议一次。', en: 'This device has already rated this unit.' },
  batch_not_found: { 'zh-CN': '找不到这批评议码。', en: 'This code batch does not exist.' },
  too_many_attempts: { 'zh-CN': '操作过于频繁,请稍后再试。', en: 'Too many attempts; please wait and try again.' },
  unauthenticated: { 'zh-CN': '请先登录。', en: 'Please log in.' },
  forbidden: { 'zh-CN': '您没有权限进行此操作。', en: 'You are not allowed to do this.' },
  csrf_failed: { 'zh-CN': '页面已过期或请求来源不明,请刷新页面后重试。', en: 'The page has expired or the request was not sent from this site. Reload and try again.' },
  bad_credentials: { 'zh-CN': '用户名或密码不正确。', en: 'Wrong username or password.' },
  username_taken: { 'zh-CN': '该用户名已被使用。', en: 'This username is taken.' },
  cannot_disable_self: { 'zh-CN': '不能停用自己的账号。', en: 'You cannot disable your own account.' },
  invalid_scope: { 'zh-CN': '账号的活动、单位或评议范围不正确。', en: 'The campaign, unit or rounds of the account are not valid.' },
  internal: { 'zh-CN': '服务器出错了,请稍后重试。您的数据没有丢失。', en: 'Server error; please try again later.' },
} as const satisfies Record<string, Record<Lang, string>>

export type ErrorCode = keyof typeof errorMessages
