import type { Kysely, Transaction } from 'kysely'
import { jsonb } from '../db/jsonb'
import type { Answers, Channel, Database } from '../db/schema'
import { ApiError } from '../errors'

/** One checked ballot on its way in, with the keyed hashes that make it exactly-once. */
export interface Submission {
  /** Keyed hash of the round and the client's submission id. */
  keyHash: string
  unitId: string
  categoryId: string
  channel: Channel
  answers: Answers
  opinion: string | null
  valid: boolean
  invalidReason: string | null
  /** Keyed hash of the access code and the batch it belongs to, for code ballots. */
  code: { hash: string; batchId: string } | null
  /** Keyed hash of the device token, for public-link ballots. */
  deviceHash: string | null
}

/** What one submission got: counted (first time or a retry), or refused with an error. */
export type Outcome = { status: 'counted'; valid: boolean } | { status: 'refused'; error: ApiError }

const counted = (valid: boolean): Outcome => ({ status: 'counted', valid })
const refused = (status: ApiError['status'], code: ApiError['code']): Outcome => ({ status: 'refused', error: new ApiError(status, code) })

/**
 * Records many submissions to one round in one transaction (a group commit) and returns one
 * outcome per submission, in order. Set-based and exactly-once under concurrency: the unique
 * keys of `submission`, `code_use` and `device_use` decide, rows are inserted in key order so
 * concurrent batches cannot deadlock, and a refused submission leaves no row behind.
 * Accepted ballots go to `ballot_staging`; `flushRound` moves them into `ballot`.
 * Returns the number of ballots staged for the round after the commit.
 */
export async function recordSubmissions(db: Kysely<Database>, roundId: string, items: Submission[]): Promise<{ outcomes: Outcome[]; staged: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => recordIn(trx, roundId, items))
    } catch (error) {
      // deadlock or serialization failure: the whole batch rolled back; run it again
      const code = (error as { code?: string }).code
      if (attempt < 3 && (code === '40P01' || code === '40001')) continue
      throw error
    }
  }
}

async function recordIn(trx: Transaction<Database>, roundId: string, items: Submission[]) {
  const outcomes: (Outcome | undefined)[] = items.map(() => undefined)
  const pending = () => items.map((item, i) => ({ item, i })).filter(({ i }) => outcomes[i] === undefined)

  // A retry of a submission already accepted gets the answer it got, even after the round closed.
  const keys = [...new Set(items.map((s) => s.keyHash))]
  const stored = new Map((await trx.selectFrom('submission').select(['key_hash', 'valid']).where('key_hash', 'in', keys).execute()).map((r) => [r.key_hash, r.valid]))
  items.forEach((s, i) => {
    const valid = stored.get(s.keyHash)
    if (valid !== undefined) outcomes[i] = counted(valid)
  })
  if (pending().length === 0) return { outcomes: outcomes as Outcome[], staged: await stagedCount(trx, roundId) }

  // Read under a share lock: closing the round waits for this commit, voiding a batch too.
  const round = await trx.selectFrom('round').select('status').where('id', '=', roundId).forShare().executeTakeFirst()
  if (round?.status !== 'open') for (const { i } of pending()) outcomes[i] = refused(409, 'round_not_open')
  const batchIds = [...new Set(pending().flatMap(({ item }) => (item.code ? [item.code.batchId] : [])))]
  if (batchIds.length > 0) {
    const live = new Set(
      (await trx.selectFrom('code_batch').select('id').where('id', 'in', batchIds).where('voided_at', 'is', null).orderBy('id').forShare().execute()).map((b) => b.id),
    )
    for (const { item, i } of pending()) if (item.code && !live.has(item.code.batchId)) outcomes[i] = refused(403, 'code_invalid')
  }

  // Within the batch: the first of equal submission ids leads, later ones follow its outcome;
  // a second use of a code (or device) for a unit is refused like one from another batch.
  const leaders = new Map<string, number>()
  const uses = new Set<string>()
  const followers: [number, number][] = []
  for (const { item, i } of pending()) {
    const lead = leaders.get(item.keyHash)
    if (lead !== undefined) {
      followers.push([i, lead])
      continue
    }
    const use = item.code ? `c|${item.code.hash}|${item.unitId}` : item.deviceHash ? `d|${item.deviceHash}|${item.unitId}` : null
    if (use && uses.has(use)) {
      outcomes[i] = item.code ? refused(409, 'code_used') : refused(409, 'device_used')
      continue
    }
    if (use) uses.add(use)
    leaders.set(item.keyHash, i)
  }
  const leading = pending().filter(({ i }) => leaders.get(items[i]!.keyHash) === i)

  if (leading.length > 0) {
    const rows = leading.map(({ item }) => ({ key_hash: item.keyHash, round_id: roundId, valid: item.valid })).sort(byKey((r) => r.key_hash))
    const inserted = new Set((await trx.insertInto('submission').values(rows).onConflict((oc) => oc.doNothing()).returning('key_hash').execute()).map((r) => r.key_hash))
    const raced = leading.filter(({ item }) => !inserted.has(item.keyHash))
    if (raced.length > 0) {
      // A concurrent batch committed the same submission while we waited on its key.
      const again = new Map((await trx.selectFrom('submission').select(['key_hash', 'valid']).where('key_hash', 'in', raced.map(({ item }) => item.keyHash)).execute()).map((r) => [r.key_hash, r.valid]))
      for (const { item, i } of raced) outcomes[i] = counted(again.get(item.keyHash) ?? item.valid)
    }
  }

  const fresh = pending().filter(({ i }) => leaders.get(items[i]!.keyHash) === i)
  const lost = new Set<number>()
  const codeRows = fresh.filter(({ item }) => item.code).map(({ item, i }) => ({ i, code_hash: item.code!.hash, unit_id: item.unitId }))
  if (codeRows.length > 0) {
    codeRows.sort(byKey((r) => `${r.code_hash}|${r.unit_id}`))
    const got = new Set(
      (
        await trx
          .insertInto('code_use')
          .values(codeRows.map(({ code_hash, unit_id }) => ({ code_hash, unit_id })))
          .onConflict((oc) => oc.doNothing())
          .returning(['code_hash', 'unit_id'])
          .execute()
      ).map((r) => `${r.code_hash}|${r.unit_id}`),
    )
    for (const row of codeRows) if (!got.has(`${row.code_hash}|${row.unit_id}`)) ((outcomes[row.i] = refused(409, 'code_used')), lost.add(row.i))
  }
  const deviceRows = fresh.filter(({ item }) => !item.code && item.deviceHash).map(({ item, i }) => ({ i, device_hash: item.deviceHash!, unit_id: item.unitId }))
  if (deviceRows.length > 0) {
    deviceRows.sort(byKey((r) => `${r.device_hash}|${r.unit_id}`))
    const got = new Set(
      (
        await trx
          .insertInto('device_use')
          .values(deviceRows.map(({ device_hash, unit_id }) => ({ device_hash, round_id: roundId, unit_id })))
          .onConflict((oc) => oc.doNothing())
          .returning(['device_hash', 'unit_id'])
          .execute()
      ).map((r) => `${r.device_hash}|${r.unit_id}`),
    )
    for (const row of deviceRows) if (!got.has(`${row.device_hash}|${row.unit_id}`)) ((outcomes[row.i] = refused(409, 'device_used')), lost.add(row.i))
  }
  if (lost.size > 0) await trx.deleteFrom('submission').where('key_hash', 'in', [...lost].map((i) => items[i]!.keyHash)).execute()

  const accepted = fresh.filter(({ i }) => !lost.has(i))
  if (accepted.length > 0) {
    await trx
      .insertInto('ballot_staging')
      .values(
        accepted.map(({ item }) => ({
          round_id: roundId,
          unit_id: item.unitId,
          category_id: item.categoryId,
          channel: item.channel,
          answers: jsonb(item.answers),
          opinion: item.opinion,
          valid: item.valid,
          invalid_reason: item.invalidReason,
        })),
      )
      .execute()
    for (const { item, i } of accepted) outcomes[i] = counted(item.valid)
  }
  for (const [i, lead] of followers) outcomes[i] = outcomes[lead]
  return { outcomes: outcomes as Outcome[], staged: await stagedCount(trx, roundId) }
}

function byKey<T>(key: (row: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
}

async function stagedCount(trx: Transaction<Database>, roundId: string): Promise<number> {
  const row = await trx.selectFrom('ballot_staging').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow()
  return Number(row.n)
}
