import type { Issue } from '../errors'
import { colon, type Lang } from '../i18n'
import type { RoundContext } from '../rounds/store'
import { stageNames } from '../rounds/stages'
import { scriptText } from './evaluate-text'
import type { InlineAssets } from './inline-assets'
import { pageTitle } from '../console/layout'
import { JsonData, Layout } from './layout'
import { t } from './text'

export interface FormState {
  values?: { code?: string; unitId?: string; categoryId?: string; answers?: Record<string, number>; opinion?: string }
  error?: string
  issues?: Issue[]
}

/** How the round may be entered: with a code (一人一码), by its public link, or both. */
export interface Access {
  codes: boolean
  /** The public link's default category, or null when the round has none. */
  publicCategoryId: string | null
  /** The round also asks, with the same code, whether rectification items were fixed (整改是否到位). */
  recheck: boolean
}

/** What the page shows above the form after a no-JavaScript ballot was stored. */
export interface CountedNote {
  valid: boolean
  unitName: string
}

/**
 * The evaluation form: plain HTML that posts without JavaScript (a submission id made here
 * makes a repeated post count once); /assets/evaluate.js turns it into the one-unit-after-
 * another or grid form with a local queue. Large tap targets, one fieldset per dimension.
 * `units` narrows the unit list (a code's remaining units after a counted post). With the
 * host's `inline` assets the script and style come inside the page, not as two more requests.
 */
export function EvaluateForm(props: {
  ctx: RoundContext
  lang: Lang
  access: Access
  submissionId: string
  state?: FormState
  counted?: CountedNote
  units?: { id: string; name: string }[]
  inline?: InlineAssets
}) {
  const { ctx, lang, state, access, inline } = props
  const values = state?.values ?? {}
  const wrong = new Set((state?.issues ?? []).map((i) => i.path))
  const open = ctx.round.status === 'open'
  const units = props.units ?? ctx.units
  // The recheck hint is for code holders: where the public link also opens this page it waits
  // for a code (/assets/recheck.js shows it; after a counted no-script post the code is known
  // here), and its link carries the code in the #c= fragment, which no request sends.
  const recheck = access.recheck && open ? { needsCode: access.publicCategoryId !== null, code: props.counted ? values.code : undefined } : null
  const data = {
    round: ctx.round.id,
    codes: access.codes,
    public: access.publicCategoryId !== null,
    units: ctx.units.map((u) => ({ id: u.id, name: u.name })),
    dims: ctx.dimensions.map((d) => ({ id: String(d.id), label: d.label })),
    levels: ctx.levels.map((l) => ({ id: l.id, label: l.label })),
    opinion: ctx.form.opinionBox,
    t: scriptText(lang),
  }
  return (
    <Layout lang={lang} title={pageTitle(lang, ctx.round.name)} scripts={open && !props.counted ? ['/assets/evaluate.js', ...(recheck ? ['/assets/recheck.js'] : [])] : []} inline={inline} switchLang={`/e/${ctx.round.id}`}>
      <main class="ev">
        <header>
          <p class="muted">
            {ctx.campaign.name} · {stageNames[ctx.round.stage][lang]}
          </p>
          <h1>{ctx.round.name}</h1>
        </header>
        {props.counted ? (
          <p class="ok done" role="status">
            ✓ {props.counted.unitName}
            {colon(lang)}
            {t(lang, props.counted.valid ? 'counted' : 'countedInvalid')}
          </p>
        ) : null}
        {!open ? (
          <p class="notice">{t(lang, 'closed')}</p>
        ) : units.length === 0 ? (
          <p class="notice">{t(lang, 'allDone')}</p>
        ) : (
          <form method="post" action={`/e/${ctx.round.id}`} id="ballot-form" autocomplete="off">
            {props.counted ? <h2>{t(lang, 'another')}</h2> : null}
            {state?.error ? (
              <p class="alert" role="alert">
                {state.error}
              </p>
            ) : null}
            <input type="hidden" name="submissionId" value={props.submissionId} autocomplete="off" />
            {access.codes ? (
              <label class={wrong.has('code') ? 'field bad' : 'field'} id="f-code">
                <span>{t(lang, access.publicCategoryId ? 'codeOptional' : 'code')}</span>
                <input
                  name="code"
                  value={values.code ?? ''}
                  required={!access.publicCategoryId}
                  maxlength={40}
                  autocomplete="off"
                  autocapitalize="characters"
                  spellcheck={false}
                  placeholder="XXXXX-XXXXX"
                />
              </label>
            ) : null}
            <label class={wrong.has('unitId') ? 'field bad' : 'field'} id="f-unit">
              <span>{t(lang, 'unit')}</span>
              <select name="unitId" required>
                <option value="">{t(lang, 'chooseUnit')}</option>
                {units.map((u) => (
                  <option value={u.id} selected={u.id === values.unitId}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            {access.publicCategoryId ? (
              <label class={wrong.has('categoryId') ? 'field bad' : 'field'} id="f-cat">
                <span>{t(lang, access.codes ? 'categoryNoCode' : 'category')}</span>
                <select name="categoryId">
                  <option value="">{t(lang, 'chooseCategory').replace('{0}', ctx.categories.find((c) => c.id === access.publicCategoryId)?.name ?? '')}</option>
                  {ctx.categories.map((c) => (
                    <option value={c.id} selected={c.id === values.categoryId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <div id="dims">
              {ctx.dimensions.map((d, i) => (
                <fieldset class={wrong.has(`answers.${d.id}`) ? 'dim bad' : 'dim'}>
                  <legend>
                    {i + 1}. {d.label}
                  </legend>
                  <div class="levels">
                    {ctx.levels.map((l) => (
                      <label class="lv">
                        <input type="radio" name={`d${d.id}`} value={String(l.id)} required checked={values.answers?.[String(d.id)] === l.id} />
                        <span>{l.label}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
              {ctx.form.opinionBox ? (
                <label class="field">
                  <span>{t(lang, 'opinion')}</span>
                  <textarea name="opinion" maxlength={2000} rows={3}>
                    {values.opinion ?? ''}
                  </textarea>
                </label>
              ) : null}
            </div>
            <button type="submit" class="primary" id="send">
              {t(lang, 'submit')}
            </button>
            <p id="status" role="status" aria-live="polite" />
            <JsonData id="ev-data" data={data} />
          </form>
        )}
        {recheck ? (
          <p class="notice" id="recheck-link" data-needs-code={recheck.needsCode ? '' : undefined} hidden={recheck.needsCode && !recheck.code}>
            {t(lang, 'recheckNote')} <a href={`/e/${ctx.round.id}/recheck${recheck.code ? `#c=${encodeURIComponent(recheck.code)}` : ''}`}>{t(lang, 'recheckLink')}</a>
          </p>
        ) : null}
        <p class="muted small">{t(lang, 'privacy')}</p>
      </main>
    </Layout>
  )
}
