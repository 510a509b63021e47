import { ClientWords, pageTitle } from '../console/layout'
import { ct } from '../console/text'
import type { Lang } from '../i18n'
import { Layout } from '../pages/layout'

/** What the login form shows again after a refused post. */
export interface LoginState {
  username?: string
  /** A message about the whole form (bad credentials, throttling, expired form). */
  error?: string
  /** Messages by field: `username`, `password`. */
  fields?: Record<string, string>
  notice?: string
}

/**
 * The login page: a plain form that works without JavaScript. `formToken` pairs with the
 * `__Host-pingyi_login` cookie so another site cannot log a browser into someone else's account.
 */
export function LoginPage(props: { lang: Lang; next: string; formToken: string; state?: LoginState }) {
  const { lang, next, formToken, state = {} } = props
  const fields = state.fields ?? {}
  const field = (name: 'username' | 'password', type: string, autocomplete: string) => (
    <label class={fields[name] ? 'field bad' : 'field'}>
      <span>{ct(lang, name)}</span>
      <input
        type={type}
        name={name}
        autocomplete={autocomplete}
        required
        maxlength={name === 'username' ? 64 : 200}
        value={name === 'username' ? (state.username ?? '') : ''}
        aria-invalid={fields[name] ? 'true' : undefined}
        aria-describedby={fields[name] ? `${name}-error` : undefined}
        // the cursor where typing goes next: the name first, the password after a refused try kept the name
        autofocus={name === (state.username ? 'password' : 'username') ? true : undefined}
      />
      {fields[name] ? (
        <small class="alert" id={`${name}-error`}>
          {fields[name]}
        </small>
      ) : null}
    </label>
  )
  return (
    // console-ui.js says the browser's own "fill this in" in the page's language
    <Layout lang={lang} title={pageTitle(lang, ct(lang, 'login'))} styles={['/assets/console.css']} scripts={['/assets/console-ui.js']}>
      <main class="login">
        <nav class="langs" aria-label={ct(lang, 'language')}>
          <a href={`/lang/zh-CN?next=${encodeURIComponent(`/login?next=${encodeURIComponent(next)}`)}`} lang="zh-CN">
            中文
          </a>
          <a href={`/lang/en?next=${encodeURIComponent(`/login?next=${encodeURIComponent(next)}`)}`} lang="en">
            English
          </a>
        </nav>
        <h1>{ct(lang, 'loginTitle')}</h1>
        {state.notice ? <p class="ok">{state.notice}</p> : null}
        {state.error ? (
          <p class="alert" role="alert" id="login-error">
            {state.error}
          </p>
        ) : null}
        <form method="post" action="/login" id="login-form">
          <input type="hidden" name="_login" value={formToken} />
          <input type="hidden" name="next" value={next} />
          {field('username', 'text', 'username')}
          {field('password', 'password', 'current-password')}
          <button type="submit" class="primary">
            {ct(lang, 'login')}
          </button>
        </form>
        <p class="muted small">{ct(lang, 'loginHelp')}</p>
      </main>
      <ClientWords lang={lang} />
    </Layout>
  )
}
