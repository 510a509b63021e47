import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

/** Largest spreadsheet accepted (a 20,000-unit XLSX is about 1 MB). */
export const MAX_UPLOAD = 10 * 1024 * 1024

/** True for the paths that take a spreadsheet upload (they get MAX_UPLOAD, not the 64 KB default). */
export function isUploadPath(path: string): boolean {
  return /^\/(api|console)\/campaigns\/[^/]+\/units\/import(\/preview)?$/.test(path)
}

/** The bytes of an uploaded file: the `file` field of a multipart form, or the raw body. */
export async function readUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header('content-type')?.toLowerCase() ?? ''
  if (type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const file = body.file
    if (!(file instanceof File) || file.size === 0) throw new ApiError(422, 'import_unreadable')
    return new Uint8Array(await file.arrayBuffer())
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  if (bytes.length === 0) throw new ApiError(422, 'import_unreadable')
  return bytes
}
