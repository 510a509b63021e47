import type { Child } from 'hono/jsx'
import type { Lang } from '../i18n'
import { Layout } from '../pages/layout'
import { rt } from './text'

/**
 * The shell of the results pages: a slim header with the language switch (hidden in print),
 * the results stylesheet, and the page's own chart script (chart.js is bundled into it, so it
 * is loaded on these pages only).
 */
export function ResultsLayout(props: { lang: Lang; title: string; path: string; script?: string; bodyClass?: string; children: Child }) {
  const back = encodeURIComponent(props.path)
  return (
    <Layout lang={props.lang} title={props.title} styles={['/assets/results-pages.css']} scripts={props.script ? [props.script] : []}>
      <div class={`results-shell ${props.bodyClass ?? ''}`}>
        <header class="results-bar no-print">
          <a class="brand" href="/console">
            评议 Pingyi
          </a>
          <nav class="langs" aria-label={rt(props.lang, 'language')}>
            <a href={`/lang/zh-CN?next=${back}`} aria-current={props.lang === 'zh-CN' ? 'true' : undefined} lang="zh-CN">
              中文
            </a>{' '}
            <a href={`/lang/en?next=${back}`} aria-current={props.lang === 'en' ? 'true' : undefined} lang="en">
              English
            </a>
          </nav>
        </header>
        {props.children}
      </div>
    </Layout>
  )
}

/**
 * The round's formula, from its locked settings: once per page, at the end, folded under
 * 计算方法. Printed open: the report renders it `open`, and the charts' print hook
 * (resizeForPrint) opens it on the other pages.
 */
export function Formula(props: { lang: Lang; text: Record<Lang, string>; open?: boolean }) {
  return (
    <details class="formula" id="formula" open={props.open}>
      <summary>{rt(props.lang, 'formula')}</summary>
      <p>{props.text[props.lang]}</p>
    </details>
  )
}

/** A suppressed cell: the word, never a number. */
export function Suppressed(props: { lang: Lang }) {
  return (
    <td class="suppressed" data-suppressed="1">
      {rt(props.lang, 'suppressed')}
    </td>
  )
}
