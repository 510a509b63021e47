import { colon, type Lang, listJoin } from '../i18n'
import { JsonData } from '../pages/layout'
import type { RoundDocument } from '../results/document'
import { channelSummary } from '../results/channels'
import type { PublicationRef } from '../results/readable'
import { type Block, type UnitRow, weightedWithheld } from '../results/view'
import { Formula, ResultsLayout, Suppressed } from './layout'
import type { ResultsFrame } from './frame'
import { type LivePublication, PublicationStatus } from './publication-status'
import { stageNames } from '../rounds/stages'
import { percent, percentInterval, remedialLegend, rt } from './text'

/**
 * The unit a reader without the overall figures reads the round for: the one shown unit whose
 * parent is not shown (a liaison's own unit, heading its subtree); null when there is none or
 * several, and then no headline table is drawn rather than one of 人数不足.
 */
function ownUnit(doc: RoundDocument): UnitRow | null {
  const shown = new Set(doc.units.map((u) => u.id))
  const tops = doc.units.filter((u) => u.parentId === null || !shown.has(u.parentId))
  return tops.length === 1 ? tops[0]! : null
}

/** Ten steps of one hue, light to dark (`heat-0` … `heat-9` in results-pages.css): readable in greyscale. */
export const heatClass = (sat: number | null | undefined) => (sat == null ? 'heat-none' : `heat-${Math.min(9, Math.max(0, Math.floor((sat - 5000) / 500)))}`)

function SatCell(props: { block: Block | null; layer: number; lang: Lang; heat?: boolean; interval?: boolean }) {
  const { block, layer } = props
  if (!block) return <Suppressed lang={props.lang} />
  const sat = block.sat[layer]
  const lo = block.ci[2 * layer]
  const hi = block.ci[2 * layer + 1]
  return (
    <td class={props.heat ? `num ${heatClass(sat)}` : 'num'} data-sat={sat ?? ''}>
      {percent(sat)}
      {props.interval && lo != null && hi != null ? <small class="ci">{percentInterval(props.lang, lo, hi)}</small> : null}
    </td>
  )
}

function LevelTable(props: { doc: RoundDocument; block: Block | null; lang: Lang }) {
  const { doc, block, lang } = props
  const L = doc.levels.length
  const counted = doc.levels.map((l, i) => ({ ...l, i })).filter((l) => !l.abstain)
  return (
    <div class="table-wrap">
      <table class="levels-table">
        <thead>
          <tr>
            <th>{rt(lang, 'dimension')}</th>
            {counted.map((l) => (
              <th class="num">{l.label}</th>
            ))}
            <th class="num">{rt(lang, 'satisfaction')}</th>
          </tr>
        </thead>
        <tbody>
          {[...doc.dimensions, { label: rt(lang, 'pooled') }].map((d, di) => (
            <tr>
              <th>{d.label}</th>
              {block
                ? counted.map((l) => (
                    <td class="num">
                      {percent(block.rates[di * L + l.i])} <small class="muted">({block.counts[di * L + l.i]})</small>
                    </td>
                  ))
                : counted.map(() => <Suppressed lang={lang} />)}
              <SatCell block={block} layer={di} lang={lang} interval />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function CategoryTable(props: { doc: RoundDocument; blocks: (Block | null)[]; lang: Lang }) {
  const { doc, blocks, lang } = props
  const D = doc.dimensions.length
  return (
    <div class="table-wrap">
      <table class="category-table">
        <thead>
          <tr>
            <th>{rt(lang, 'category')}</th>
            <th class="num">{rt(lang, 'valid')}</th>
            {doc.dimensions.map((d) => (
              <th class="num">{d.label}</th>
            ))}
            <th class="num">{rt(lang, 'pooled')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.categories.map((cat, c) => {
            const block = blocks[c] ?? null
            return (
              <tr data-category={cat.id}>
                <th>{cat.name}</th>
                {block ? <td class="num">{block.valid}</td> : <Suppressed lang={lang} />}
                {doc.dimensions.map((_, d) => (
                  <SatCell block={block} layer={d} lang={lang} heat />
                ))}
                <SatCell block={block} layer={D} lang={lang} heat />
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function HeatMap(props: { doc: RoundDocument; lang: Lang }) {
  const { doc, lang } = props
  const D = doc.dimensions.length
  return (
    <div class="table-wrap">
      <table class="heat-map">
        <thead>
          <tr>
            <th>{rt(lang, 'unit')}</th>
            {doc.dimensions.map((d) => (
              <th class="num">{d.label}</th>
            ))}
            <th class="num">{rt(lang, 'pooled')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.units.map((u) => (
            <tr data-unit={u.id}>
              <th>
                <a href={`/results/units/${u.id}`}>{u.name}</a>
              </th>
              {doc.dimensions.map((_, d) => (
                <SatCell block={u.total} layer={d} lang={lang} heat />
              ))}
              <SatCell block={u.total} layer={D} lang={lang} heat />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A unit's 加权得分 cell: the score; a dash marked † where it is withheld because a category is
 * hidden — a link to the note under the ranking that says why, so a tap reaches the reason where
 * a title shows nothing (touch screens), with no script; a plain dash where there is none (no
 * category has ballots); the word where the unit itself is hidden.
 */
function WeightedCell(props: { unit: UnitRow; lang: Lang }) {
  const { unit: u, lang } = props
  if (!u.total) return <td class="num">{rt(lang, 'suppressed')}</td>
  if (u.weightedScore !== null) return <td class="num">{u.weightedScore.toFixed(2)}</td>
  if (weightedWithheld(u))
    return (
      <td class="num withheld" title={rt(lang, 'weightedWithheld')} data-withheld="1">
        <a class="note-ref" href="#weighted-note" aria-describedby="weighted-note">
          —<sup>†</sup>
        </a>
      </td>
    )
  return <td class="num">—</td>
}

const byRank = (a: UnitRow, b: UnitRow) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER)

function RankingTable(props: { doc: RoundDocument; lang: Lang }) {
  const { doc, lang } = props
  const D = doc.dimensions.length
  return (
    <div class="table-wrap">
      <table class="ranking">
        <thead>
          <tr>
            <th class="num">{rt(lang, 'rank')}</th>
            <th>{rt(lang, 'unit')}</th>
            <th class="num">{rt(lang, 'valid')}</th>
            <th class="num">{rt(lang, 'returnRate')}</th>
            <th class="num">
              {rt(lang, 'pooled')} <small>{rt(lang, 'interval')}</small>
            </th>
            <th class="num">{rt(lang, 'weighted')}</th>
            <th class="num">{rt(lang, 'rankInKind')}</th>
            <th class="num">{rt(lang, 'rankInParent')}</th>
          </tr>
        </thead>
        <tbody>
          {[...doc.units].sort(byRank).map((u) => (
            <tr data-unit={u.id} class={u.remedial ? 'remedial' : undefined}>
              <td class="num">{u.rank ?? '—'}</td>
              <th>
                {u.name} <small class="muted">{u.kind}</small>
                {u.remedial ? <span class="flag"> ⚑ {rt(lang, 'remedial')}</span> : null}
                {u.belowThreshold.length > 0 ? (
                  <small class="below">
                    {rt(lang, 'belowLine')}
                    {colon(lang)}
                    {listJoin(lang, u.belowThreshold.map((d) => doc.dimensions[d]?.label ?? ''))}
                  </small>
                ) : null}
              </th>
              <td class="num">{u.ballots.valid}</td>
              <td class="num">{percent(u.ballots.returnRate)}</td>
              <SatCell block={u.total} layer={D} lang={lang} interval />
              <WeightedCell unit={u} lang={lang} />
              <td class="num">{u.rankInKind ?? '—'}</td>
              <td class="num">{u.rankInParent ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {doc.formula.remedialThreshold !== null ? (
        <p class="muted small" id="remedial-legend">
          {remedialLegend(lang, doc.formula.remedialThreshold)}
        </p>
      ) : null}
      {doc.units.some((u) => u.total && weightedWithheld(u)) ? (
        <p class="muted small" id="weighted-note">
          {rt(lang, 'weightedNote')}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A round's results: per-dimension stacked level rates, the breakdown by category, the units ×
 * dimensions heat map and the ranking, then the round's formula once. Under the title, where
 * the numbers come from: a reader's publication, or for the organiser's live view what has been
 * published (`live`). As the printable report (`report`) it drops the links and prints the formula open.
 */
export function RoundPage(props: { doc: RoundDocument; publication: PublicationRef | null; live: readonly LivePublication[]; lang: Lang; path: string; report?: boolean; frame?: ResultsFrame }) {
  const { doc, publication, lang, report } = props
  const base = `/results/rounds/${doc.round.id}`
  // A reader without the overall figures (a liaison) gets its own unit's row in their place.
  const own = doc.overall ? null : ownUnit(doc)
  const headline = doc.overall ? doc.overall.total : (own?.total ?? null)
  const categoryBlocks = doc.overall?.byCategory ?? own?.byCategory ?? []
  const summary = doc.overall ?? own
  const stage = stageNames[doc.round.stage]?.[lang] ?? doc.round.stage
  const sources = channelSummary(doc.channels, lang)
  return (
    <ResultsLayout lang={lang} title={`${doc.round.name} · ${rt(lang, 'results')} · ${doc.round.campaign.name}`} path={props.path} frame={props.frame} script="/assets/results-round.js" bodyClass={report ? 'report' : ''}>
      <main class="results wide" data-round={doc.round.id}>
        <h1>
          {doc.round.name} · {rt(lang, 'results')}
        </h1>
        <p class="muted">
          {doc.round.campaign.name} · {stage}
          {summary ? ` · ${own ? `${own.name} · ` : ''}${rt(lang, 'valid')} ${summary.ballots.valid} · ${rt(lang, 'invalid')} ${summary.ballots.invalid} · ${rt(lang, 'returnRate')} ${percent(summary.ballots.returnRate)}` : ''}
        </p>
        <PublicationStatus lang={lang} publication={publication} live={props.live} />
        {sources ? (
          <p class="muted" id="channels">
            {sources}
          </p>
        ) : null}
        {report ? null : (
          <p class="actions no-print">
            <a href={`${base}/results.csv`}>{rt(lang, 'exportCsv')}</a> · <a href={`${base}/results.xlsx`}>{rt(lang, 'exportXlsx')}</a> · <a href={`${base}/report`}>{rt(lang, 'report')}</a> ·{' '}
            <a href={`/results/compare?rounds=${doc.round.id}`}>{rt(lang, 'compare')}</a>
          </p>
        )}
        {summary ? (
          <section class="block">
            <h2>
              {rt(lang, 'levelRates')} <small class="muted">{own ? own.name : rt(lang, 'overall')}</small>
            </h2>
            {headline ? (
              <div class="chart chart-levels">
                <canvas id="chart-levels" role="img" aria-label={rt(lang, 'levelRates')} />
              </div>
            ) : null}
            <LevelTable doc={doc} block={headline} lang={lang} />
          </section>
        ) : null}
        {doc.categories.length > 0 && categoryBlocks.length > 0 ? (
          <section class="block">
            <h2>
              {rt(lang, 'byCategory')} <small class="muted">{own ? own.name : rt(lang, 'overall')}</small>
            </h2>
            <div class="chart chart-categories">
              <canvas id="chart-categories" role="img" aria-label={rt(lang, 'byCategory')} />
            </div>
            <CategoryTable doc={doc} blocks={categoryBlocks} lang={lang} />
          </section>
        ) : null}
        <section class="block">
          <h2>{rt(lang, 'heatMap')}</h2>
          <HeatMap doc={doc} lang={lang} />
        </section>
        <section class="block">
          <h2>{rt(lang, 'ranking')}</h2>
          <RankingTable doc={doc} lang={lang} />
        </section>
        <p class="muted small">{rt(lang, 'suppressedNote')}</p>
        <Formula lang={lang} text={doc.formula.text} open={report} />
        {publication ? (
          <p class="hash">
            {rt(lang, 'hash')}
            {colon(lang)}
            <code>{publication.hash}</code>
          </p>
        ) : null}
        <JsonData id="results-data" data={{ levels: doc.levels, dimensions: doc.dimensions, categories: doc.categories, headline, categoryBlocks, lang, labels: { satisfaction: rt(lang, 'satisfaction'), pooled: rt(lang, 'pooled') } }} />
      </main>
    </ResultsLayout>
  )
}
