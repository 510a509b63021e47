import { type Kysely, sql } from 'kysely'
import type { Database } from './schema'

/**
 * A warning when the PostgreSQL server would write ballot statements' parameters to its log, or
 * null. A group commit sends each ballot's answers and opinion in one parameter with its code's
 * keyed hash (ingest/record.ts): a server that logs statements (`log_statement` mod or all, or
 * `log_min_duration_statement` ≥ 0) with parameters (`log_parameter_max_length`, −1 by default,
 * is not 0) writes that pair to its log, with a timestamp. The app cannot turn it off itself
 * (superuser settings): the operator is told how, at start-up.
 */
export async function statementLogRisk(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ statement: string; duration: string; parameters: string }>`
    SELECT current_setting('log_statement') AS statement,
           current_setting('log_min_duration_statement') AS duration,
           current_setting('log_parameter_max_length') AS parameters`.execute(db)
  const setting = rows[0]
  if (!setting) return null
  const logs = setting.statement === 'mod' || setting.statement === 'all' || !setting.duration.startsWith('-1')
  if (!logs || setting.parameters === '0') return null
  return [
    `警告 Warning: PostgreSQL logs statements with their parameters (log_statement = ${setting.statement}, log_min_duration_statement = ${setting.duration}, log_parameter_max_length = ${setting.parameters}).`,
    '  Its log would then hold each ballot beside its code’s hash, which breaks evaluators’ anonymity (docs/anonymity.md).',
    '  As a superuser, run: ALTER ROLE <this app’s role> SET log_parameter_max_length = 0; (or turn statement logging off), then restart Pingyi.',
  ].join('\n')
}
