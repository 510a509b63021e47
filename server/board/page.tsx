import { colon, type Lang } from '../i18n'
import type { InlineAssets } from '../pages/inline-assets'
import { Layout } from '../pages/layout'
import { answerNames, classNames, statusNames, tt } from '../tracking/text'
import type { Board } from './store'
import type { RecheckResult } from '../recheck/store'

/** Re-check counts of one round, with the rate only when enough people answered. */
export function RecheckLine(props: { lang: Lang; result: RecheckResult }) {
  const { lang, result } = props
  return (
    <p class="recheck">
      <span class="muted">
        {result.roundName}
        {colon(lang)}
      </span>{' '}
      {result.satisfiedRate !== null ? (
        <strong>
          {tt(lang, 'satisfiedRate')} {result.satisfiedRate.toFixed(2)}%
        </strong>
      ) : (
        <span class="muted">{tt(lang, 'tooFew')}</span>
      )}{' '}
      <span class="small">
        ({(['satisfied', 'basic', 'unsatisfied', 'unknown'] as const).map((a) => `${answerNames[a][lang]} ${result.counts[a]}`).join(' · ')})
      </span>
    </p>
  )
}

/** The public rectification board: a list for phones, no chart, no script. */
export function BoardPage(props: { lang: Lang; board: Board; path: string; inline?: InlineAssets }) {
  const { lang, board } = props
  const done = board.items.filter((i) => i.status === 'done').length
  const overdue = board.items.filter((i) => i.overdue).length
  return (
    <Layout lang={lang} title={`${tt(lang, 'board')} · ${board.campaign.name}`} styles={['/assets/board.css']} inline={props.inline}>
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
              <span class="badge">{classNames[item.class][lang]}</span>
            </p>
            <dl>
              <dt>{tt(lang, 'unit')}</dt>
              <dd>{item.unitName}</dd>
              <dt>{tt(lang, 'owner')}</dt>
              <dd>{item.owner}</dd>
              <dt>{tt(lang, 'deadline')}</dt>
              <dd>{item.deadline}</dd>
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
      </main>
    </Layout>
  )
}
