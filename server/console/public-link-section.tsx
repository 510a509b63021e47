import { raw } from 'hono/html'
import type { CategoryView } from '../categories/store'
import { evaluateUrl } from '../codes/csv'
import { qrSvg } from '../codes/qr'
import { colon, type Lang, listJoin } from '../i18n'
import type { RoundView } from '../rounds/setup-store'

const text = {
  heading: { 'zh-CN': '公开链接', en: 'Public link' },
  how: {
    'zh-CN': '评议开始后，任何人打开此链接或扫描二维码即可参加评议，不需要评议码；每台设备对每个单位只能评议一次。可发到微信群，或打印海报张贴。',
    en: 'Once the round is open, anyone who opens this link or scans the QR code can take part without a code; one ballot per device per unit. Share it in a WeChat group or print the poster.',
  },
  category: { 'zh-CN': '未选择身份的评议票计为', en: 'Ballots whose voter names no category count as' },
  noCategories: { 'zh-CN': '设置评议人类别后即生成公开链接。', en: 'The link is made once the campaign has evaluator categories.' },
  poster: { 'zh-CN': '打印二维码海报（A4）', en: 'Printable QR poster (A4)' },
  publicCategory: { 'zh-CN': '公开链接：未选择身份的评议票计为', en: 'Public link: ballots whose voter names no category count as' },
  publicDefault: { 'zh-CN': '自动（“社会公众”，没有时为最后一个类别）', en: 'Automatic (社会公众, else the last category)' },
  scan: { 'zh-CN': '扫码参加评议', en: 'Scan to take part' },
  scanHow: { 'zh-CN': '微信“扫一扫”或手机相机扫描二维码，也可用手机浏览器打开：', en: 'Scan the code with WeChat or a phone camera, or open in a phone browser:' },
  once: { 'zh-CN': '每台手机对每个单位只能评议一次。', en: 'One ballot per phone per unit.' },
  anonymous: {
    'zh-CN': '评议不记名：不记录姓名、手机号、IP 地址、设备或提交时间，任何人都无法把评议票与您本人对应。',
    en: 'Anonymous: no name, phone number, IP address, device or time is kept with a ballot; nobody can tie it to you.',
  },
  units: { 'zh-CN': '被评议单位', en: 'Units evaluated' },
  unitCount: { 'zh-CN': '共 {0} 个单位', en: '{0} units' },
  plainHttp: {
    'zh-CN': '评议条和海报上的链接、二维码将指向 {0}（未加密的 http 地址）。若 Pingyi 经 HTTPS 对外服务，请先设置 PINGYI_PUBLIC_ORIGIN（如 https://pingyi.example.gov.cn）再打印。',
    en: 'Links and QR codes on slips and posters will point to {0} (plain http). If Pingyi is served over HTTPS, set PINGYI_PUBLIC_ORIGIN (e.g. https://pingyi.example.gov.cn) before printing.',
  },
} satisfies Record<string, Record<Lang, string>>

/** Units named on the poster; more are counted instead. */
const POSTER_UNITS = 12


/**
 * A warning for links about to be printed with a plain http:// address that is not this machine's
 * own (a reverse proxy's TLS not seen, PINGYI_PUBLIC_ORIGIN unset); null when there is nothing to say.
 */
export function PlainHttpWarning(props: { lang: Lang; origin: string }) {
  const { hostname, protocol } = new URL(props.origin)
  if (protocol !== 'http:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return null
  return <p class="warn plain-http">{text.plainHttp[props.lang].replace('{0}', props.origin)}</p>
}

/** The option of the round settings form naming the public link's category (shown with the channel choices). */
export function publicCategoryOptions(lang: Lang, categories: CategoryView[]) {
  return { label: text.publicCategory[lang], blank: text.publicDefault[lang], options: categories.map((c) => ({ value: c.id, label: c.name })) }
}

/**
 * The round page's public link: its address, its QR code and the printable poster, and the
 * category its ballots count under when the voter names none.
 */
export function PublicLinkSection(props: { lang: Lang; round: RoundView; categories: CategoryView[]; origin: string; posterHref: string }) {
  const { lang, round } = props
  const category = props.categories.find((c) => c.id === round.publicCategoryId)
  const url = evaluateUrl(props.origin, round.id)
  return (
    <section id="public-link">
      <h2>{text.heading[lang]}</h2>
      <PlainHttpWarning lang={lang} origin={props.origin} />
      {round.publicCategoryId === null ? (
        <p class="muted">{text.noCategories[lang]}</p>
      ) : (
        <div class="public-link">
          <div class="qr">{raw(qrSvg(url))}</div>
          <div>
            <p>
              <input type="text" readonly value={url} aria-label={text.heading[lang]} class="link-url" />
            </p>
            <p class="muted small">{text.how[lang]}</p>
            <p>
              {text.category[lang]}
              {colon(lang)}
              <strong id="public-category">{category?.name ?? ''}</strong>
            </p>
            <p>
              <a href={props.posterHref} target="_blank" rel="noopener">
                {text.poster[lang]}
              </a>
            </p>
          </div>
        </div>
      )}
    </section>
  )
}

/** A printable A4 poster of the round's public link: its name, a large QR code and the address. */
export function PosterPage(props: { lang: Lang; origin: string; round: RoundView; campaignName: string }) {
  const { lang, round } = props
  const url = evaluateUrl(props.origin, round.id)
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <link rel="icon" href="data:," />
          <title>{`${round.name} · ${text.scan[lang]}`}</title>
          <link rel="stylesheet" href="/assets/slips.css" />
        </head>
        <body class="poster">
          <p class="campaign">{props.campaignName}</p>
          <h1>{round.name}</h1>
          <p class="scan">{text.scan[lang]}</p>
          <div class="qr">{raw(qrSvg(url))}</div>
          <p>{text.scanHow[lang]}</p>
          <p class="url">{url}</p>
          <p>
            {text.units[lang]}
            {colon(lang)}
            {round.units.length <= POSTER_UNITS ? listJoin(lang, round.units.map((u) => u.name)) : text.unitCount[lang].replace('{0}', String(round.units.length))}
          </p>
          <p>{text.once[lang]}</p>
          <p class="small">{text.anonymous[lang]}</p>
        </body>
      </html>
    </>
  )
}
