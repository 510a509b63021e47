import type { Context } from 'hono'
import type * as v from 'valibot'
import type { AppEnv } from './env'
import { ApiError } from './errors'
import { parseOrThrow } from './validate'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for a UUID in its text form; ids in URLs are checked before they reach a query. */
export function isUuid(value: string | undefined): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/**
 * The origin of links handed to evaluators (slips, QR codes, posters, code downloads): the
 * configured public address, else the request's own.
 */
export function linkOrigin(c: Context<AppEnv>): string {
  return c.get('publicOrigin') ?? new URL(c.req.url).origin
}

/**
 * Reads a JSON request body and checks it with a valibot schema: 415 for another content
 * type, 400 for broken JSON, 422 with field issues for a body the schema refuses.
 * @example const body = await jsonBody(c, CampaignBody)
 */
export async function jsonBody<S extends v.GenericSchema>(c: Context<AppEnv>, schema: S): Promise<v.InferOutput<S>> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
  return parseOrThrow(schema, raw, c.get('lang'))
}

/** The request's path and query without `lang`, for a language switch to come back to. */
export function pathWithoutLang(url: string): string {
  const parsed = new URL(url)
  parsed.searchParams.delete('lang')
  return parsed.pathname + parsed.search
}
