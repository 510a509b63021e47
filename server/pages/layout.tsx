import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Lang } from '../i18n'

/**
 * The HTML shell of every page. No inline script or style, but for the texts the CSP admits by
 * hash (the evaluation page's, see inline-assets.ts): `inlineStyle` replaces the link to
 * /assets/app.css, `inlineScript` runs at the end of the body, where a deferred script would.
 */
export function Layout(props: { lang: Lang; title: string; scripts?: string[]; styles?: string[]; inlineStyle?: string; inlineScript?: string; children: Child }) {
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
        {props.inlineStyle === undefined ? <link rel="stylesheet" href="/assets/app.css" /> : <style dangerouslySetInnerHTML={{ __html: props.inlineStyle }} />}
        {(props.styles ?? []).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        {props.children}
        {props.inlineScript === undefined ? null : <script dangerouslySetInnerHTML={{ __html: props.inlineScript }} />}
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
