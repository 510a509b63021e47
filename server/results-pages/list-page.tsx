import type { Lang } from '../i18n'
import { stageNames } from '../rounds/stages'
import type { Stage } from '../db/schema'
import { ResultsLayout } from './layout'
import { rt } from './text'

/** `/results`: the rounds whose results the signed-in user may read, newest first. */
export function ResultsListPage(props: { lang: Lang; path: string; rounds: { id: string; name: string; stage: Stage; campaignName: string }[] }) {
  const { lang, rounds } = props
  return (
    <ResultsLayout lang={lang} title={rt(lang, 'results')} path={props.path}>
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
      </main>
    </ResultsLayout>
  )
}
