import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { colon, errorMessages, type Lang } from '../i18n'
import { ct } from './text'

/** A posted form: text fields by name (the last value), every value of repeated fields, and files. */
export interface Posted {
  text(name: string): string
  all(name: string): string[]
  file(name: string): File | undefined
  /** Every text field, for re-rendering the form with what the user typed. */
  values: Record<string, string>
}

/** Reads a urlencoded or multipart form post (the CSRF field is left out of `values`). */
export async function readForm(c: Context<AppEnv>): Promise<Posted> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>)
  const list = (name: string): unknown[] => {
    const value = body[name]
    return value === undefined ? [] : Array.isArray(value) ? value : [value]
  }
  const values: Record<string, string> = {}
  for (const key of Object.keys(body)) {
    const last = list(key).filter((x): x is string => typeof x === 'string').at(-1)
    if (key !== '_csrf' && last !== undefined) values[key] = last
  }
  return {
    text: (name) => values[name] ?? '',
    all: (name) => list(name).filter((x): x is string => typeof x === 'string'),
    file: (name) => list(name).find((x): x is File => x instanceof File),
    values,
  }
}

/** What a form shows after a refused post: the input kept, errors by field, a form-wide message. */
export interface FormState {
  values: Record<string, string>
  errors: Record<string, string>
  error?: string
  /** The language the messages are in (set by `refused`), for the error summary's own words. */
  lang?: Lang
}

export const emptyState = (values: Record<string, string> = {}): FormState => ({ values, errors: {} })

/**
 * Turns a refused post (an ApiError from a schema or a store) into the form's state: schema
 * issues by field path, other refusals as one message in the user's language. Anything else
 * (a bug, a 5xx) is thrown on to the app's error handler.
 * @example catch (error) { return c.html(<Page state={refused(error, form.values, lang)} />, statusOf(error)) }
 */
export function refused(error: unknown, values: Record<string, string>, lang: Lang, rename: (path: string) => string = (p) => p, show403 = false): FormState {
  if (!(error instanceof ApiError) || error.status >= 500 || (error.status === 403 && !show403)) throw error
  const errors: Record<string, string> = {}
  for (const issue of error.issues ?? []) {
    const key = rename(issue.path)
    if (!errors[key]) errors[key] = issue.message ?? errorMessages[error.code][lang]
  }
  // the form-wide line, unless the fields already say it (a message once, where it applies)
  const message = errorMessages[error.code][lang]
  const general = Object.keys(errors).length > 0 && (error.code === 'invalid_input' || Object.values(errors).includes(message)) ? undefined : message
  return { values, errors, lang, ...(general ? { error: general } : {}) }
}

/**
 * As `refused`, but a 403 (an action outside the user's units) is shown in the form too: the
 * opinion and rectification pages answer a refused action where it was tried.
 */
export function refusedHere(error: unknown, lang: Lang, values: Record<string, string> = {}): FormState {
  return refused(error, values, lang, undefined, true)
}

/** A state holding one form-wide message. */
export const formMessage = (error: string | undefined): FormState => ({ values: {}, errors: {}, ...(error ? { error } : {}) })

/** The status a re-rendered form answers with: the refusal's own (422, 409, 404). */
export function statusOf(error: unknown): 400 | 404 | 409 | 413 | 415 | 422 {
  return error instanceof ApiError && [400, 404, 409, 413, 415, 422].includes(error.status) ? (error.status as 422) : 422
}

/** A number from a form field: the number when the text is one, else the text itself so the schema says what is wrong. */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const n = Number(trimmed)
  return Number.isFinite(n) ? n : trimmed
}

/**
 * What names each field in an error summary: its label by field name; `prefix.*` names the
 * numbered rows of a table (`name.2` → "名称 3").
 */
export type FieldLabels = Record<string, string>

/** The label of a field for the error summary; undefined when the page gave none. */
function fieldLabel(labels: FieldLabels | undefined, name: string): string | undefined {
  if (!labels) return undefined
  if (Object.hasOwn(labels, name)) return labels[name]
  const dot = name.indexOf('.')
  const row = name.slice(dot + 1)
  const each = dot > 0 ? labels[`${name.slice(0, dot)}.*`] : undefined
  return each && /^\d+$/.test(row) ? `${each} ${Number(row) + 1}` : undefined
}

/**
 * What a refused post says, above its form. One form-wide message is a plain alert. Errors at
 * fields get an error summary (the GOV.UK pattern): a heading, the form-wide message if any, and
 * one link per field to its error beside it, named by the field's label (`labels`); it takes the
 * focus on load (autofocus, and console-ui.js), so the browser scrolls to it and a screen reader
 * reads it, and a click on a link puts the cursor in that field.
 * @example <FormError state={state} labels={{ name: '活动名称', 'weight.*': '权重' }} />
 */
export function FormError(props: { state?: FormState; labels?: FieldLabels; lang?: Lang }) {
  const { state } = props
  const fields = Object.entries(state?.errors ?? {}).filter(([, message]) => message)
  if (!state || fields.length === 0) {
    return state?.error ? (
      <p class="alert" role="alert">
        {state.error}
      </p>
    ) : null
  }
  const lang = props.lang ?? state.lang ?? 'zh-CN'
  return (
    <div class="error-summary" id="error-summary" role="alert" tabindex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{ct(lang, 'problems')}</h2>
      {state.error ? <p>{state.error}</p> : null}
      <ul>
        {fields.map(([name, message]) => {
          const label = fieldLabel(props.labels, name)
          return (
            <li>
              <a href={`#${name}-error`} data-for={name}>
                {label ? `${label}${colon(lang)}${message}` : message}
              </a>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The error of one field, placed right after it and linked by `aria-describedby`. */
export function FieldError(props: { state?: FormState; name: string }) {
  const message = props.state?.errors[props.name]
  return message ? (
    <small class="alert field-error" id={`${props.name}-error`}>
      {message}
    </small>
  ) : null
}

/** aria attributes for an input given as a Field's child, whose field may carry an error. */
export function invalid(state: FormState | undefined, name: string) {
  return state?.errors[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {}
}

/**
 * A labelled text input that keeps what the user typed and shows its error beside it.
 * @example <Field state={state} name="name" label="活动名称" required />
 */
export function Field(props: {
  state?: FormState
  name: string
  label: string
  type?: string
  value?: string
  required?: boolean
  maxlength?: number
  hint?: string
  /** A visible * after the label, titled with this text (the control itself carries `required` and `aria-required`, which is what assistive technology reads). */
  mark?: string
  children?: Child
}) {
  const { state, name } = props
  const bad = Boolean(state?.errors[name])
  const value = state?.values[name] ?? props.value ?? ''
  return (
    <label class={bad ? 'field bad-field' : 'field'} data-field={name}>
      <span>
        {props.label}
        {props.mark ? (
          <abbr class="required-mark" title={props.mark} aria-hidden="true">
            {' *'}
          </abbr>
        ) : null}
      </span>
      {props.children ?? (
        <input
          type={props.type ?? 'text'}
          name={name}
          value={value}
          required={props.required}
          maxlength={props.maxlength}
          aria-invalid={bad ? 'true' : undefined}
          aria-describedby={bad ? `${name}-error` : undefined}
        />
      )}
      {props.hint ? <small class="muted">{props.hint}</small> : null}
      <FieldError state={state} name={name} />
    </label>
  )
}

/** A select whose options keep the user's choice after a refused post (or a filter's current value); `label` names it when no visible label does. */
export function Select(props: { state?: FormState; name: string; value?: string; options: { value: string; label: string; group?: string }[]; blank?: string; label?: string }) {
  const chosen = props.state?.values[props.name] ?? props.value ?? ''
  const bad = Boolean(props.state?.errors[props.name])
  return (
    <select name={props.name} aria-label={props.label} aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${props.name}-error` : undefined}>
      {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
      {props.options.map((o) => (
        <option value={o.value} selected={o.value === chosen}>
          {o.label}
        </option>
      ))}
    </select>
  )
}
