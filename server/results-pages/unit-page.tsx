import type { Lang } from '../i18n'
import { JsonData } from '../pages/layout'
import type { Change, Point } from '../results/compare'
import type { unitAcrossRounds } from './load'
import { Formula, ResultsLayout } from './layout'
import type { ResultsFrame } from './frame'
import { stageNames } from '../rounds/stages'
import { percent, percentInterval, percentPoints, rt } from './text'

type UnitData = Awaited<ReturnType<typeof unitAcrossRounds>>

/** A 满意率 with its interval, and the change into it when the intervals say it is real. */
export function PointCell(props: { point: Point | null; change?: Change; lang: Lang }) {
  const { point, change, lang } = props
  if (!point) return <td class="num muted">—</td>
  if (point.sat === null && point.n > 0) return <td class="num suppressed">{rt(lang, 'suppressed')}</td>
  const mark = change?.real ? (change.delta > 0 ? 'up' : 'down') : null
  return (
    <td class="num" data-change={mark ?? ''}>
      {percent(point.sat)}
      {mark ? (
        <span class={`mark ${mark}`} title={rt(lang, mark === 'up' ? 'realUp' : 'realDown')}>
          {' '}
          {mark === 'up' ? '▲' : '▼'}
          {percentPoints(lang, change!.delta)}
        </span>
      ) : null}
      {point.ci ? <small class="ci">{percentInterval(lang, point.ci[0], point.ci[1])}</small> : null}
    </td>
  )
}

/** One unit's dimensions across its rounds (分析检查 → 整改落实 → 回头看): trend charts with interval bands and the table. */
export function UnitPage(props: { data: UnitData; lang: Lang; path: string; frame?: ResultsFrame }) {
  const { data, lang } = props
  const { unit, rounds, series } = data
  const last = rounds[rounds.length - 1]
  return (
    <ResultsLayout lang={lang} title={`${unit.name} · ${rt(lang, 'unitTrend')}`} path={props.path} frame={props.frame} script="/assets/results-unit.js">
      <main class="results wide" data-unit={unit.id}>
        <h1>
          {unit.name} · {rt(lang, 'unitTrend')}
        </h1>
        {!series || rounds.length === 0 ? (
          <p class="notice">{rt(lang, 'noRounds')}</p>
        ) : (
          <>
            {rounds.length === 1 ? (
              // One round is no trend: its 满意率 by dimension as bars, until a second round comes.
              <>
                <p class="muted">{rt(lang, 'oneRound')}</p>
                <figure class="chart chart-unit-round">
                  <canvas id="unit-round" role="img" aria-label={`${unit.name} · ${rounds[0]!.round.name}`} />
                </figure>
              </>
            ) : (
              <div class="trend-grid">
                {[{ label: rt(lang, 'pooled'), points: series.points, changes: series.changes }, ...series.byDimension].map((s, i) => (
                  <figure class="chart chart-trend">
                    <canvas id={`trend-${i}`} role="img" aria-label={`${s.label} ${rt(lang, 'unitTrend')}`} />
                  </figure>
                ))}
              </div>
            )}
            <div class="table-wrap">
              <table class="trend-table">
                <thead>
                  <tr>
                    <th>{rt(lang, 'dimension')}</th>
                    {rounds.map((r) => (
                      <th class="num">
                        {r.round.name}
                        <br />
                        <small class="muted">{stageNames[r.round.stage]?.[lang] ?? r.round.stage}</small>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[{ label: rt(lang, 'pooled'), points: series.points, changes: series.changes }, ...series.byDimension].map((s) => (
                    <tr>
                      <th>{s.label}</th>
                      {s.points.map((p, i) => (
                        <PointCell point={p} change={s.changes.find((ch) => ch.to === i)} lang={lang} />
                      ))}
                    </tr>
                  ))}
                  <tr>
                    <th>{rt(lang, 'rank')}</th>
                    {series.points.map((p) => (
                      <td class="num">{p?.rank ?? '—'}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
            {rounds.length > 1 ? <p class="formula">{rt(lang, 'changeNote')}</p> : null}
            {last ? <Formula lang={lang} text={last.formula.text} /> : null}
            <JsonData
              id="unit-data"
              data={{ rounds: rounds.map((r) => `${r.round.name}`), series: [{ label: rt(lang, 'pooled'), points: series.points }, ...series.byDimension.map((d) => ({ label: d.label, points: d.points }))] }}
            />
          </>
        )}
      </main>
    </ResultsLayout>
  )
}
