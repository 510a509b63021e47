/**
 * Every kind of thing the audit log records. `AuditEntry.entity` is typed by this list, so a
 * feature that audits a new kind must add it here, and the console's filter and labels follow.
 */
export const AUDIT_ENTITIES = [
  'campaign',
  'evaluator_category',
  'unit',
  'form',
  'round',
  'access_code_batch',
  'sitting',
  'paper_batch',
  'publication',
  'opinion',
  'opinion_areas',
  'rectification_item',
  'campaign_board',
  'recheck_items',
  'user',
] as const

export type AuditEntity = (typeof AUDIT_ENTITIES)[number]
