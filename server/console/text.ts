import type { Role } from '../auth/guard'
import type { Lang } from '../i18n'

const text = {
  confirmOpen: { 'zh-CN': '开始评议后，评议表冻结，计算方法和被评议单位锁定，不能再改。确定开始评议？', en: 'Opening freezes the form and locks the formula and the units. Open the round?' },
  confirmClose: { 'zh-CN': '结束评议后不再接受评议票，待计入的票全部计入。确定结束评议？', en: 'Closing takes no more ballots and counts every staged one. Close the round?' },
  confirmReopen: { 'zh-CN': '重新开始评议后又可提交评议票。确定重新开始？', en: 'Reopening takes ballots again. Reopen the round?' },
  confirmPublish: { 'zh-CN': '公布后快照不能修改，只能撤回。确定公布？', en: 'A publication cannot be changed, only revoked. Publish?' },
  confirmRevoke: { 'zh-CN': '撤回后，公布对象将不能再查看此快照。确定撤回？', en: 'Once revoked, its audience can no longer read this snapshot. Revoke it?' },
  confirmAccept: { 'zh-CN': '决定计入后不能更改：本场次的选票将计入结果。确定计入？', en: 'This is final: the sitting’s ballots will count. Count them?' },
  confirmReject: { 'zh-CN': '决定不计入后不能更改：本场次的选票不计入结果。确定不计入？', en: 'This is final: the sitting’s ballots will not count. Reject them?' },
  confirmCommit: { 'zh-CN': '提交计票后本批次不能再修改。确定提交？', en: 'Once committed the batch cannot change. Commit it?' },
  /** The product's name: once at the end of every page title, and in the header. */
  brand: { 'zh-CN': '评议', en: 'Pingyi' },
  console: { 'zh-CN': '管理后台', en: 'Console' },
  login: { 'zh-CN': '登录', en: 'Log in' },
  loginTitle: { 'zh-CN': '登录评议管理后台', en: 'Log in to the Pingyi console' },
  username: { 'zh-CN': '用户名', en: 'Username' },
  password: { 'zh-CN': '密码', en: 'Password' },
  logout: { 'zh-CN': '退出登录', en: 'Log out' },
  loggedOut: { 'zh-CN': '您已退出登录。', en: 'You have logged out.' },
  expired: { 'zh-CN': '登录已过期，请重新登录。', en: 'Your session has ended. Please log in again.' },
  loginHelp: {
    'zh-CN': '账号由活动办公室创建。忘记密码请联系活动办公室。',
    en: 'Accounts are created by the campaign office. Forgot your password? Ask the office.',
  },
  formExpired: { 'zh-CN': '登录页面已过期，请重新提交。', en: 'The login page expired. Please submit again.' },
  welcome: { 'zh-CN': '您好，', en: 'Hello, ' },
  yourRole: { 'zh-CN': '您的角色', en: 'Your role' },
  scope: { 'zh-CN': '工作范围', en: 'Scope' },
  allCampaigns: { 'zh-CN': '全部活动', en: 'All campaigns' },
  rounds: { 'zh-CN': '负责录入的评议', en: 'Rounds to enter ballots for' },
  noRounds: { 'zh-CN': '尚未分配评议。', en: 'No rounds assigned yet.' },
  sections: { 'zh-CN': '功能', en: 'Sections' },
  nothingYet: { 'zh-CN': '您的角色暂时没有可用的功能。', en: 'Nothing is available to your role yet.' },
  language: { 'zh-CN': '语言', en: 'Language' },
  home: { 'zh-CN': '首页', en: 'Home' },
  audit: { 'zh-CN': '操作日志', en: 'Audit log' },
  overview: { 'zh-CN': '概览', en: 'Overview' },
  backToOverview: { 'zh-CN': '返回概览', en: 'Back to the overview' },
  skip: { 'zh-CN': '跳到正文', en: 'Skip to content' },
  problems: { 'zh-CN': '提交的内容有问题，请修改以下各项：', en: 'There is a problem. Please correct the following:' },
} satisfies Record<string, Record<Lang, string>>

/**
 * What console-ui.js says when the browser's own check of a field fails, in the page's language
 * (the browser would say it in its own): `{0}` is the field's label, or the limit.
 */
export const validityText = {
  /** A password typed twice (`data-same-as`) that differs: the server says so too, after the post. */
  mismatch: { 'zh-CN': '两次输入的密码不一致，请重新输入。', en: 'The two passwords differ; type both again.' },
  valueMissing: { 'zh-CN': '请填写此项。', en: 'Please fill in this field.' },
  valueMissingChoice: { 'zh-CN': '请选择一项。', en: 'Please choose one.' },
  patternMismatch: { 'zh-CN': '格式不正确，请按要求填写：{0}', en: 'Not in the format asked for: {0}' },
  typeMismatch: { 'zh-CN': '格式不正确，请检查后重新填写。', en: 'This is not a valid value. Please check it.' },
  tooLong: { 'zh-CN': '内容过长，最多 {0} 个字符。', en: 'Too long: at most {0} characters.' },
  tooShort: { 'zh-CN': '内容过短，至少 {0} 个字符。', en: 'Too short: at least {0} characters.' },
  rangeUnderflow: { 'zh-CN': '不能小于 {0}。', en: 'Must be at least {0}.' },
  rangeOverflow: { 'zh-CN': '不能大于 {0}。', en: 'Must be at most {0}.' },
  stepMismatch: { 'zh-CN': '请输入允许的数值（如整数）。', en: 'Please enter an allowed value (e.g. a whole number).' },
  badInput: { 'zh-CN': '请输入有效的数值或日期。', en: 'Please enter a valid number or date.' },
} satisfies Record<string, Record<Lang, string>>

/** Console text in the request's language. */
export function ct(lang: Lang, key: keyof typeof text): string {
  return text[key][lang]
}

/** Role names as the office says them. */
export const roleNames: Record<Role, Record<Lang, string>> = {
  organiser: { 'zh-CN': '活动办公室', en: 'Organiser' },
  leader: { 'zh-CN': '领导', en: 'Leader' },
  liaison: { 'zh-CN': '单位联络员', en: 'Unit liaison' },
  clerk: { 'zh-CN': '录入员', en: 'Clerk' },
}
