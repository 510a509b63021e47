import type { Role } from '../auth/guard'
import type { Lang } from '../i18n'

const text = {
  console: { 'zh-CN': '评议管理后台', en: 'Pingyi console' },
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
  skip: { 'zh-CN': '跳到正文', en: 'Skip to content' },
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
