import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import type { DimensionKind } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { FormBody } from './schemas'

/** A form version as the API shows it. */
export interface FormView {
  id: string
  name: string
  version: number
  opinionBox: boolean
  minAnswered: number
  frozenAt: string | null
  dimensions: { id: number; label: string; kind: DimensionKind }[]
  levels: { id: number; label: string; score: number; satisfied: boolean; abstain: boolean }[]
}

/** Every form version of a campaign (without questions), by name then newest version first. */
export async function listForms(db: Db, campaignId: string) {
  const rows = await db
    .selectFrom('form')
    .select(['id', 'name', 'version', 'frozen_at'])
    .select((eb) => eb.selectFrom('form_dimension').select(eb.fn.countAll<string>().as('n')).whereRef('form_dimension.form_id', '=', 'form.id').as('questions'))
    .where('campaign_id', '=', campaignId)
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, frozenAt: r.frozen_at ? new Date(r.frozen_at).toISOString() : null, questions: Number(r.questions) }))
}

/** One form version with its questions and scale; 404 when not in this campaign. */
export async function getForm(db: Db, campaignId: string, formId: string | undefined): Promise<FormView> {
  if (!isUuid(formId)) throw new ApiError(404, 'form_not_found')
  const form = await db.selectFrom('form').selectAll().where('campaign_id', '=', campaignId).where('id', '=', formId).executeTakeFirst()
  if (!form) throw new ApiError(404, 'form_not_found')
  const [dimensions, levels] = await Promise.all([
    db.selectFrom('form_dimension').select(['id', 'label', 'kind']).where('form_id', '=', formId).orderBy('position').execute(),
    db.selectFrom('form_level').select(['id', 'label', 'score', 'satisfied', 'abstain']).where('form_id', '=', formId).orderBy('position').execute(),
  ])
  return {
    id: form.id,
    name: form.name,
    version: form.version,
    opinionBox: form.opinion_box,
    minAnswered: form.min_answered,
    frozenAt: form.frozen_at ? new Date(form.frozen_at).toISOString() : null,
    dimensions,
    levels: levels.map((l) => ({ ...l, score: Number(l.score) })),
  }
}

async function nextVersion(db: Db, campaignId: string, name: string): Promise<number> {
  const row = await db
    .selectFrom('form')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('campaign_id', '=', campaignId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return Number(row.next)
}

async function writeQuestions(db: Db, formId: string, body: FormBody) {
  const questions = [...body.dimensions.map((label) => ({ label, kind: 'dimension' as const })), ...body.overall.map((label) => ({ label, kind: 'overall' as const }))]
  await db.insertInto('form_dimension').values(questions.map((q, position) => ({ form_id: formId, position, ...q }))).execute()
  await db.insertInto('form_level').values(body.levels.map((l, position) => ({ form_id: formId, position, ...l }))).execute()
}

/** Creates a form; a name already used gets the next version number. Call inside a transaction. */
export async function createForm(db: Db, campaignId: string, body: FormBody): Promise<FormView> {
  const form = await db
    .insertInto('form')
    .values({ campaign_id: campaignId, name: body.name, version: await nextVersion(db, campaignId, body.name), opinion_box: body.opinionBox, min_answered: body.minAnswered })
    .returning('id')
    .executeTakeFirstOrThrow()
  await writeQuestions(db, form.id, body)
  return getForm(db, campaignId, form.id)
}

/**
 * Edits a form. A frozen version (used by a round that has opened) is never changed: the
 * edit becomes a new version and `created` is true. Call inside a transaction.
 */
export async function updateForm(db: Db, campaignId: string, formId: string, body: FormBody): Promise<{ before: FormView; after: FormView; created: boolean }> {
  const before = await getForm(db, campaignId, formId)
  if (before.frozenAt) return { before, after: await createForm(db, campaignId, body), created: true }
  const locked = await db.selectFrom('form').select('frozen_at').where('id', '=', formId).forUpdate().executeTakeFirstOrThrow()
  if (locked.frozen_at) return { before, after: await createForm(db, campaignId, body), created: true }
  const version = body.name === before.name ? before.version : await nextVersion(db, campaignId, body.name)
  await db.updateTable('form').set({ name: body.name, version, opinion_box: body.opinionBox, min_answered: body.minAnswered }).where('id', '=', formId).execute()
  await db.deleteFrom('form_dimension').where('form_id', '=', formId).execute()
  await db.deleteFrom('form_level').where('form_id', '=', formId).execute()
  await writeQuestions(db, formId, body)
  // Levels got new ids: a draft round's chosen satisfied levels no longer apply.
  await db.updateTable('round').set({ satisfied_levels: null }).where('form_id', '=', formId).where('status', '=', 'draft').execute()
  return { before, after: await getForm(db, campaignId, formId), created: false }
}
