import { sql, type Transaction } from 'kysely'
import type { Database } from './schema'

/**
 * Turns PostgreSQL's JIT compilation off for the rest of the transaction. A flush moves a few
 * hundred staged ballots in a few milliseconds, but once the staged tables' statistics have grown
 * its statement's estimated cost passes `jit_above_cost` (100,000 by default), and every run
 * compiled 108 expressions first: 35–50 ms of CPU a flush (auto_explain, after the bench's loads),
 * more than the flush itself — and a busy round flushes ten times a second. The setting is read
 * when the statement runs, so it holds for a cached plan too. (PGlite has no JIT compiler.)
 * @example await db.transaction().execute(async (trx) => { await withoutJit(trx); return moveStaged(trx) })
 */
export async function withoutJit(trx: Transaction<Database>): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(trx)
}
