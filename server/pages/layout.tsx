import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Lang } from '../i18n'
import type { InlineAssets } from './inline-assets'

/**
 * The HTML shell of every page. No inline script or style, but for the texts the CSP admits by
 * hash: a page given the host's `inline` assets (the public phone pages, see inline-assets.ts)
 * carries each of its styles and scripts found there inside it — styles in the head, scripts
 * at the end of the body, where a deferred script would run — and links the others.
 */
export function Layout(props: {
  lang: Lang
  title: string
  scripts?: string[]
  styles?: string[]
  inline?: InlineAssets
  /** The page's path and query: a public page then offers the other language (kept in a cookie). */
  switchLang?: string
  children: Child
}) {
  const styles = ['/assets/app.css', ...(props.styles ?? [])]
  const scripts = props.scripts ?? []
  const inlineScripts = scripts.flatMap((src) => props.inline?.scripts[src] ?? [])
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* no favicon request: one round trip less on a slow phone network */}
        <link rel="icon" href="data:," />
        {styles.map((href) => {
          const inline = props.inline?.styles[href]
          return inline ? <style dangerouslySetInnerHTML={{ __html: inline.text }} /> : <link rel="stylesheet" href={href} />
        })}
        {scripts
          .filter((src) => !props.inline?.scripts[src])
          .map((src) => (
            <script src={src} defer />
          ))}
      </head>
      <body>
        {props.children}
        {props.switchLang ? <LangSwitch lang={props.lang} back={props.switchLang} /> : null}
        {inlineScripts.map((script) => (
          <script dangerouslySetInnerHTML={{ __html: script.text }} />
        ))}
      </body>
      </html>
    </>
  )
}

/** Embeds data for a page's script as JSON that cannot close the script element. */
export function JsonData(props: { id: string; data: unknown }) {
  const json = JSON.stringify(props.data).replace(/</g, '\\u003c')
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: json }} />
}

/** A link to the page in the other language, at the foot of public pages. */
function LangSwitch(props: { lang: Lang; back: string }) {
  const other: Lang = props.lang === 'zh-CN' ? 'en' : 'zh-CN'
  return (
    <p class="lang-switch small">
      <a href={`/lang/${other}?next=${encodeURIComponent(props.back)}`} lang={other} hreflang={other}>
        {other === 'en' ? 'English' : '中文'}
      </a>
    </p>
  )
}
