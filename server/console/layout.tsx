import type { Child } from 'hono/jsx'
import type { SessionUser } from '../auth/guard'
import { CSRF_FIELD } from '../auth/csrf'
import type { Lang } from '../i18n'
import { Layout } from '../pages/layout'
import { navFor } from './nav'
import { ct, roleNames } from './text'

/** What every console page knows about its request: take it from `consolePage(c)`. */
export interface ConsoleRequest {
  lang: Lang
  user: SessionUser
  csrfToken: string
  /** The current path and query, for the language switch to come back to. */
  path: string
}

/** A hidden field carrying the session's CSRF token: put one in every console form that posts. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />
}

/**
 * The console's calm desktop shell: a header with the user, the language switch and logout;
 * the role's navigation on the left (above the content on a narrow tablet); the page in `main`.
 * Works without JavaScript; console-ui.js (confirmations, progress) is on every page, and pages
 * add their own scripts with `scripts`.
 * @example c.html(<ConsoleLayout req={consolePage(c)} title="参学单位" active="units"><h1>…</h1></ConsoleLayout>)
 */
export function ConsoleLayout(props: { req: ConsoleRequest; title: string; active?: string; scripts?: string[]; children: Child }) {
  const { lang, user, csrfToken, path } = props.req
  const back = encodeURIComponent(path)
  return (
    <Layout lang={lang} title={`${props.title} · ${ct(lang, 'console')}`} styles={['/assets/console.css']} scripts={[...new Set(['/assets/console-ui.js', ...(props.scripts ?? [])])]}>
      <a class="skip" href="#main">
        {ct(lang, 'skip')}
      </a>
      <header class="console-bar">
        <a class="brand" href="/console">
          评议 Pingyi · {ct(lang, 'console')}
        </a>
        <div class="who">
          <span class="user" data-role={user.role}>
            {user.name} · {roleNames[user.role][lang]}
          </span>
          <nav class="langs" aria-label={ct(lang, 'language')}>
            <a href={`/lang/zh-CN?next=${back}`} aria-current={lang === 'zh-CN' ? 'true' : undefined} lang="zh-CN">
              中文
            </a>
            <a href={`/lang/en?next=${back}`} aria-current={lang === 'en' ? 'true' : undefined} lang="en">
              English
            </a>
          </nav>
          <form method="post" action="/logout" class="logout">
            <CsrfField token={csrfToken} />
            <button type="submit">{ct(lang, 'logout')}</button>
          </form>
        </div>
      </header>
      <div class="console">
        <nav class="side" aria-label={ct(lang, 'sections')}>
          <ul>
            {navFor(user.role).map((item) => (
              <li>
                <a href={item.href} aria-current={item.key === props.active ? 'page' : undefined}>
                  {item.label[lang]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" class="console-main">
          {props.children}
        </main>
      </div>
    </Layout>
  )
}
