import { sql } from 'kysely'
import type { Db } from '../campaigns/store'
import { weightCents } from '../categories/schemas'
import type { RankingMeasure, RoundChannel, RoundStatus, Stage } from '../db/schema'
import { jsonb } from '../db/jsonb'
import { ApiError } from '../errors'
import { pendingBatches } from '../paper/store'
import { isUuid } from '../request'
import { listUnitRows } from '../units/store'
import { buildTree, flattenTree, subtreeIds } from '../units/tree'
import { nextStatus, openingProblem } from './lifecycle'
import { publicLinkCategory, syncPublicLink } from './public-link'
import type { HandedOutBody, RoundAction, RoundBody, RoundPatch, RoundUnitsBody } from './schemas'

/** A round as the setup API shows it. */
export interface RoundView {
  id: string
  name: string
  stage: Stage
  status: RoundStatus
  formId: string | null
  channels: RoundChannel[]
  /** The category public-link ballots count under when the voter names none; null: no public link (yet). */
  publicCategoryId: string | null
  opensAt: string | null
  closesAt: string | null
  formula: { satisfiedLevels: number[] | null; rankingMeasure: RankingMeasure; minGroupSize: number; remedialThreshold: number | null; lockedAt: string | null }
  units: { unitId: string; name: string; handedOut: number }[]
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

/** The campaign's rounds, newest first (without their units). */
export async function listCampaignRounds(db: Db, campaignId: string) {
  const rows = await db
    .selectFrom('round')
    .select(['id', 'name', 'stage', 'status', 'form_id', 'opens_at', 'closes_at'])
    .select((eb) => eb.selectFrom('round_unit').select(eb.fn.countAll<string>().as('n')).whereRef('round_unit.round_id', '=', 'round.id').as('units'))
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, stage: r.stage, status: r.status, formId: r.form_id, opensAt: iso(r.opens_at), closesAt: iso(r.closes_at), units: Number(r.units) }))
}

/** One round of the campaign with its units; 404 when the id is not a round of this campaign. */
export async function getRound(db: Db, campaignId: string, roundId: string | undefined, options: { forUpdate?: boolean } = {}): Promise<RoundView> {
  if (!isUuid(roundId)) throw new ApiError(404, 'round_not_found')
  let query = db.selectFrom('round').selectAll().where('campaign_id', '=', campaignId).where('id', '=', roundId)
  if (options.forUpdate) query = query.forUpdate()
  const r = await query.executeTakeFirst()
  if (!r) throw new ApiError(404, 'round_not_found')
  const [units, publicCategoryId] = await Promise.all([
    db
      .selectFrom('round_unit')
      .innerJoin('unit', 'unit.id', 'round_unit.unit_id')
      .select(['unit.id', 'unit.name', 'round_unit.handed_out'])
      .where('round_unit.round_id', '=', roundId)
      .orderBy('round_unit.position')
      .execute(),
    publicLinkCategory(db, roundId),
  ])
  return {
    id: r.id,
    name: r.name,
    stage: r.stage,
    status: r.status,
    formId: r.form_id,
    channels: r.channels,
    publicCategoryId,
    opensAt: iso(r.opens_at),
    closesAt: iso(r.closes_at),
    formula: {
      satisfiedLevels: r.satisfied_levels,
      rankingMeasure: r.ranking_measure,
      minGroupSize: r.min_group_size,
      remedialThreshold: r.remedial_threshold === null ? null : Number(r.remedial_threshold),
      lockedAt: iso(r.formula_locked_at),
    },
    units: units.map((u) => ({ unitId: u.id, name: u.name, handedOut: u.handed_out })),
  }
}

async function assertFormInCampaign(db: Db, campaignId: string, formId: string | null | undefined) {
  if (!formId) return
  const form = await db.selectFrom('form').select('id').where('campaign_id', '=', campaignId).where('id', '=', formId).executeTakeFirst()
  if (!form) throw new ApiError(404, 'form_not_found')
}

function formulaColumns(body: RoundPatch) {
  const f = body.formula ?? {}
  return {
    ...(f.satisfiedLevels !== undefined ? { satisfied_levels: f.satisfiedLevels === null ? null : jsonb(f.satisfiedLevels) } : {}),
    ...(f.rankingMeasure !== undefined ? { ranking_measure: f.rankingMeasure } : {}),
    ...(f.minGroupSize !== undefined ? { min_group_size: f.minGroupSize } : {}),
    ...(f.remedialThreshold !== undefined ? { remedial_threshold: f.remedialThreshold } : {}),
  }
}

/** Creates a draft round. Call inside a transaction. */
export async function createRound(db: Db, campaignId: string, body: RoundBody): Promise<RoundView> {
  await assertFormInCampaign(db, campaignId, body.formId)
  const row = await db
    .insertInto('round')
    .values({
      campaign_id: campaignId,
      name: body.name,
      stage: body.stage,
      form_id: body.formId ?? null,
      channels: jsonb(body.channels ?? ['codes']),
      opens_at: body.opensAt ?? null,
      closes_at: body.closesAt ?? null,
      ...formulaColumns(body),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  await syncPublicLink(db, campaignId, row.id, body.channels ?? ['codes'], body.publicCategoryId)
  return getRound(db, campaignId, row.id)
}

/**
 * Changes a round. A draft may change anything; once open, the form, stage, channels and
 * formula are locked (409 `round_locked`) and only the name and closing time may change. The
 * closing time must stay after the opening time, as sent or as stored (422 `round_times_order`).
 */
export async function updateRound(db: Db, campaignId: string, roundId: string, body: RoundPatch): Promise<{ before: RoundView; after: RoundView }> {
  const before = await getRound(db, campaignId, roundId, { forUpdate: true })
  const lockedFields =
    body.formId !== undefined || body.stage !== undefined || body.channels !== undefined || body.publicCategoryId !== undefined || body.formula !== undefined || body.opensAt !== undefined
  if (before.status !== 'draft' && lockedFields) throw new ApiError(409, 'round_locked')
  await assertFormInCampaign(db, campaignId, body.formId)
  const opensAt = body.opensAt !== undefined ? body.opensAt : before.opensAt
  const closesAt = body.closesAt !== undefined ? body.closesAt : before.closesAt
  // One time changed against the other as stored (an open round's form posts only its closing
  // time): the schema cannot see the pair, so the refusal names the field that changed.
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) {
    throw new ApiError(422, 'round_times_order', [{ path: body.closesAt === undefined ? 'opensAt' : 'closesAt' }])
  }
  const formChanged = body.formId !== undefined && body.formId !== before.formId
  const set = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.stage !== undefined ? { stage: body.stage } : {}),
    ...(body.formId !== undefined ? { form_id: body.formId } : {}),
    ...(body.channels !== undefined ? { channels: jsonb(body.channels) } : {}),
    ...(body.opensAt !== undefined ? { opens_at: body.opensAt } : {}),
    ...(body.closesAt !== undefined ? { closes_at: body.closesAt } : {}),
    ...(formChanged && body.formula?.satisfiedLevels === undefined ? { satisfied_levels: null } : {}),
    ...formulaColumns(body),
  }
  if (Object.keys(set).length > 0) await db.updateTable('round').set(set as never).where('id', '=', roundId).execute()
  if (body.channels !== undefined || body.publicCategoryId !== undefined) await syncPublicLink(db, campaignId, roundId, body.channels ?? before.channels, body.publicCategoryId)
  return { before, after: await getRound(db, campaignId, roundId) }
}

/** Replaces a draft round's units: single units and whole active subtrees. */
export async function setRoundUnits(db: Db, campaignId: string, roundId: string, body: RoundUnitsBody): Promise<{ before: RoundView; after: RoundView }> {
  const before = await getRound(db, campaignId, roundId, { forUpdate: true })
  if (before.status !== 'draft') throw new ApiError(409, 'round_locked')
  const rows = await listUnitRows(db, campaignId)
  const active = new Set(rows.map((r) => r.id))
  const handedOut = new Map<string, number>()
  for (const pick of body.units) {
    if (!active.has(pick.unitId)) throw new ApiError(404, 'unit_not_found', [{ path: pick.unitId }])
    for (const id of pick.subtree ? subtreeIds(rows, [pick.unitId]) : [pick.unitId]) if (!handedOut.has(id)) handedOut.set(id, 0)
  }
  // A unit picked by itself keeps its own count; its descendants picked by subtree start at 0.
  for (const pick of body.units) handedOut.set(pick.unitId, pick.handedOut)
  // the round lists its units in tree order (parents before children, siblings by position)
  const order = new Map(flattenTree(buildTree(rows)).map(({ node }, i) => [node.id, i]))
  const ids = [...handedOut.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  await db.deleteFrom('round_unit').where('round_id', '=', roundId).execute()
  for (let i = 0; i < ids.length; i += 1000) {
    const values = ids.slice(i, i + 1000).map((unit_id, j) => ({ round_id: roundId, unit_id, handed_out: handedOut.get(unit_id) ?? 0, position: i + j }))
    await db.insertInto('round_unit').values(values).execute()
  }
  return { before, after: await getRound(db, campaignId, roundId) }
}

/** Sets ballots handed out per unit (回收率's denominator); allowed until the round is published. */
export async function setHandedOut(db: Db, campaignId: string, roundId: string, body: HandedOutBody): Promise<{ before: RoundView; after: RoundView }> {
  const before = await getRound(db, campaignId, roundId, { forUpdate: true })
  if (before.status === 'published') throw new ApiError(409, 'round_locked')
  const inRound = new Set(before.units.map((u) => u.unitId))
  for (const [unitId, n] of Object.entries(body.handedOut)) {
    if (!inRound.has(unitId)) throw new ApiError(422, 'unit_not_in_round', [{ path: `handedOut.${unitId}` }])
    await db.updateTable('round_unit').set({ handed_out: n }).where('round_id', '=', roundId).where('unit_id', '=', unitId).execute()
  }
  return { before, after: await getRound(db, campaignId, roundId) }
}

/**
 * Whether anyone has read the round's results since it first closed: its results document was
 * built (`results_cache`, written on the first read of a closed round's results by any page, API,
 * export or publication), its 回头看 figures exist (shown to the office as soon as it closes), or
 * its ballots' opinions were imported into the opinion registry (once per round: the opinions of
 * ballots cast after a reopen would never be imported, and a second import would show them apart).
 * A round read once must not reopen: closed again, the difference between the two views would
 * be the ballots cast in between — one person's, if one voted (docs/anonymity.md).
 */
export async function resultsRead(db: Db, roundId: string): Promise<boolean> {
  const { rows } = await sql<{ read: boolean }>`
    SELECT EXISTS (SELECT 1 FROM results_cache WHERE round_id = ${roundId})
      OR EXISTS (SELECT 1 FROM recheck_tally WHERE round_id = ${roundId})
      OR EXISTS (SELECT 1 FROM opinion_import WHERE round_id = ${roundId}) AS read`.execute(db)
  return rows[0]?.read === true
}

/**
 * Moves a round one step through draft → open → closed → published (or reopens a closed
 * one). Opening checks the round, freezes its form and locks its formula, filling in the
 * form's satisfied levels when none were chosen. Call inside a transaction.
 */
export async function transitionRound(
  db: Db,
  campaignId: string,
  roundId: string,
  action: RoundAction,
  now: Date,
  options: { leavePaper?: boolean } = {},
): Promise<{ before: RoundView; after: RoundView }> {
  const before = await getRound(db, campaignId, roundId, { forUpdate: true })
  const to = nextStatus(before.status, action)
  if (!to) throw new ApiError(409, 'round_bad_transition')
  if (action === 'open') {
    const [categories, levels] = await Promise.all([
      db.selectFrom('evaluator_category').select('weight').where('campaign_id', '=', campaignId).execute(),
      before.formId ? db.selectFrom('form_level').select(['id', 'satisfied', 'abstain']).where('form_id', '=', before.formId).execute() : Promise.resolve([]),
    ])
    const problem = openingProblem({
      formId: before.formId,
      units: before.units.length,
      categories: categories.length,
      weightCents: weightCents(categories.map((c) => Number(c.weight))),
      rankingMeasure: before.formula.rankingMeasure,
      satisfiedLevels: before.formula.satisfiedLevels,
      formLevels: levels.filter((l) => !l.abstain).map((l) => l.id),
    })
    if (problem) throw new ApiError(problem === 'form_invalid' ? 422 : 409, problem)
    const satisfied = before.formula.satisfiedLevels ?? levels.filter((l) => l.satisfied).map((l) => l.id)
    const opensAt = before.opensAt && Date.parse(before.opensAt) <= now.getTime() ? before.opensAt : now
    const closesAt = before.closesAt && Date.parse(before.closesAt) > now.getTime() ? before.closesAt : null
    await db
      .updateTable('round')
      .set({ status: 'open', opens_at: opensAt, closes_at: closesAt, formula_locked_at: now, satisfied_levels: jsonb(satisfied) } as never)
      .where('id', '=', roundId)
      .execute()
    await db.updateTable('form').set({ frozen_at: now }).where('id', '=', before.formId as string).where('frozen_at', 'is', null).execute()
    // A public channel chosen before the campaign had categories gets its link now.
    await syncPublicLink(db, campaignId, roundId, before.channels)
  } else if (action === 'close') {
    // paper is committed only while the round is open: closing over keyed batches loses them, unless confirmed
    const pending = options.leavePaper ? [] : await pendingBatches(db, roundId)
    if (pending.length > 0) throw new ApiError(409, 'paper_batches_pending', pending.map((b) => ({ path: 'paper', message: `${b.sitting} · ${b.name}` })))
    // unmarked until its closing work is done (rounds/closing.ts), also when it closes again
    await db.updateTable('round').set({ status: 'closed', closes_at: now, close_done: false }).where('id', '=', roundId).execute()
  } else if (action === 'reopen') {
    if (await resultsRead(db, roundId)) throw new ApiError(409, 'round_results_read')
    await db.updateTable('round').set({ status: 'open', closes_at: null }).where('id', '=', roundId).execute()
  } else {
    await db.updateTable('round').set({ status: to }).where('id', '=', roundId).execute()
  }
  return { before, after: await getRound(db, campaignId, roundId) }
}
