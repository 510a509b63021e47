import { raw } from 'hono/html'
import type { Lang } from '../i18n'
import { evaluateUrl, slipLink } from './csv'
import { formatCode } from './generate'
import { qrSvg } from './qr'

const PER_SHEET = 8

/**
 * Printable A4 slips, eight per sheet: the round, the evaluator category, a QR code of the
 * evaluation link (code in the fragment) and the code to type. Made only in the response that
 * generates the codes; the server keeps no copy.
 */
const text = {
  count: { 'zh-CN': '共 {n} 张评议条。请立即打印或保存为 PDF：评议码只在此时显示一次，系统不保存明文，离开本页后无法再看到。', en: '{n} slips. Print them or save them as PDF now: the codes show only this once, the server keeps no copy, and they are gone once you leave this page.' },
  print: { 'zh-CN': '打印评议条', en: 'Print the slips' },
  back: { 'zh-CN': '打印好了，返回评议', en: 'Printed: back to the round' },
  leave: { 'zh-CN': '离开后评议码不能再显示。确定已打印或保存？', en: 'The codes cannot be shown again. Have you printed or saved them?' },
} satisfies Record<string, Record<Lang, string>>

export function SlipsPage(props: { lang: Lang; origin: string; roundId: string; roundName: string; categoryName: string; codes: string[]; back?: string }) {
  const { lang } = props
  const sheets: string[][] = []
  for (let i = 0; i < props.codes.length; i += PER_SHEET) sheets.push(props.codes.slice(i, i + PER_SHEET))
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <link rel="icon" href="data:," />
          <title>{`${props.roundName} · 评议码`}</title>
          <link rel="stylesheet" href="/assets/slips.css" />
          <script src="/assets/console-ui.js" defer />
        </head>
        <body class="slips">
          {/* the organiser's words in the console's language; the slips themselves are Chinese, for the evaluators */}
          <div class="note">
            <p>{text.count[lang].replace('{n}', String(props.codes.length))}</p>
            <p>
              <button type="button" data-print>
                {text.print[lang]}
              </button>
              {props.back ? (
                <>
                  {' '}
                  <a href={props.back} data-confirm={text.leave[lang]}>
                    {text.back[lang]}
                  </a>
                </>
              ) : null}
            </p>
          </div>
          {sheets.map((sheet) => (
            <section class="sheet">
              {sheet.map((code) => (
                <div class="slip">
                  {raw(qrSvg(slipLink(props.origin, props.roundId, code)))}
                  <div>
                    <h2>{props.roundName}</h2>
                    <p>评议人类别：{props.categoryName}</p>
                    <p>扫码评议，或在浏览器打开评议页面后输入评议码：</p>
                    <p class="url">{evaluateUrl(props.origin, props.roundId)}</p>
                    <p class="code">{formatCode(code)}</p>
                    <p>每个单位只能评议一次。评议不记名，评议码不与评议内容关联。</p>
                  </div>
                </div>
              ))}
            </section>
          ))}
        </body>
      </html>
    </>
  )
}
