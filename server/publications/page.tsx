import { colon, type Lang, listJoin } from '../i18n'
import type { InlineAssets } from '../pages/inline-assets'
import { pageTitle } from '../console/layout'
import { JsonData, Layout } from '../pages/layout'
import { channelSummary } from '../results/channels'
import type { Block } from '../results/view'
import { percent, percentInterval, remedialLegend, rt } from '../results-pages/text'
import type { PublicationMeta } from './store'
import type { PublishedContent } from './publish'
import { shanghaiDate } from '../tracking/dates'

const text = {
  published: { 'zh-CN': '公布时间', en: 'Published' },
  window: { 'zh-CN': '公示期', en: 'Publication window' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  ballots: { 'zh-CN': '有效票', en: 'Valid ballots' },
  overall: { 'zh-CN': '总体满意率', en: 'Satisfaction' },
  rank: { 'zh-CN': '排名', en: 'Rank' },
  hidden: { 'zh-CN': '人数不足，不公布', en: 'too few to show' },
  remedial: { 'zh-CN': '需补课', en: 'needs a re-do' },
  formula: { 'zh-CN': '计算方法', en: 'Formula' },
  hash: { 'zh-CN': '内容校验码 (SHA-256)', en: 'Content hash (SHA-256)' },
} as const

function Sat(props: { block: Block | null; layer: number; lang: Lang }) {
  if (!props.block) return <td class="muted">{text.hidden[props.lang]}</td>
  const lo = props.block.ci[2 * props.layer]
  const hi = props.block.ci[2 * props.layer + 1]
  return (
    <td>
      {percent(props.block.sat[props.layer])}
      {lo != null && hi != null ? <small class="muted">{percentInterval(props.lang, lo, hi)}</small> : null}
    </td>
  )
}

/**
 * The public page of a publication: its units' 满意率 per dimension with intervals, ranks, 补课 as
 * on every page (the unit's overall 满意率 under the line; dimensions under it named apart), the
 * formula and the hash.
 */
export function PublicationPage(props: { content: PublishedContent; meta: PublicationMeta; lang: Lang; inline?: InlineAssets; path?: string }) {
  const { content, meta, lang } = props
  const pooled = content.dimensions.length
  const sources = channelSummary(content.channels, lang)
  return (
    <Layout lang={lang} title={pageTitle(lang, `${content.round.name} · ${content.round.campaign.name}`)} inline={props.inline} switchLang={props.path}>
      <main class="wide publication" data-hash={meta.hash}>
        <h1>{content.round.name}</h1>
        <p class="muted">
          {content.round.campaign.name} · {text.published[lang]} {shanghaiDate(new Date(meta.publishedAt))}
          {meta.window.start || meta.window.end ? ` · ${text.window[lang]} ${meta.window.start ? shanghaiDate(new Date(meta.window.start)) : ''}–${meta.window.end ? shanghaiDate(new Date(meta.window.end)) : ''}` : ''}
        </p>
        {sources ? <p class="muted">{sources}</p> : null}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{text.unit[lang]}</th>
                <th>{text.ballots[lang]}</th>
                {content.dimensions.map((d) => (
                  <th>{d.label}</th>
                ))}
                <th>{text.overall[lang]}</th>
                <th>{text.rank[lang]}</th>
              </tr>
            </thead>
            <tbody>
              {content.units.map((u) => (
                <tr data-unit={u.id}>
                  <th>
                    {u.name}
                    {u.remedial ? <small class="flag"> ⚑ {text.remedial[lang]}</small> : null}
                    {u.belowThreshold?.length ? (
                      <small class="below">
                        {' '}
                        {rt(lang, 'belowLine')}
                        {colon(lang)}
                        {listJoin(lang, u.belowThreshold.map((d) => content.dimensions[d]?.label ?? ''))}
                      </small>
                    ) : null}
                  </th>
                  <td>{u.ballots.valid}</td>
                  {content.dimensions.map((_, d) => (
                    <Sat block={u.total} layer={d} lang={lang} />
                  ))}
                  <Sat block={u.total} layer={pooled} lang={lang} />
                  <td>{u.rank ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {content.formula.remedialThreshold !== null ? (
          <p class="formula" id="remedial-legend">
            {remedialLegend(lang, content.formula.remedialThreshold)}
          </p>
        ) : null}
        <p class="formula">
          {text.formula[lang]}
          {colon(lang)}
          {content.formula.text[lang]}
        </p>
        <p class="hash">
          {text.hash[lang]}
          {colon(lang)}
          <code>{meta.hash}</code>
        </p>
        <JsonData id="publication-data" data={{ ...content, publication: meta }} />
      </main>
    </Layout>
  )
}
