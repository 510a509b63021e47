import * as v from 'valibot'
import { AUDIT_ENTITIES } from './entities'

const Digits = v.pipe(v.string(), v.regex(/^\d{1,18}$/))

/** `GET /api/audit` query: optional filters and a cursor (`before` = the last id seen). */
export const AuditQuery = v.strictObject({
  entity: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  entityId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  campaignId: v.optional(v.pipe(v.string(), v.uuid())),
  before: v.optional(Digits),
  // ?lang= picks the language of messages everywhere (server/i18n.ts).
  lang: v.optional(v.picklist(['zh-CN', 'en'])),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(200)), '50'),
})
export type AuditQuery = v.InferOutput<typeof AuditQuery>

/** The console page's query: the API's, but its entity filter is a select of the known kinds (全部 sends none, see filledQuery). */
export const AuditPageQuery = v.strictObject({ ...AuditQuery.entries, entity: v.optional(v.picklist(AUDIT_ENTITIES)) })
