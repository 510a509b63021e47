import * as v from 'valibot'

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
