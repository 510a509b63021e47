import type { Kysely } from 'kysely'
import { type CodeScope, findCodeScopes } from '../codes/store'
import type { Database } from '../db/schema'
import { Grouped, type GroupedOptions } from './grouped'

/** Code lookups of a round, asked one code at a time. */
export type CodeLookups = Grouped<string, CodeScope | null>

/**
 * Code lookups asked together, as the ingest's group commit does with ballots: at low load a
 * code costs one query as before; under load (300 delegates opening their grids) one query
 * answers every code that waited, and each request saves a round trip to the database. A code
 * unknown, voided or of another round is answered null.
 * @example const scope = await codeLookups(db, options).ask(roundId, codeHash)
 */
export function codeLookups(db: Kysely<Database>, options: GroupedOptions): CodeLookups {
  return new Grouped(options, async (roundId, hashes) => {
    const scopes = await findCodeScopes(db, roundId, [...new Set(hashes)])
    return hashes.map((hash) => scopes.get(hash) ?? null)
  })
}
