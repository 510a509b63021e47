import { type ErrorCode, errorMessages, type Lang } from './i18n'

/** One field-level problem: where (`answers.12`) and what, in the request's language. */
export interface Issue {
  path: string
  message?: string
}

/**
 * The one error type of the app; `app.onError` turns it into
 * `{ "error": { "code", "message", "issues"? } }` with the message in the user's language.
 * @example throw new ApiError(409, 'round_not_open')
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: ErrorCode,
    readonly issues?: Issue[],
  ) {
    super(code)
    this.name = 'ApiError'
  }
}

/** The body of the one error envelope, `{ code, message, issues? }`, in the user's language. */
export function errorEnvelope(error: ApiError, lang: Lang): { code: ErrorCode; message: string; issues?: Issue[] } {
  return { code: error.code, message: errorMessages[error.code][lang], ...(error.issues?.length ? { issues: error.issues } : {}) }
}
