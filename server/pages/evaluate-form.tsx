import type { Issue } from '../errors'
import type { Lang } from '../i18n'
import type { RoundContext } from '../rounds/store'
import { stageNames } from '../rounds/stages'
import { Layout } from './layout'
import { t } from './text'

export interface FormState {
  values?: { unitId?: string; categoryId?: string; answers?: Record<string, number>; opinion?: string }
  error?: string
  issues?: Issue[]
}

/**
 * The evaluation form: plain HTML that posts without JavaScript; /assets/evaluate.js
 * enhances it when it can. Large tap targets, one fieldset per dimension.
 */
export function EvaluateForm(props: { ctx: RoundContext; lang: Lang; state?: FormState }) {
  const { ctx, lang, state } = props
  const values = state?.values ?? {}
  const wrong = new Set((state?.issues ?? []).map((i) => i.path))
  const open = ctx.round.status === 'open'
  return (
    <Layout lang={lang} title={ctx.round.name} scripts={open ? ['/assets/evaluate.js'] : []}>
      <main class="ev">
        <header>
          <p class="muted">
            {ctx.campaign.name} · {stageNames[ctx.round.stage][lang]}
          </p>
          <h1>{ctx.round.name}</h1>
        </header>
        {!open ? (
          <p class="notice">{t(lang, 'closed')}</p>
        ) : (
          <form
            method="post"
            action={`/e/${ctx.round.id}`}
            id="ballot-form"
            data-round={ctx.round.id}
            data-sending={t(lang, 'sending')}
            data-counted={t(lang, 'counted')}
            data-counted-invalid={t(lang, 'countedInvalid')}
            data-offline={t(lang, 'offline')}
          >
            {state?.error ? (
              <p class="alert" role="alert">
                {state.error}
              </p>
            ) : null}
            <label class={wrong.has('unitId') ? 'field bad' : 'field'}>
              <span>{t(lang, 'unit')}</span>
              <select name="unitId" required>
                <option value="">{t(lang, 'chooseUnit')}</option>
                {ctx.units.map((u) => (
                  <option value={u.id} selected={u.id === values.unitId}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label class={wrong.has('categoryId') ? 'field bad' : 'field'}>
              <span>{t(lang, 'category')}</span>
              <select name="categoryId" required>
                <option value="">{t(lang, 'chooseCategory')}</option>
                {ctx.categories.map((c) => (
                  <option value={c.id} selected={c.id === values.categoryId}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
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
            <button type="submit" class="primary">
              {t(lang, 'submit')}
            </button>
            <p id="status" role="status" aria-live="polite" />
          </form>
        )}
        <p class="muted small">{t(lang, 'privacy')}</p>
      </main>
    </Layout>
  )
}

/** Shown after a no-JavaScript submission was stored. */
export function Counted(props: { ctx: RoundContext; lang: Lang; valid: boolean }) {
  const { ctx, lang } = props
  return (
    <Layout lang={lang} title={ctx.round.name}>
      <main class="ev">
        <h1>{ctx.round.name}</h1>
        <p class="ok" role="status">
          {t(lang, props.valid ? 'counted' : 'countedInvalid')}
        </p>
        <p>
          <a class="button" href={`/e/${ctx.round.id}`}>
            {t(lang, 'another')}
          </a>
        </p>
      </main>
    </Layout>
  )
}
