import type { Child } from 'hono/jsx'
import { ApiError } from '../errors'
import { errorMessages, type Lang } from '../i18n'

/** What a console form shows after a refused post: errors by field, or one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>
  form?: string
}

/** Turns a refused request into errors next to the fields it names (the field's message, else the error's). */
export function formErrors(error: unknown, lang: Lang): FormErrors {
  if (!(error instanceof ApiError) || error.status >= 500) throw error
  const fields: Record<string, string> = {}
  for (const issue of error.issues ?? []) {
    if (!issue.path || fields[issue.path]) continue
    fields[issue.path] = (error.code === 'invalid_input' ? issue.message : undefined) ?? errorMessages[error.code][lang]
  }
  return { fields, form: Object.keys(fields).length === 0 ? errorMessages[error.code][lang] : undefined }
}

/** The string fields of a posted form. */
export async function formFields(c: { req: { parseBody(): Promise<Record<string, unknown>> } }): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/** A labelled field with its error underneath, linked for screen readers. */
export function Field(props: { name: string; label: string; errors?: FormErrors; children: Child }) {
  const error = props.errors?.fields[props.name]
  return (
    <label class={error ? 'field bad' : 'field'} data-field={props.name}>
      <span>{props.label}</span>
      {props.children}
      {error ? (
        <small class="alert" id={`${props.name}-error`}>
          {error}
        </small>
      ) : null}
    </label>
  )
}

/** The form-wide error, if any. */
export function FormAlert(props: { errors?: FormErrors }) {
  return props.errors?.form ? (
    <p class="alert" role="alert">
      {props.errors.form}
    </p>
  ) : null
}

/** aria attributes for an input whose field may carry an error. */
export function invalid(errors: FormErrors | undefined, name: string) {
  return errors?.fields[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {}
}
