import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database, Round } from '../db/schema'
import { type RoundDocument, roundDocument } from './document'
import { loadRound } from './load'

type Db = Kysely<Database> | Transaction<Database>

/** Raise when the document's shape, wording or suppression changes: documents cached by an older build are then never served. */
export const DOCUMENT_VERSION = 'results-8'

/**
 * One text that changes whenever anything a round's results are computed from changes: the
 * round row (formula, status), its campaign, form dimensions and levels, units of the round with
 * their names, kinds, parents and ballots handed out, the campaign's categories and weights, and
 * the version of the tallies and ballot counts. Computed in the database in one query (about a
 * millisecond for 200 units), nothing is transferred but the hash.
 */
export async function resultsFingerprint(db: Db, roundId: string): Promise<string> {
  const { rows } = await sql<{ fingerprint: string }>`
    SELECT md5(concat_ws('|', ${DOCUMENT_VERSION}::text,
      (SELECT r::text FROM round r WHERE r.id = ${roundId}),
      (SELECT c::text FROM campaign c JOIN round r ON r.campaign_id = c.id WHERE r.id = ${roundId}),
      (SELECT string_agg(d::text, ';' ORDER BY d.id) FROM form_dimension d JOIN round r ON r.form_id = d.form_id WHERE r.id = ${roundId}),
      (SELECT string_agg(l::text, ';' ORDER BY l.id) FROM form_level l JOIN round r ON r.form_id = l.form_id WHERE r.id = ${roundId}),
      (SELECT string_agg(ru::text || u::text, ';' ORDER BY u.id) FROM round_unit ru JOIN unit u ON u.id = ru.unit_id WHERE ru.round_id = ${roundId}),
      (SELECT string_agg(ec::text, ';' ORDER BY ec.id) FROM evaluator_category ec JOIN round r ON r.campaign_id = ec.campaign_id WHERE r.id = ${roundId}),
      -- raised by every statement that writes the round's tallies or ballot counts (sql/045)
      'tallies ' || coalesce((SELECT version FROM tally_version WHERE round_id = ${roundId}), 0)
    )) AS fingerprint`.execute(db)
  return rows[0]!.fingerprint
}

/** A round's full results: the document, and the organiser's live answer as UTF-8 bytes (made once, on first use). */
export interface FullResults {
  document: RoundDocument
  /** `{"publication":null,…document}` encoded once: a Response from a 650 KB string costs ~6 ms (USV check + encoding) every time. */
  answer(): Uint8Array<ArrayBuffer>
}

function fullResults(document: RoundDocument, body: string): FullResults {
  let bytes: Uint8Array<ArrayBuffer> | undefined
  return { document, answer: () => (bytes ??= new TextEncoder().encode(`{"publication":null,${body.slice(1)}`) as Uint8Array<ArrayBuffer>) }
}

/** Parsed documents of this instance, newest last; each is checked against the fingerprint before use. */
const memory = new Map<string, { fingerprint: string; results: FullResults }>()
const MEMORY_ROUNDS = 8

function remember(roundId: string, fingerprint: string, results: FullResults): FullResults {
  memory.delete(roundId)
  memory.set(roundId, { fingerprint, results })
  while (memory.size > MEMORY_ROUNDS) memory.delete(memory.keys().next().value as string)
  return results
}

/**
 * The full results document of a closed (or published) round, computed from the tallies once
 * and then served while its fingerprint still matches: from this instance's memory, else from
 * `results_cache`, else computed and stored. Open and draft rounds are always computed (their
 * tallies move). Exactly the document `roundDocument` would compute now.
 */
export async function fullRoundDocument(db: Kysely<Database>, round: Round): Promise<RoundDocument> {
  return (await fullRoundResults(db, round)).document
}

/** `fullRoundDocument` with its JSON text (`body`), for answers that send it as it is. */
export async function fullRoundResults(db: Kysely<Database>, round: Round): Promise<FullResults> {
  if (round.status !== 'closed' && round.status !== 'published') {
    const document = roundDocument(await loadRound(db, round)).document
    return fullResults(document, JSON.stringify(document))
  }
  const fingerprint = await resultsFingerprint(db, round.id)
  const known = memory.get(round.id)
  if (known?.fingerprint === fingerprint) return known.results
  const stored = await db.selectFrom('results_cache').select('body').where('round_id', '=', round.id).where('fingerprint', '=', fingerprint).executeTakeFirst()
  if (stored) return remember(round.id, fingerprint, fullResults(JSON.parse(stored.body) as RoundDocument, stored.body))
  // Computed after the fingerprint was read: if the inputs moved meanwhile, the stored pair is
  // merely never matched again; a stale document is never stored under a newer fingerprint.
  const document = roundDocument(await loadRound(db, round)).document
  const body = JSON.stringify(document)
  await db
    .insertInto('results_cache')
    .values({ round_id: round.id, fingerprint, body })
    .onConflict((oc) => oc.column('round_id').doUpdateSet({ fingerprint, body, computed_at: new Date() }))
    .execute()
  return remember(round.id, fingerprint, fullResults(document, body))
}
