import type { Lang } from '../i18n'

const text = {
  unit: { 'zh-CN': '被评议单位', en: 'Unit evaluated' },
  chooseUnit: { 'zh-CN': '请选择单位', en: 'Choose a unit' },
  category: { 'zh-CN': '您的身份', en: 'You are' },
  chooseCategory: { 'zh-CN': '不选（计为“{0}”）', en: 'Not chosen (counted as {0})' },
  categoryNoCode: { 'zh-CN': '您的身份（没有评议码时选择）', en: 'You are (when you have no code)' },
  code: { 'zh-CN': '评议码（见评议条）', en: 'Access code (on your slip)' },
  codeOptional: { 'zh-CN': '评议码（有评议条的请填写）', en: 'Access code (if you have a slip)' },
  allDone: { 'zh-CN': '您已评议完全部单位，感谢参与！', en: 'You have rated every unit. Thank you!' },
  opinion: { 'zh-CN': '意见和建议（选填）', en: 'Opinions and suggestions (optional)' },
  submit: { 'zh-CN': '提交评议', en: 'Submit' },
  sending: { 'zh-CN': '正在提交…', en: 'Sending…' },
  privacy: {
    'zh-CN': '本评议不记录您的姓名、手机号、IP 地址、设备或提交时间，任何人都无法把评议票与您本人对应。',
    en: 'No name, phone number, IP address, device or time is kept with your ballot; nobody can tie it to you.',
  },
  counted: { 'zh-CN': '您的评议已计入，感谢参与！', en: 'Your ballot has been counted. Thank you!' },
  countedInvalid: {
    'zh-CN': '您的评议已收到，但有效作答项目不足，按规定计为无效票。',
    en: 'Your ballot was received but counts as invalid: too few dimensions were answered.',
  },
  offline: { 'zh-CN': '网络连接失败，您的评议尚未提交，请稍后再点“提交评议”。', en: 'No connection: your ballot was not sent yet. Please try again.' },
  another: { 'zh-CN': '继续评议其他单位', en: 'Evaluate another unit' },
  closed: { 'zh-CN': '本次评议目前不接受提交。', en: 'This round is not accepting ballots now.' },
  results: { 'zh-CN': '评议结果', en: 'Results' },
  evaluate: { 'zh-CN': '参加评议', en: 'Evaluate' },
  roundOpen: { 'zh-CN': '正在评议', en: 'Open' },
  roundClosed: { 'zh-CN': '评议已结束', en: 'Closed' },
  organiserTurnout: { 'zh-CN': '实时回收情况（组织者）', en: 'Live turnout (organisers)' },
  organiserResults: { 'zh-CN': '评议结果（组织者）', en: 'Results (organisers)' },
  recheckNote: { 'zh-CN': '本次评议还请您用同一个评议码评价整改事项是否到位。', en: 'With the same code, please also tell whether rectification items were fixed.' },
  recheckLink: { 'zh-CN': '评价整改事项', en: 'Rate the rectification items' },
  staffLogin: { 'zh-CN': '工作人员登录', en: 'Staff login' },
  rounds: { 'zh-CN': '评议活动', en: 'Evaluation rounds' },
  noRounds: { 'zh-CN': '还没有评议。', en: 'No rounds yet.' },
  error: { 'zh-CN': '出错了', en: 'Something went wrong' },
  home: { 'zh-CN': '返回首页', en: 'Home' },
} satisfies Record<string, Record<Lang, string>>

/** Page text in the request's language. */
export function t(lang: Lang, key: keyof typeof text): string {
  return text[key][lang]
}
