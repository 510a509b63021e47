import * as v from 'valibot'

const Digits = v.pipe(v.string(), v.regex(/^\d{1,18}$/))

/** `GET /api/audit` query: optional filters and a cursor (`before` = the last id seen). */
export const AuditQuery = v.strictObject({
  entity: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  entityId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  campaignId: v.optional(v.pipe(v.string(), v.uuid())),
  before: v.optional(Digits),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(200)), '50'),
})
export type AuditQuery = v.InferOutput<typeof AuditQuery>
