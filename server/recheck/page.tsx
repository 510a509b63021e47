import type { RecheckAnswer } from '../db/schema'
import { colon, type Lang } from '../i18n'
import type { InlineAssets } from '../pages/inline-assets'
import { Layout } from '../pages/layout'
import { answerNames } from '../tracking/text'
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
  commitment: { 'zh-CN': '承诺', en: 'Commitment' },
} satisfies Record<string, Record<Lang, string>>

/** One item the evaluator is asked about. */
export interface AskedItem {
  id: string
  title: string
  commitment: string
  unitName: string
}

/**
 * The evaluator's 整改是否到位 page for a round: step 1 the code, step 2 one question per item of
 * the code's units (answers optional), then a thank-you. Plain HTML, no script; the code travels
 * only in form bodies, never in a URL.
 */
export function RecheckPage(props: { lang: Lang; round: { id: string; name: string; open: boolean }; step: 'code' | 'items' | 'done'; code?: string; items?: AskedItem[]; error?: string; answers?: Record<string, RecheckAnswer>; inline?: InlineAssets }) {
  const { lang, round } = props
  const action = `/e/${round.id}/recheck`
  return (
    <Layout lang={lang} title={`${text.question[lang]} · ${round.name}`} inline={props.inline}>
      <main class="ev">
        <p class="muted">{round.name}</p>
        <h1>{text.question[lang]}</h1>
        {props.error ? (
          <p class="alert" role="alert">
            {props.error}
          </p>
        ) : null}
        {!round.open ? <p class="notice">{text.closed[lang]}</p> : null}
        {round.open && props.step === 'code' ? (
          <form method="post" action={action}>
            <p>{text.intro[lang]}</p>
            <label class="field">
              <span>{text.code[lang]}</span>
              <input name="code" value={props.code ?? ''} autocomplete="off" autocapitalize="characters" maxlength={40} required class={props.error ? 'bad' : undefined} />
            </label>
            <button type="submit" class="primary">
              {text.next[lang]}
            </button>
          </form>
        ) : null}
        {round.open && props.step === 'items' ? (
          props.items?.length ? (
            <form method="post" action={action}>
              <input type="hidden" name="code" value={props.code ?? ''} />
              <input type="hidden" name="step" value="answers" />
              {props.items.map((item) => (
                <fieldset class="dim">
                  <legend>
                    {item.unitName}
                    {colon(lang)}
                    {item.title}
                  </legend>
                  {item.commitment ? (
                    <p class="muted small">
                      {text.commitment[lang]}
                      {colon(lang)}
                      {item.commitment}
                    </p>
                  ) : null}
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
            <p class="notice">{text.nothing[lang]}</p>
          )
        ) : null}
        {props.step === 'done' ? (
          <p class="ok" role="status">
            {text.thanks[lang]}
          </p>
        ) : null}
      </main>
    </Layout>
  )
}
