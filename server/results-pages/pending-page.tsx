import { colon, type Lang } from '../i18n'
import { ResultsLayout } from './layout'
import type { ResultsFrame } from './frame'
import { rt, statusName } from './text'

/**
 * A round's results page while the round is not closed: no number (partial results would sway
 * the ballots still to come), when they will show, and the way to its live turnout.
 */
export function PendingPage(props: { round: { id: string; name: string; status: string }; lang: Lang; path: string; frame?: ResultsFrame }) {
  const { round, lang } = props
  return (
    <ResultsLayout lang={lang} title={`${round.name} · ${rt(lang, 'results')}`} path={props.path} frame={props.frame}>
      <main class="results" data-round={round.id}>
        <h1>
          {round.name} · {rt(lang, 'results')}
        </h1>
        <p class="notice" id="pending">
          {rt(lang, round.status === 'draft' ? 'pendingDraft' : 'pendingOpen')}
          <br />
          {rt(lang, 'status')}
          {colon(lang)}
          {statusName(lang, round.status)} · <a href={`/results/rounds/${round.id}/turnout`}>{rt(lang, 'turnout')}</a>
        </p>
        <p>
          <a href="/results">{rt(lang, 'results')}</a>
        </p>
      </main>
    </ResultsLayout>
  )
}
