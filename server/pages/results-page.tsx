import { colon, type Lang } from '../i18n'
import type { RoundResults } from '../results/round-results'
import { pageTitle } from '../console/layout'
import { JsonData, Layout } from './layout'
import { t } from './text'

/** Round results: a stacked bar chart per unit (one bar per dimension) above its table. */
export function ResultsPage(props: { results: RoundResults; lang: Lang }) {
  const { results, lang } = props
  const counted = results.levels.filter((l) => !l.abstain)
  const pending = results.units.some((u) => u.ballots.pending > 0)
  return (
    <Layout lang={lang} title={pageTitle(lang, `${results.round.name} · ${t(lang, 'results')}`)} scripts={['/assets/results.js']}>
      <main class="wide">
        <h1>
          {results.round.name} · {t(lang, 'results')}
        </h1>
        {pending ? <p class="muted pending-note">{t(lang, 'pendingNote')}</p> : null}
        {results.units.map((unit) => (
          <section class="unit" data-unit={unit.unitId}>
            <h2>
              {unit.name}{' '}
              <small class="muted">
                {t(lang, 'ballots')} {unit.ballots.valid} · {t(lang, 'invalid')} {unit.ballots.invalid}
                {unit.ballots.pending > 0 ? ` · ${t(lang, 'pending')} ${unit.ballots.pending}` : ''}
              </small>
            </h2>
            <div class="chart">
              <canvas data-unit={unit.unitId} role="img" aria-label={`${unit.name} ${t(lang, 'results')}`} />
            </div>
            <table>
              <thead>
                <tr>
                  <th>{t(lang, 'dimension')}</th>
                  {counted.map((l) => (
                    <th>{l.label}</th>
                  ))}
                  <th>{t(lang, 'satisfaction')}</th>
                </tr>
              </thead>
              <tbody>
                {unit.dimensions.map((d) => (
                  <tr>
                    <th>{d.label}</th>
                    {d.levels
                      .filter((l) => counted.some((c) => c.id === l.levelId))
                      .map((l) => (
                        <td>
                          {l.count} <span class="muted">{l.display === null ? '—' : `${l.display}%`}</span>
                        </td>
                      ))}
                    <td>{d.satisfaction ? `${d.satisfaction.display}%` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <p class="formula">
          {t(lang, 'formula')}
          {colon(lang)}
          {results.formula}
        </p>
        <JsonData id="results-data" data={results} />
      </main>
    </Layout>
  )
}
