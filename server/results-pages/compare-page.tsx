import type { Lang } from '../i18n'
import { JsonData } from '../pages/layout'
import type { compareChoices, compareData } from './load'
import { Formula, ResultsLayout } from './layout'
import type { ResultsFrame } from './frame'
import { stageNames } from '../rounds/stages'
import { rt } from './text'
import { PointCell } from './unit-page'

type Choices = Awaited<ReturnType<typeof compareChoices>>
type Compared = Awaited<ReturnType<typeof compareData>>

/**
 * The leaders' comparison: a plain GET form (rounds; units or a subtree) and, once chosen, each
 * unit's overall 满意率 per round with ▲▼ only where the API marks a change as real. Narrow
 * enough for a phone held in a meeting: one table, the unit names fixed at the left.
 */
export function ComparePage(props: { choices: Choices; chosen: { rounds: string[]; units: string[]; subtree: string | null }; result: Compared | null; lang: Lang; path: string; frame?: ResultsFrame }) {
  const { choices, chosen, result, lang } = props
  return (
    <ResultsLayout lang={lang} title={rt(lang, 'compareTitle')} path={props.path} frame={props.frame} script="/assets/results-compare.js">
      <main class="results wide compare">
        <h1>{rt(lang, 'compareTitle')}</h1>
        <form method="get" action="/results/compare" class="compare-form no-print">
          <fieldset>
            <legend>{rt(lang, 'rounds')}</legend>
            {choices.rounds.map((r) => (
              <label class="pick">
                <input type="checkbox" name="rounds" value={r.id} checked={chosen.rounds.includes(r.id)} /> {r.name} <small class="muted">{stageNames[r.stage]?.[lang] ?? r.stage}</small>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{rt(lang, 'units')}</legend>
            <div class="unit-picks">
              {choices.units.map((u) => (
                <label class="pick">
                  <input type="checkbox" name="units" value={u.id} checked={chosen.units.includes(u.id)} /> {u.name}
                </label>
              ))}
            </div>
            <label class="field">
              <span>{rt(lang, 'subtree')}</span>
              <select name="subtree">
                <option value="">{rt(lang, 'none')}</option>
                {choices.units.map((u) => (
                  <option value={u.id} selected={chosen.subtree === u.id}>
                    {'　'.repeat(u.depth)}
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          <button type="submit" class="primary">
            {rt(lang, 'show')}
          </button>
        </form>
        {!result ? (
          <p class="muted">{rt(lang, 'pickHint')}</p>
        ) : (
          <>
            <div class="chart chart-compare">
              <canvas id="chart-compare" role="img" aria-label={rt(lang, 'compareTitle')} />
            </div>
            <div class="table-wrap">
              <table class="compare-table">
                <thead>
                  <tr>
                    <th class="sticky">{rt(lang, 'unit')}</th>
                    {result.rounds.map((r) => (
                      <th class="num">
                        {r.name}
                        <br />
                        <small class="muted">{stageNames[r.stage]?.[lang] ?? r.stage}</small>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.units.map((u) => (
                    <tr data-unit={u.id}>
                      <th class="sticky">
                        <a href={`/results/units/${u.id}`}>{u.name}</a>
                      </th>
                      {u.points.map((p, i) => (
                        <PointCell point={p} change={u.changes.find((ch) => ch.to === i)} lang={lang} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="formula">{rt(lang, 'changeNote')}</p>
            {result.rounds.length > 0 ? <Formula lang={lang} text={result.rounds[result.rounds.length - 1]!.formula.text} /> : null}
            <JsonData id="compare-data" data={{ rounds: result.rounds.map((r) => r.name), units: result.units.slice(0, 12).map((u) => ({ label: u.name, points: u.points })) }} />
          </>
        )}
      </main>
    </ResultsLayout>
  )
}
