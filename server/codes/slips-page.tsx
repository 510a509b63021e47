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
export function SlipsPage(props: { lang: Lang; origin: string; roundId: string; roundName: string; categoryName: string; codes: string[] }) {
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
        </head>
        <body class="slips">
          <p class="note">共 {props.codes.length} 张评议条。请立即打印或保存：评议码只在此时显示一次，系统不保存明文。</p>
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
