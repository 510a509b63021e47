import * as v from 'valibot'
import { says } from '../validate'

/** A login name: lower-case letters, digits and `_.@-`, as the app_user table allows. */
export const Username = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9_.@-]{1,63}$/, 'use 2–64 letters, digits or _.@-'),
)

/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const NewPassword = v.pipe(v.string(), v.minLength(10, 'at least 10 characters'), v.maxLength(200))

/** `POST /api/auth/login` and the login form. The password is not trimmed: spaces count. */
export const LoginBody = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(64)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
})
export type LoginBody = v.InferOutput<typeof LoginBody>

export const Role = v.picklist(['organiser', 'leader', 'liaison', 'clerk'])

/** `POST /api/auth/password`: the user changes their own password. */
export const PasswordChangeBody = v.strictObject({
  currentPassword: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  newPassword: NewPassword,
})

/**
 * The same new password typed a second time, on the console's forms (never the JSON API: a
 * program sends what it was given). One typo in a password nobody can see would lock its owner
 * out until the office resets it.
 */
export const ConfirmPassword = v.pipe(v.string(), v.maxLength(200))

/** True when a form's two password fields agree (both empty counts: nothing is being set). */
export const typedTwice = (password: string | undefined, confirm: string | undefined): boolean => (password ?? '') === (confirm ?? '')

/** What the confirmation field says when it differs from the password above it. */
export const NOT_TYPED_TWICE = says('两次输入的密码不一致，请重新输入', 'the two passwords differ; type both again')

/** The console's change-password form: `PasswordChangeBody` and the new password again. */
export const PasswordChangeForm = v.pipe(
  v.strictObject({ ...PasswordChangeBody.entries, confirmPassword: ConfirmPassword }),
  v.forward(
    v.check((body) => typedTwice(body.newPassword, body.confirmPassword), NOT_TYPED_TWICE),
    ['confirmPassword'],
  ),
)
