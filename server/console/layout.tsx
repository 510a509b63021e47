import type { Child } from 'hono/jsx'
import type { SessionUser } from '../auth/guard'
import { CSRF_FIELD } from '../auth/csrf'
import { inLanguage, type Lang } from '../i18n'
import { JsonData, Layout } from '../pages/layout'
import { navFor } from './nav'
import { ct, roleNames, validityText } from './text'

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
 * A page's `<title>`: the page and what it belongs to (its campaign), then the product's name,
 * once. @example pageTitle('zh-CN', '评议轮次 · 整改落实测评活动') // '评议轮次 · 整改落实测评活动 · 评议'
 */
export function pageTitle(lang: Lang, title: string): string {
  return `${title} · ${ct(lang, 'brand')}`
}

/**
 * The console's header: the product, the user, the language switch and logout. Shared by the
 * console's pages and, for signed-in organisers, leaders and liaisons, the results pages.
 */
export function ConsoleBar(props: { req: ConsoleRequest; class?: string }) {
  const { lang, user, csrfToken, path } = props.req
  const back = encodeURIComponent(path)
  return (
    <header class={props.class ? `console-bar ${props.class}` : 'console-bar'}>
      <a class="brand" href="/console">
        {ct(lang, 'brand')} · {ct(lang, 'console')}
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
  )
}

/** The role's sections, one link each; `active` marks the current one. */
export function ConsoleNav(props: { req: ConsoleRequest; active?: string; class: string }) {
  const { lang, user } = props.req
  return (
    <nav class={props.class} aria-label={ct(lang, 'sections')}>
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
  )
}

/**
 * The console's calm desktop shell: a header with the user, the language switch and logout;
 * the role's navigation on the left (above the content on a narrow tablet); the page in `main`.
 * Works without JavaScript; console-ui.js (confirmations, progress, error summaries, form checks
 * in the page's language) is on every page, and pages add their own scripts with `scripts`.
 * `title` is the page's name (and its campaign's): the product's name is added once.
 * @example c.html(<ConsoleLayout req={consolePage(c)} title="参学单位" active="units"><h1>…</h1></ConsoleLayout>)
 */
export function ConsoleLayout(props: { req: ConsoleRequest; title: string; active?: string; scripts?: string[]; children: Child }) {
  const { lang } = props.req
  return (
    <Layout lang={lang} title={pageTitle(lang, props.title)} styles={['/assets/console.css']} scripts={[...new Set(['/assets/console-ui.js', ...(props.scripts ?? [])])]}>
      <a class="skip" href="#main">
        {ct(lang, 'skip')}
      </a>
      <ConsoleBar req={props.req} />
      <div class="console">
        <ConsoleNav req={props.req} active={props.active} class="side" />
        <main id="main" class="console-main">
          {props.children}
        </main>
      </div>
      <ClientWords lang={lang} />
    </Layout>
  )
}

/** The words console-ui.js needs, in the page's language (see `validityText`). */
export function ClientWords(props: { lang: Lang }) {
  return <JsonData id="console-words" data={inLanguage(validityText, props.lang)} />
}
