import type { Lang } from '../i18n'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from './layout'

const text = {
  title: { 'zh-CN': '修改密码', en: 'Change password' },
  currentPassword: { 'zh-CN': '当前密码', en: 'Current password' },
  newPassword: { 'zh-CN': '新密码（至少 10 个字符）', en: 'New password (at least 10 characters)' },
  wrongCurrent: { 'zh-CN': '当前密码不正确。', en: 'The current password is wrong.' },
  save: { 'zh-CN': '保存新密码', en: 'Save the new password' },
  done: { 'zh-CN': '密码已修改。您在其他设备上的登录已退出。', en: 'Password changed. Your other sessions have been logged out.' },
} satisfies Record<string, Record<Lang, string>>

/** What the form shows after a post: a notice, a form-wide error, or errors by field. */
export interface PasswordState {
  done?: boolean
  error?: string
  fields?: Record<string, string>
  wrongCurrent?: boolean
}

/** `/console/password`: change one's own password; works without JavaScript. */
export function PasswordPage(props: { req: ConsoleRequest; state?: PasswordState }) {
  const { req, state = {} } = props
  const lang = req.lang
  const fields: Record<string, string> = { ...(state.wrongCurrent ? { currentPassword: text.wrongCurrent[lang] } : {}), ...state.fields }
  const field = (name: 'currentPassword' | 'newPassword', autocomplete: string) => (
    <label class={fields[name] ? 'field bad' : 'field'}>
      <span>{text[name][lang]}</span>
      <input type="password" name={name} autocomplete={autocomplete} required maxlength={200} aria-invalid={fields[name] ? 'true' : undefined} aria-describedby={fields[name] ? `${name}-error` : undefined} />
      {fields[name] ? (
        <small class="alert" id={`${name}-error`}>
          {fields[name]}
        </small>
      ) : null}
    </label>
  )
  return (
    <ConsoleLayout req={req} title={text.title[lang]} active="password">
      <h1>{text.title[lang]}</h1>
      {state.done ? <p class="ok">{text.done[lang]}</p> : null}
      {state.error ? (
        <p class="alert" role="alert">
          {state.error}
        </p>
      ) : null}
      <form method="post" action="/console/password" class="narrow">
        <CsrfField token={req.csrfToken} />
        {field('currentPassword', 'current-password')}
        {field('newPassword', 'new-password')}
        <button type="submit" class="primary">
          {text.save[lang]}
        </button>
      </form>
    </ConsoleLayout>
  )
}
