import { type Kysely, sql } from 'kysely'
import type { Answers, Channel, Database, SealedBallotJson } from '../db/schema'
import type { KeyedHasher } from '../codes/keyed-hash'
import { ApiError } from '../errors'
import { sealKey } from './seal'

/** One checked ballot on its way in, with the keyed hashes that make it exactly-once. */
export interface Submission {
  /** Keyed hash of the round and the client's submission id. */
  keyHash: string
  unitId: string
  /**
   * The evaluator category: for a public-link ballot, the link's (or the one the voter named);
   * for a code ballot, the one the request named or null — the code's batch decides, and a
   * named category that is not the batch's is refused.
   */
  categoryId: string | null
  channel: Channel
  answers: Answers
  opinion: string | null
  valid: boolean
  invalidReason: string | null
  /**
   * Keyed hash of the access code, for code ballots: looked up in the group commit's statement
   * itself (live batch of this round, unit in its scope), not by a query of its own first.
   */
  codeHash: string | null
  /** Keyed hash of the device token, for public-link ballots. */
  deviceHash: string | null
}

/** What one submission got: counted (first time or a retry), or refused with an error. */
export type Outcome = { status: 'counted'; valid: boolean } | { status: 'refused'; error: ApiError }

const counted = (valid: boolean): Outcome => ({ status: 'counted', valid })
const refused = (status: ApiError['status'], code: ApiError['code']): Outcome => ({ status: 'refused', error: new ApiError(status, code) })

/** The round's staged ballots, counted in up to `upTo` groups (each holds one ballot or more): a SQL expression. */
export function stagedUpTo(roundId: string, upTo: number) {
  return sql<string>`(SELECT coalesce(sum(size), 0) FROM (SELECT size FROM staged_group WHERE round_id = ${roundId} LIMIT ${upTo}) s)`
}

/**
 * Records many submissions to one round in one SQL statement (a group commit: one round trip,
 * atomic without BEGIN/COMMIT) and returns one outcome per submission, in order. The statement
 * checks everything the database knows: the round open, each code live in this round with the
 * unit in its scope (a code ballot takes its batch's category), each category alive. Set-based and
 * exactly-once under concurrency: the unique keys of `code_use` (a code ballot, with its
 * submission's key: sql/056), then `device_use` and `submission` (a public-link ballot) decide,
 * inserted in that order and each in key order, so concurrent statements cannot wait on each
 * other in a cycle; a refused submission leaves no row behind. The accepted ballots go into one
 * `staged_group` row; `flushRound` moves them into `ballot`.
 * Returns `staged`: the ballots this statement staged; with `countTableUpTo`, the round's
 * staged ballots after it, in up to that many groups (an instance that lives for one request
 * cannot keep its own count; counting them all would read every row a flush deleted since the
 * last vacuum).
 */
export async function recordSubmissions(db: Kysely<Database>, roundId: string, items: Submission[], options: { keys: KeyedHasher; countTableUpTo?: number }): Promise<{ outcomes: Outcome[]; staged: number }> {
  const key = await sealKey(options.keys, roundId)
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordOnce(db, roundId, items, key, options.countTableUpTo)
    } catch (error) {
      // deadlock or serialization failure: the statement rolled back as a whole; run it again
      const code = (error as { code?: string }).code
      if (attempt < 3 && (code === '40P01' || code === '40001')) continue
      throw error
    }
  }
}

/** What the statement says of one submission (a row per leading submission, by `ord`). */
interface Recorded {
  ord: number
  prior_valid: boolean | null
  round_open: boolean
  code_live: boolean
  in_scope: boolean
  category_match: boolean
  category_live: boolean
  use_taken: boolean
  stored: boolean
  staged: string
}

async function recordOnce(db: Kysely<Database>, roundId: string, items: Submission[], key: Awaited<ReturnType<typeof sealKey>>, countTableUpTo: number | undefined) {
  const outcomes: (Outcome | undefined)[] = items.map(() => undefined)

  // Within the batch: the first of equal submissions leads, later ones follow its outcome; a
  // second use of a code (or device) for a unit is refused like one from another batch.
  const leaders = new Map<string, number>()
  const uses = new Set<string>()
  const followers: [number, number][] = []
  items.forEach((item, i) => {
    const use = useOf(item)
    const id = identity(item, use)
    const lead = leaders.get(id)
    if (lead !== undefined) return void followers.push([i, lead])
    if (use && uses.has(use)) return void (outcomes[i] = usedUp(item))
    if (use) uses.add(use)
    leaders.set(id, i)
  })
  const leading = [...leaders.values()]
  const input = leading.map((i) => {
    const item = items[i]!
    return {
      ord: i,
      key_hash: item.keyHash,
      unit_id: item.unitId,
      category_id: item.categoryId,
      channel: item.channel,
      valid: item.valid,
      code_hash: item.codeHash,
      device_hash: item.codeHash ? null : item.deviceHash,
      // The ballot as sealed, a JSON text inside the JSON: the accepted ones are joined into the
      // group's array and parsed once (nested objects would be printed and parsed again per row).
      // Its unit, category and channel are not in it: the group's heads, in clear, say them in
      // the same order (every byte sealed is written twice: to the WAL and the table). No
      // opinion or invalid reason: left out (JSON.stringify skips what is undefined).
      ballot: JSON.stringify({
        answers: item.answers,
        valid: item.valid,
        opinion: item.opinion ?? undefined,
        invalid_reason: item.invalidReason ?? undefined,
      } satisfies SealedBallotJson),
    }
  })

  const { rows } = await sql<Recorded>`
    WITH input AS (
      SELECT * FROM json_to_recordset(cast(cast(${JSON.stringify(input)} AS text) AS json)) AS t(
        ord int, key_hash text, unit_id uuid, category_id uuid, channel text, valid boolean, code_hash text, device_hash text, ballot text)
    ),
    -- Share locks: closing the round, or voiding a batch, waits for this statement.
    open_round AS (SELECT id FROM round WHERE id = ${roundId} AND status = 'open' FOR SHARE),
    -- Each code's batch, one index probe per code (a grid's ballots share one; LIMIT 1: as for
    -- a retry's answer below).
    -- FOR KEY SHARE, what a foreign key of code_use did per ballot (sql/054): deleting the code
    -- waits for this statement; one deleted meanwhile is not found.
    code_of AS (
      SELECT h.code_hash, a.batch_id FROM (SELECT DISTINCT code_hash FROM input WHERE code_hash IS NOT NULL) h
      CROSS JOIN LATERAL (SELECT batch_id FROM access_code WHERE code_hash = h.code_hash LIMIT 1 FOR KEY SHARE) a
    ),
    live_batch AS (
      SELECT id, category_id, all_units FROM code_batch
      WHERE id IN (SELECT batch_id FROM code_of) AND round_id = ${roundId} AND voided_at IS NULL ORDER BY id FOR SHARE
    ),
    -- A code ballot's category is its batch's; a category the request named must be that one.
    resolved AS (
      SELECT i.ord, i.key_hash, i.unit_id, i.channel, i.valid, i.code_hash, i.device_hash, i.ballot,
        CASE WHEN i.code_hash IS NULL THEN i.category_id ELSE b.category_id END AS category_id,
        (i.code_hash IS NULL OR b.id IS NOT NULL) AS code_live,
        (i.code_hash IS NULL OR b.all_units OR EXISTS (SELECT 1 FROM code_batch_unit u WHERE u.batch_id = b.id AND u.unit_id = i.unit_id)) IS TRUE AS in_scope,
        (i.code_hash IS NULL OR i.category_id IS NULL OR i.category_id = b.category_id) IS TRUE AS category_match
      FROM input i LEFT JOIN code_of c ON c.code_hash = i.code_hash LEFT JOIN live_batch b ON b.id = c.batch_id
    ),
    -- What a foreign key did per staged ballot, once per category: deleting one waits for this
    -- statement, then finds it in staged_group.category_ids.
    live_category AS (SELECT id FROM evaluator_category WHERE id IN (SELECT category_id FROM resolved) ORDER BY id FOR KEY SHARE),
    admitted AS (
      SELECT r.* FROM resolved r
      WHERE EXISTS (SELECT 1 FROM open_round)
        AND r.code_live AND r.in_scope AND r.category_match
        AND r.category_id IN (SELECT id FROM live_category)
    ),
    -- A code ballot's use row keeps its submission's key (sql/056): a code rates a unit once, so
    -- this row alone stores it at most once, and tells a retry (same key) from another use.
    code_taken AS (
      INSERT INTO code_use (code_hash, unit_id, key_hash)
      SELECT code_hash, unit_id, key_hash FROM admitted WHERE code_hash IS NOT NULL ORDER BY code_hash, unit_id
      ON CONFLICT DO NOTHING RETURNING code_hash, unit_id
    ),
    device_taken AS (
      INSERT INTO device_use (device_hash, round_id, unit_id)
      SELECT device_hash, ${roundId}, unit_id FROM admitted WHERE device_hash IS NOT NULL ORDER BY device_hash, unit_id
      ON CONFLICT DO NOTHING RETURNING device_hash, unit_id
    ),
    taken AS (
      SELECT a.* FROM admitted a
      WHERE CASE
        WHEN a.code_hash IS NOT NULL THEN EXISTS (SELECT 1 FROM code_taken u WHERE u.code_hash = a.code_hash AND u.unit_id = a.unit_id)
        WHEN a.device_hash IS NOT NULL THEN EXISTS (SELECT 1 FROM device_taken u WHERE u.device_hash = a.device_hash AND u.unit_id = a.unit_id)
        ELSE true END
    ),
    -- A public-link ballot's key in a row of its own: a device that lost its cookie retries as
    -- another device, and only this key then tells the retry.
    submitted AS (
      INSERT INTO submission (key_hash, round_id, valid)
      SELECT key_hash, ${roundId}, valid FROM taken WHERE code_hash IS NULL ORDER BY key_hash
      ON CONFLICT DO NOTHING RETURNING key_hash
    ),
    stored AS (
      SELECT ord FROM taken WHERE code_hash IS NOT NULL OR key_hash IN (SELECT key_hash FROM submitted)
    ),
    -- The group's accepted ballots in one staged row (none when it accepted none), in random
    -- order, sealed until the flush (sql/052): this row shares its xmin with the code uses above.
    -- In clear only what those say already: each ballot's unit, category and channel (heads),
    -- in the order of the sealed ballots (one random position each), which do not repeat them.
    staged AS (
      INSERT INTO staged_group (round_id, size, category_ids, heads, sealed)
      SELECT ${roundId}, count(*), array_agg(DISTINCT category_id),
        jsonb_agg(jsonb_build_object('unit_id', unit_id, 'category_id', category_id, 'channel', channel) ORDER BY pos),
        pingyi_seal('[' || string_agg(ballot, ',' ORDER BY pos) || ']', ${key})
      -- IS TRUE keeps this a hashed subplan: as a plain IN the planner, guessing one row on each
      -- side, joins the two by nested loop (382 × 382 text comparisons: 11 ms of a 44 ms group).
      -- (random() in the subquery's list: drawn once per ballot, the subquery is not flattened.)
      FROM (SELECT *, random() AS pos FROM taken WHERE (ord IN (SELECT ord FROM stored)) IS TRUE) t
      HAVING count(*) > 0
      RETURNING size
    )
    -- A retry of a submission accepted before gets the answer it got, even after the round
    -- closed: looked up only for what this statement did not store (its key, not a use, tells a
    -- retry apart; a retry's use row is there already, so it takes none). A code ballot's key is
    -- in its use row, and its answer is its own validity (the form is frozen: the first copy
    -- got the same); a public-link ballot's, or one stored before sql/056, is in submission.
    -- One index probe each (LIMIT 1 keeps the planner from a hash join that reads the whole
    -- table while its statistics still call it small, as in a round's first minutes).
    SELECT i.ord,
      CASE WHEN i.ord IN (SELECT ord FROM stored) THEN NULL
        ELSE coalesce(
          (SELECT i.valid FROM code_use u WHERE u.code_hash = i.code_hash AND u.unit_id = i.unit_id AND u.key_hash = i.key_hash LIMIT 1),
          (SELECT valid FROM submission s WHERE s.key_hash = i.key_hash LIMIT 1)) END AS prior_valid,
      EXISTS (SELECT 1 FROM open_round) AS round_open,
      i.code_live, i.in_scope, i.category_match,
      i.category_id IN (SELECT id FROM live_category) AS category_live,
      i.ord IN (SELECT ord FROM taken) AS use_taken,
      i.ord IN (SELECT ord FROM stored) AS stored,
      ${
        countTableUpTo === undefined
          ? sql`(SELECT coalesce(sum(size), 0) FROM staged)`
          : // the groups committed before this statement, and its own
            sql`${stagedUpTo(roundId, countTableUpTo)} + (SELECT coalesce(sum(size), 0) FROM staged)`
      } AS staged
    FROM resolved i
    ORDER BY i.ord`.execute(db)

  // Not taken: the code (or device) was used for the unit, or this very submission's first
  // copy took it meanwhile. Taken but not stored (a public-link ballot): a copy committed the
  // submission first (before this statement, or concurrently) from another device or for
  // another unit — its use row here admits no ballot and is given back.
  const unsure: Recorded[] = []
  for (const row of rows) {
    const item = items[row.ord]!
    if (row.use_taken && !row.stored) unsure.push(row)
    else if (row.prior_valid !== null) outcomes[row.ord] = counted(row.prior_valid)
    else if (!row.round_open) outcomes[row.ord] = refused(409, 'round_not_open')
    else if (!row.code_live) outcomes[row.ord] = refused(403, 'code_invalid')
    else if (!row.in_scope) outcomes[row.ord] = refused(403, 'code_wrong_unit')
    else if (!row.category_match) outcomes[row.ord] = refused(422, 'category_mismatch')
    else if (!row.category_live) outcomes[row.ord] = refused(422, 'category_not_in_campaign')
    else if (row.use_taken && row.stored) outcomes[row.ord] = counted(item.valid)
    else unsure.push(row)
  }
  if (unsure.length > 0) await settleUnsure(db, roundId, items, unsure, outcomes)
  for (const [i, lead] of followers) outcomes[i] = outcomes[lead]
  return { outcomes: outcomes as Outcome[], staged: Number(rows[0]?.staged ?? 0) }
}

/**
 * The rare paths after the statement: a lost race for a code or device, or for a submission id.
 * Read again, after the statement: a copy that won the race committed after its snapshot.
 */
async function settleUnsure(db: Kysely<Database>, roundId: string, items: Submission[], unsure: Recorded[], outcomes: (Outcome | undefined)[]) {
  const committed = new Map(
    (
      await db
        .selectFrom('submission')
        .select(['key_hash', 'valid'])
        .where(
          'key_hash',
          'in',
          unsure.map((row) => items[row.ord]!.keyHash),
        )
        .execute()
    ).map((r) => [r.key_hash, r.valid]),
  )
  // A code ballot whose code use a copy of the same submission took (same key): counted, with
  // its own validity, as the copy was.
  const codes = [...new Set(unsure.flatMap((row) => items[row.ord]!.codeHash ?? []))]
  const usedBy = new Map(
    codes.length === 0
      ? []
      : (await db.selectFrom('code_use').select(['code_hash', 'unit_id', 'key_hash']).where('code_hash', 'in', codes).execute()).map((r) => [codeUse(r.code_hash, r.unit_id), r.key_hash]),
  )
  for (const row of unsure) {
    const item = items[row.ord]!
    const copyTookUse = item.codeHash !== null && usedBy.get(codeUse(item.codeHash, item.unitId)) === item.keyHash
    const valid = copyTookUse ? item.valid : committed.get(item.keyHash)
    if (valid !== undefined) outcomes[row.ord] = counted(valid)
    else if (!row.use_taken) outcomes[row.ord] = usedUp(item)
    else outcomes[row.ord] = counted(item.valid)
    if (row.use_taken && !row.stored) {
      if (item.codeHash) await db.deleteFrom('code_use').where('code_hash', '=', item.codeHash).where('unit_id', '=', item.unitId).execute()
      else if (item.deviceHash) await db.deleteFrom('device_use').where('device_hash', '=', item.deviceHash).where('round_id', '=', roundId).where('unit_id', '=', item.unitId).execute()
    }
  }
}

/**
 * What makes two submissions one (a retry): a public-link ballot's submission id; a code
 * ballot's submission id with its code and unit — the same id sent for another unit (or with
 * another code) is another ballot, and is stored once itself (sql/056). `use`: its `useOf`.
 */
function identity(item: Submission, use: string | null): string {
  return item.codeHash ? `${item.keyHash}|${use}` : item.keyHash
}

/** The refusal of a code (or device) already used for the unit. */
const usedUp = (item: Submission): Outcome => (item.codeHash ? refused(409, 'code_used') : refused(409, 'device_used'))

/** The use a submission takes: of its code, or of its device, for its unit (null: neither). */
function useOf(item: Submission): string | null {
  return item.codeHash ? codeUse(item.codeHash, item.unitId) : item.deviceHash ? `d|${item.deviceHash}|${item.unitId}` : null
}

/** A code's use for a unit, as a key (one code_use row). */
const codeUse = (codeHash: string, unitId: string) => `c|${codeHash}|${unitId}`
