import { raw } from 'hono/html'
import type { RoundContext } from '../rounds/store'
import { kt } from '../tracking/console-text'

/** Ruled lines of the opinion area: room for a few opinions while the demo ballot stays on one A4 side. */
const OPINION_LINES = 5

/**
 * The printable A4 paper ballot of a round: a box for the slip number (written by the clerk
 * who keys it), one box per evaluator category to tick, then a grid of units × dimensions with
 * one box per level, in the order the entry screen walks it; when the form has an opinion box,
 * ruled space for 意见建议 below the grid. No name, no number printed per evaluator: every slip
 * of a round is identical, so a slip cannot be traced to whoever got it. The slips are in
 * Chinese, whatever the console's language: they are handed to the evaluators.
 */
export function PaperBallotPage(props: { ctx: RoundContext }) {
  const { ctx } = props
  const box = <span class="box" aria-hidden="true" />
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <link rel="icon" href="data:," />
          <title>{`${ctx.round.name} · 纸质评议票`}</title>
          <link rel="stylesheet" href="/assets/paper.css" />
        </head>
        <body class="paper">
          <p class="note">
            用 A4 纸打印（浏览器“打印”，边距默认）。每位评议人一张；收回后由两名录入员分别录入。
            {ctx.form.opinionBox ? `票上的意见建议不参加双录入，由活动办公室在控制台“${kt('zh-CN', 'opinions')}”中逐条录入。` : ''}
          </p>
          <header>
            <p class="campaign">{ctx.campaign.name}</p>
            <h1>{ctx.round.name}</h1>
            <p class="number">
              票号 <span class="write" />
            </p>
          </header>
          <p class="help">请在每个单位每个评议项目后选一个等次，在方框内打“√”。每项只选一个；不评的项目请留空。不记名，请勿在票上写姓名。</p>
          <fieldset class="categories">
            <legend>评议人类别（选一项）</legend>
            {ctx.categories.map((k) => (
              <span class="choice">
                {box}
                {k.name}
              </span>
            ))}
          </fieldset>
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">被评议单位</th>
                <th scope="col">评议项目</th>
                {ctx.levels.map((l) => (
                  <th scope="col" class="level">
                    {l.label}
                  </th>
                ))}
              </tr>
            </thead>
            {ctx.units.map((unit, u) => (
              <tbody>
                {ctx.dimensions.map((d, i) => (
                  <tr>
                    {i === 0 ? (
                      <th scope="rowgroup" rowspan={ctx.dimensions.length} class="unit">
                        {u + 1}. {unit.name}
                      </th>
                    ) : null}
                    <td class="dim">{d.label}</td>
                    {ctx.levels.map(() => (
                      <td class="level">{box}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
          {ctx.form.opinionBox ? (
            <section class="opinions" aria-labelledby="opinions-title">
              <div class="title">
                <h2 id="opinions-title">意见建议</h2>
                <p class="help">请注明所提意见针对的单位（写单位名称，或上表中单位前的序号）；写不下可另附纸。</p>
              </div>
              {Array.from({ length: OPINION_LINES }, () => (
                <div class="line" />
              ))}
            </section>
          ) : null}
        </body>
      </html>
    </>
  )
}
