import { shanghaiSeconds } from '../console/times'
import { bracketed, type Lang } from '../i18n'
import { JsonData } from '../pages/layout'
import type { Turnout } from '../results/turnout'
import { ResultsLayout } from './layout'
import type { ResultsFrame } from './frame'
import { percent, rt, statusName } from './text'

/**
 * The meeting-hall screen (大屏): ballots in per unit and category and 回收率, in large type,
 * refreshed by web/results-turnout.ts from the turnout API every few seconds. Counts only: no
 * result of any kind is on this page, before or after the close, and the invalid ballots only
 * after it. `at` is the server's time of the counts, shown (as every time in the app) in
 * Beijing time.
 */
export function TurnoutPage(props: { turnout: Turnout; at: Date; lang: Lang; path: string; frame?: ResultsFrame }) {
  const { turnout, lang } = props
  return (
    <ResultsLayout lang={lang} title={`${turnout.round.name} · ${rt(lang, 'turnout')}`} path={props.path} frame={props.frame} script="/assets/results-turnout.js" bodyClass="hall">
      <main class="results turnout" data-round={turnout.round.id}>
        <h1>
          {turnout.round.name} · {rt(lang, 'turnout')}
        </h1>
        <p class="big-figures">
          <span>
            {rt(lang, 'received')} <strong id="total-received">{turnout.total.received}</strong>
          </span>
          {/* Valid and invalid are split only once the round has closed (see roundTurnout); the script shows it when it comes. */}
          <span id="invalid-figure" hidden={turnout.total.invalid === null}>
            {rt(lang, 'invalid')} <strong id="total-invalid">{turnout.total.invalid ?? ''}</strong>
          </span>
          <span>
            {rt(lang, 'handedOut')} <strong id="total-handed-out">{turnout.total.handedOut}</strong>
          </span>
          <span>
            {rt(lang, 'returnRate')} <strong id="total-rate">{percent(turnout.total.returnRate)}</strong>
          </span>
          <span>
            {rt(lang, 'status')} <strong id="round-status">{statusName(lang, turnout.round.status)}</strong>
          </span>
        </p>
        <div class="chart chart-turnout">
          <canvas id="chart-turnout" role="img" aria-label={rt(lang, 'turnout')} />
        </div>
        <div class="table-wrap">
          <table class="turnout-table">
            <thead>
              <tr>
                <th>{rt(lang, 'unit')}</th>
                {turnout.categories.map((c) => (
                  <th class="num">{c.name}</th>
                ))}
                <th class="num">{rt(lang, 'received')}</th>
                <th class="num">{rt(lang, 'handedOut')}</th>
                <th class="num">{rt(lang, 'returnRate')}</th>
              </tr>
            </thead>
            <tbody id="turnout-rows">
              {turnout.units.map((u) => (
                <tr data-unit={u.id}>
                  <th>{u.name}</th>
                  {u.byCategory.map((n) => (
                    <td class="num">{n}</td>
                  ))}
                  <td class="num">{u.received}</td>
                  <td class="num">{u.handedOut}</td>
                  <td class="num">{percent(u.returnRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted">
          {rt(lang, 'turnoutNote')} {rt(lang, 'updated')} <span id="updated">{shanghaiSeconds(props.at.toISOString()).slice(11)}</span>
          {bracketed(lang, rt(lang, 'beijing'))}
        </p>
        <JsonData
          id="turnout-data"
          data={{ turnout, at: props.at.toISOString(), lang, statusNames: { open: statusName(lang, 'open'), closed: statusName(lang, 'closed'), draft: statusName(lang, 'draft'), published: statusName(lang, 'published') } }}
        />
      </main>
    </ResultsLayout>
  )
}
