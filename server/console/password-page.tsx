import type { Lang } from '../i18n'
import { Field, FormError, type FormState, invalid } from './form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from './layout'

export const passwordText = {
  title: { 'zh-CN': '修改密码', en: 'Change password' },
  currentPassword: { 'zh-CN': '当前密码', en: 'Current password' },
  newPassword: { 'zh-CN': '新密码（至少 10 个字符）', en: 'New password (at least 10 characters)' },
  confirmPassword: { 'zh-CN': '再次输入新密码', en: 'New password again' },
  wrongCurrent: { 'zh-CN': '当前密码不正确。', en: 'The current password is wrong.' },
  save: { 'zh-CN': '保存新密码', en: 'Save the new password' },
  done: { 'zh-CN': '密码已修改。您在其他设备上的登录已退出。', en: 'Password changed. Your other sessions have been logged out.' },
} satisfies Record<string, Record<Lang, string>>

/**
 * `/console/password`: change one's own password, typing the new one twice; works without
 * JavaScript (with it, console-ui.js stops two different ones before the post: data-same-as).
 * A refused post shows the error summary and each error at its field; the password fields are
 * never sent back. `done` shows the notice after the redirect a change ends with.
 */
export function PasswordPage(props: { req: ConsoleRequest; state?: FormState; done?: boolean }) {
  const { req, state } = props
  const lang = req.lang
  const field = (name: 'currentPassword' | 'newPassword' | 'confirmPassword', autocomplete: string) => (
    <Field state={state} name={name} label={passwordText[name][lang]}>
      <input type="password" name={name} autocomplete={autocomplete} required maxlength={200} data-same-as={name === 'confirmPassword' ? 'newPassword' : undefined} {...invalid(state, name)} />
    </Field>
  )
  return (
    <ConsoleLayout req={req} title={passwordText.title[lang]} active="password">
      <h1>{passwordText.title[lang]}</h1>
      {props.done ? <p class="ok">{passwordText.done[lang]}</p> : null}
      <form method="post" action="/console/password" class="narrow" id="password-form">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={{ currentPassword: passwordText.currentPassword[lang], newPassword: passwordText.newPassword[lang], confirmPassword: passwordText.confirmPassword[lang] }} />
        {field('currentPassword', 'current-password')}
        {field('newPassword', 'new-password')}
        {field('confirmPassword', 'new-password')}
        <button type="submit" class="primary">
          {passwordText.save[lang]}
        </button>
      </form>
    </ConsoleLayout>
  )
}
