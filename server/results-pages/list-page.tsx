import type { Lang } from '../i18n'
import { stageNames } from '../rounds/stages'
import type { Stage } from '../db/schema'
import { ResultsLayout } from './layout'
import type { ResultsFrame } from './frame'
import { rt, statusName } from './text'

type ListedRound = { id: string; name: string; stage: Stage; campaignName: string }

/**
 * `/results`: the rounds whose results the signed-in user may read, newest first; then the
 * rounds still in progress, whose results wait for the close, each with its live turnout.
 */
export function ResultsListPage(props: { lang: Lang; path: string; rounds: ListedRound[]; open: (ListedRound & { status: string })[]; frame?: ResultsFrame }) {
  const { lang, rounds, open } = props
  return (
    <ResultsLayout lang={lang} title={rt(lang, 'results')} path={props.path} frame={props.frame}>
      <main class="results">
        <h1>{rt(lang, 'results')}</h1>
        {rounds.length === 0 ? (
          <p class="muted">{rt(lang, 'noRounds')}</p>
        ) : (
          <ul class="round-list">
            {rounds.map((r) => (
              <li data-round={r.id}>
                <a href={`/results/rounds/${r.id}`}>{r.name}</a>{' '}
                <small class="muted">
                  {r.campaignName} · {stageNames[r.stage][lang]}
                </small>{' '}
                · <a href={`/results/rounds/${r.id}/report`}>{rt(lang, 'report')}</a>
              </li>
            ))}
          </ul>
        )}
        {rounds.length > 0 ? (
          <p>
            <a href="/results/compare">{rt(lang, 'compareTitle')}</a>
          </p>
        ) : null}
        {open.length > 0 ? (
          <section id="open-rounds">
            <h2>{rt(lang, 'openRounds')}</h2>
            <p class="muted">{rt(lang, 'openRoundsNote')}</p>
            <ul class="round-list">
              {open.map((r) => (
                <li data-open-round={r.id}>
                  {r.name}{' '}
                  <small class="muted">
                    {r.campaignName} · {stageNames[r.stage][lang]} · {statusName(lang, r.status)}
                  </small>{' '}
                  · <a href={`/results/rounds/${r.id}/turnout`}>{rt(lang, 'turnout')}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </main>
    </ResultsLayout>
  )
}
