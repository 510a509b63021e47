import { colon, type Lang } from '../i18n'
import type { InlineAssets } from '../pages/inline-assets'
import { pageTitle } from '../console/layout'
import { Layout } from '../pages/layout'
import { rx } from '../rectification/text'
import { percentInterval } from '../results-pages/text'
import { answerNames, classNames, statusNames, tt } from '../tracking/text'
import type { Board } from './store'
import type { RecheckResult } from '../recheck/store'

const text = {
  answered: { 'zh-CN': '{n} 人评价', en: '{n} answers' },
  answeredOne: { 'zh-CN': '1 人评价', en: '1 answer' },
  interval: { 'zh-CN': '95%置信区间', en: '95% interval' },
} satisfies Record<string, Record<Lang, string>>

/** Percent with 2 decimals (as the recheck figures are kept) in hundredths, as the results pages' formatters take them. */
const hundredths = (value: number) => Math.round(value * 100)

/**
 * Re-check figures of one round: 满意率 with its 95% interval written as on the results pages
 * (`75.00%（30.06%–95.44%）`), how many answered, and the counts; below the minimum group size
 * only 评价人数不足 (too few), for the office as for the public.
 */
export function RecheckLine(props: { lang: Lang; result: RecheckResult }) {
  const { lang, result } = props
  return (
    <p class="recheck">
      <span class="muted">
        {result.roundName}
        {colon(lang)}
      </span>{' '}
      {result.hidden ? (
        <span class="muted">{tt(lang, 'tooFew')}</span>
      ) : (
        <>
          <strong>
            {tt(lang, 'satisfiedRate')} {result.satisfiedRate.toFixed(2)}%
          </strong>
          <small class="ci" title={text.interval[lang]}>
            {percentInterval(lang, hundredths(result.interval[0]), hundredths(result.interval[1]))}
          </small>
          <span class="muted">{` · ${answered(lang, result.n)}`}</span>
          <span class="small muted counts"> {(['satisfied', 'basic', 'unsatisfied', 'unknown'] as const).map((a) => `${answerNames[a][lang]} ${result.counts[a]}`).join(' · ')}</span>
        </>
      )}
    </p>
  )
}

/** How many answered an item's recheck: 4 人评价, 4 answers (1 answer). */
export const answered = (lang: Lang, n: number): string => (n === 1 ? text.answeredOne : text.answered)[lang].replace('{n}', String(n))

/** The public rectification board: a list for phones, no chart, no script. */
export function BoardPage(props: { lang: Lang; board: Board; path: string; inline?: InlineAssets }) {
  const { lang, board } = props
  const done = board.items.filter((i) => i.status === 'done').length
  const overdue = board.items.filter((i) => i.overdue).length
  const intervals = board.items.some((i) => i.recheck.some((r) => !r.hidden))
  return (
    <Layout lang={lang} title={pageTitle(lang, `${tt(lang, 'board')} · ${board.campaign.name}`)} styles={['/assets/board.css']} inline={props.inline}>
      <main class="board">
        <nav class="langs small">
          <a href={`/lang/zh-CN?next=${encodeURIComponent(props.path)}`} lang="zh-CN">
            中文
          </a>{' '}
          <a href={`/lang/en?next=${encodeURIComponent(props.path)}`} lang="en">
            English
          </a>
        </nav>
        <h1>{tt(lang, 'board')}</h1>
        <p class="campaign">{board.campaign.name}</p>
        <p class="muted small">{tt(lang, 'boardIntro')}</p>
        <ul class="totals">
          <li>
            <b>{board.items.length}</b> {tt(lang, 'items')}
          </li>
          <li>
            <b>{done}</b> {tt(lang, 'done')}
          </li>
          <li class={overdue > 0 ? 'late' : undefined}>
            <b>{overdue}</b> {tt(lang, 'overdue')}
          </li>
        </ul>
        <p class="muted small">
          {tt(lang, 'today')} {board.today}
        </p>
        {board.items.length === 0 ? <p class="notice">{tt(lang, 'noItems')}</p> : null}
        {board.items.map((item) => (
          <article class="item" id={`item-${item.id}`} data-status={item.status}>
            <h2>{item.title}</h2>
            <p class="badges">
              <span class={`badge s-${item.status}`}>{statusNames[item.status][lang]}</span>
              {item.overdue ? <span class="badge late">{tt(lang, 'overdueDays', item.daysOverdue)}</span> : null}
              {item.doneLate ? <span class="badge late">{rx(lang, 'doneLate', item.daysLate)}</span> : null}
              <span class="badge">{classNames[item.class][lang]}</span>
            </p>
            <dl>
              <dt>{tt(lang, 'unit')}</dt>
              <dd>{item.unitName}</dd>
              <dt>{tt(lang, 'owner')}</dt>
              <dd>{item.owner}</dd>
              <dt>{tt(lang, 'deadline')}</dt>
              <dd>{item.deadline}</dd>
              {item.doneOn ? (
                <>
                  <dt>{rx(lang, 'doneOn')}</dt>
                  <dd>{item.doneOn}</dd>
                </>
              ) : null}
              {item.target ? (
                <>
                  <dt>{tt(lang, 'target')}</dt>
                  <dd>{item.target}</dd>
                </>
              ) : null}
              {item.measures ? (
                <>
                  <dt>{tt(lang, 'measures')}</dt>
                  <dd>{item.measures}</dd>
                </>
              ) : null}
              {item.commitment ? (
                <>
                  <dt>{tt(lang, 'commitment')}</dt>
                  <dd>{item.commitment}</dd>
                </>
              ) : null}
            </dl>
            <h3>{tt(lang, 'progress')}</h3>
            {item.progress.length === 0 ? (
              <p class="muted small">{tt(lang, 'noProgress')}</p>
            ) : (
              <ol class="progress">
                {item.progress.map((u) => (
                  <li>
                    <time>{u.onDate}</time> {u.body}
                  </li>
                ))}
              </ol>
            )}
            {item.recheck.length > 0 ? (
              <section class="rechecks">
                <h3>{tt(lang, 'recheck')}</h3>
                {item.recheck.map((r) => (
                  <RecheckLine lang={lang} result={r} />
                ))}
              </section>
            ) : null}
          </article>
        ))}
        {intervals ? <p class="muted small">{rx(lang, 'intervalNote')}</p> : null}
      </main>
    </Layout>
  )
}
