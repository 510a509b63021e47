import type { Child } from 'hono/jsx'
import { ConsoleBar, ConsoleNav, pageTitle } from '../console/layout'
import { sw } from '../console/setup-text'
import type { Lang } from '../i18n'
import { Layout } from '../pages/layout'
import type { ResultsFrame } from './frame'
import { rt } from './text'

/**
 * The console's header and the sections the user's role has, above a results page opened from
 * the console; for an organiser also a way back to the campaign (and round). None of it is printed.
 */
function ConsoleFrame(props: { frame: ResultsFrame }) {
  const { frame } = props
  const lang = frame.lang
  const campaign = frame.campaign && `/console/campaigns/${frame.campaign.id}`
  return (
    <>
      <ConsoleBar req={frame} class="no-print" />
      <ConsoleNav req={frame} active="results" class="console-sections no-print" />
      {frame.campaign ? (
        <p class="console-crumbs no-print" id="console-crumbs">
          <a href="/console/campaigns">{sw(lang, 'campaigns')}</a> › <a href={campaign}>{frame.campaign.name}</a>
          {frame.round ? (
            <>
              {' › '}
              <a href={`${campaign}/rounds/${frame.round.id}`}>{frame.round.name}</a>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  )
}

/** The slim header of a reader without a console (the public): the product and the language switch. */
function ResultsBar(props: { lang: Lang; path: string }) {
  const back = encodeURIComponent(props.path)
  return (
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
  )
}

/**
 * The shell of the results pages: a slim header with the language switch (hidden in print) —
 * for a signed-in organiser, leader or liaison, the console's own header and sections instead
 * (`frame`) — the results
 * stylesheet, and the page's own chart script (chart.js is bundled into it, so it is loaded on
 * these pages only). `title` is the page's name: the product's name is added once.
 */
export function ResultsLayout(props: { lang: Lang; title: string; path: string; frame?: ResultsFrame; script?: string; bodyClass?: string; children: Child }) {
  return (
    <Layout lang={props.lang} title={pageTitle(props.lang, props.title)} styles={['/assets/results-pages.css']} scripts={props.script ? [props.script] : []}>
      <div class={`results-shell ${props.bodyClass ?? ''}`}>
        {props.frame ? <ConsoleFrame frame={props.frame} /> : <ResultsBar lang={props.lang} path={props.path} />}
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
