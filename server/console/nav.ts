import type { Role } from '../auth/guard'
import type { Lang } from '../i18n'

/** One entry of the console's navigation. */
export interface NavItem {
  /** Stable key; pages pass it as `active` to highlight their entry. */
  key: string
  href: string
  label: Record<Lang, string>
  /** Who sees the entry (the route still checks: hiding a link is not a permission). */
  roles: readonly Role[]
}

/**
 * The console's navigation, in display order. A feature adds its pages with one entry here,
 * e.g. `{ key: 'units', href: '/console/units', label: { 'zh-CN': '参学单位', en: 'Units' }, roles: ['organiser'] }`.
 */
export const consoleNav: NavItem[] = [
  { key: 'overview', href: '/console', label: { 'zh-CN': '概览', en: 'Overview' }, roles: ['organiser', 'leader', 'liaison', 'clerk'] },
  { key: 'campaigns', href: '/console/campaigns', label: { 'zh-CN': '活动设置', en: 'Campaigns' }, roles: ['organiser'] },
  { key: 'users', href: '/console/users', label: { 'zh-CN': '账号管理', en: 'Accounts' }, roles: ['organiser'] },
  { key: 'results', href: '/results', label: { 'zh-CN': '评议结果', en: 'Results' }, roles: ['organiser', 'leader', 'liaison'] },
  { key: 'paper', href: '/console/paper', label: { 'zh-CN': '纸质票录入', en: 'Paper ballots' }, roles: ['organiser', 'clerk'] },
  { key: 'opinions', href: '/console/tracking/opinions', label: { 'zh-CN': '征求意见', en: 'Opinions' }, roles: ['organiser', 'leader', 'liaison'] },
  { key: 'tracking', href: '/console/tracking/items', label: { 'zh-CN': '整改落实', en: 'Rectification' }, roles: ['organiser', 'leader', 'liaison'] },
  { key: 'audit', href: '/console/audit', label: { 'zh-CN': '操作日志', en: 'Audit log' }, roles: ['organiser'] },
  { key: 'password', href: '/console/password', label: { 'zh-CN': '修改密码', en: 'Change password' }, roles: ['organiser', 'leader', 'liaison', 'clerk'] },
]

/** The entries a role sees. */
export function navFor(role: Role, items: readonly NavItem[] = consoleNav): NavItem[] {
  return items.filter((item) => item.roles.includes(role))
}
