import type { RecheckAnswer } from '../db/schema'
import { colon, type Lang } from '../i18n'
import type { InlineAssets } from '../pages/inline-assets'
import { pageTitle } from '../console/layout'
import { Layout } from '../pages/layout'
import { rx } from '../rectification/text'
import { answerNames, statusNames, tt } from '../tracking/text'
import type { AskedItem } from './asked'
import { ANSWERS } from './store'

const text = {
  question: { 'zh-CN': '整改是否到位', en: 'Was it really fixed?' },
  intro: { 'zh-CN': '请输入评议条上的评议码，对您所了解单位的整改事项逐项评价。', en: 'Enter the code on your slip, then rate the rectification items of the units you know.' },
  code: { 'zh-CN': '评议码', en: 'Access code' },
  next: { 'zh-CN': '下一步', en: 'Next' },
  submit: { 'zh-CN': '提交评价', en: 'Submit' },
  closed: { 'zh-CN': '本次评议尚未开始或已经结束。', en: 'This round is not open.' },
  thanks: { 'zh-CN': '已收到您的评价，谢谢！', en: 'Thank you, your answers were counted.' },
  nothing: { 'zh-CN': '这个评议码没有需要评价的整改事项，或已经全部评价过。', en: 'There is nothing left for this code to rate.' },
  some: { 'zh-CN': '可以只评价您了解的事项。', en: 'Rate only the items you know; you may leave the others.' },
  atLeastOne: { 'zh-CN': '请至少评价一项。', en: 'Please rate at least one item.' },
  latest: { 'zh-CN': '最新进展', en: 'Latest progress' },
  back: { 'zh-CN': '返回继续评议', en: 'Back to the evaluation' },
} satisfies Record<string, Record<Lang, string>>

/** The recheck page's own text, for messages its routes give. */
export const recheckText = (lang: Lang, key: keyof typeof text): string => text[key][lang]

/** What the public board shows of a public item: status (超期 N 天 when overdue, 逾期完成 when done late) and 完成时限, commitment, latest progress. */
function ItemFacts(props: { lang: Lang; item: AskedItem }) {
  const { lang, item } = props
  if (!item.public) return null
  return (
    <div class="muted small facts">
      <p>
        {tt(lang, 'status')}
        {colon(lang)}
        {statusNames[item.status][lang]}
        {item.overdue ? <strong class="late">{` · ${tt(lang, 'overdueDays', item.daysOverdue)}`}</strong> : null}
        {item.doneLate ? <strong class="late">{` · ${rx(lang, 'doneLate', item.daysLate)}`}</strong> : null} · {tt(lang, 'deadline')}
        {colon(lang)}
        {item.deadline}
      </p>
      {item.commitment ? (
        <p>
          {tt(lang, 'commitment')}
          {colon(lang)}
          {item.commitment}
        </p>
      ) : null}
      <p>
        {text.latest[lang]}
        {colon(lang)}
        {item.latest ? (
          <>
            <time>{item.latest.onDate}</time> {item.latest.body}
          </>
        ) : (
          tt(lang, 'noProgress')
        )}
      </p>
    </div>
  )
}

/**
 * The evaluator's 整改是否到位 page for a round: step 1 the code, step 2 one question per item of
 * the code's units (answers optional, at least one), then a thank-you with the way back to the
 * evaluation form. Works without script; the code travels in form bodies and in `#c=` fragments
 * (never sent to the server), never in a URL the server sees. /assets/recheck.js fills step 1
 * from `#c=` when the evaluation form sent the evaluator here.
 */
export function RecheckPage(props: { lang: Lang; round: { id: string; name: string; open: boolean }; step: 'code' | 'items' | 'done'; code?: string; items?: AskedItem[]; error?: string; answers?: Record<string, RecheckAnswer>; inline?: InlineAssets }) {
  const { lang, round } = props
  const action = `/e/${round.id}/recheck`
  const back = props.code ? (
    <p>
      <a href={`/e/${round.id}#c=${encodeURIComponent(props.code)}`} id="recheck-back">
        {text.back[lang]}
      </a>
    </p>
  ) : null
  const codeStep = round.open && props.step === 'code'
  return (
    <Layout lang={lang} title={pageTitle(lang, `${text.question[lang]} · ${round.name}`)} inline={props.inline} scripts={codeStep ? ['/assets/recheck.js'] : []}>
      <main class="ev">
        <p class="muted">{round.name}</p>
        <h1>{text.question[lang]}</h1>
        {props.error ? (
          <p class="alert" role="alert">
            {props.error}
          </p>
        ) : null}
        {!round.open ? <p class="notice">{text.closed[lang]}</p> : null}
        {codeStep ? (
          <form method="post" action={action}>
            <p>{text.intro[lang]}</p>
            <label class="field">
              <span>{text.code[lang]}</span>
              <input name="code" id="recheck-code" value={props.code ?? ''} autocomplete="off" autocapitalize="characters" maxlength={40} required class={props.error ? 'bad' : undefined} />
            </label>
            <button type="submit" class="primary">
              {text.next[lang]}
            </button>
          </form>
        ) : null}
        {round.open && props.step === 'items' ? (
          props.items?.length ? (
            <form method="post" action={action}>
              <p class="muted small">{text.some[lang]}</p>
              <input type="hidden" name="code" value={props.code ?? ''} />
              <input type="hidden" name="step" value="answers" />
              {props.items.map((item) => (
                <fieldset class="dim">
                  <legend>
                    {item.unitName}
                    {colon(lang)}
                    {item.title}
                  </legend>
                  <ItemFacts lang={lang} item={item} />
                  <div class="levels">
                    {ANSWERS.map((a) => (
                      <label class="lv">
                        <input type="radio" name={`a:${item.id}`} value={a} checked={props.answers?.[item.id] === a} />
                        <span>{answerNames[a][lang]}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
              <button type="submit" class="primary">
                {text.submit[lang]}
              </button>
            </form>
          ) : (
            <>
              <p class="notice">{text.nothing[lang]}</p>
              {back}
            </>
          )
        ) : null}
        {props.step === 'done' ? (
          <>
            <p class="ok" role="status">
              {text.thanks[lang]}
            </p>
            {back}
          </>
        ) : null}
      </main>
    </Layout>
  )
}
