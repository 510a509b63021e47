import { sql } from 'kysely'
import { fromBase64Url } from '../auth/crypto'
import type { KeyedHasher } from '../codes/keyed-hash'

/**
 * The key that seals a round's staged ballots until their flush (sql/052_sealed_staging.sql), as
 * a SQL expression: 32 bytes, the keyed hash of the round under the server key, so it is never
 * stored and never the same for two rounds. Sent only as a parameter of the statements that seal
 * and unseal (npm start warns when the server would log parameters: db/statement-log.ts).
 */
export async function sealKey(keys: KeyedHasher, roundId: string) {
  const bytes = fromBase64Url(await keys.hash('seal', roundId))
  if (!bytes || bytes.length !== 32) throw new Error('the seal key is not 32 bytes')
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return sql<Uint8Array>`decode(${hex}, 'hex')`
}

/**
 * The ballots of a staged group `g` (a `staged_group` row of the enclosing query), as a LATERAL
 * table expression: unit_id, category_id, channel, answers, opinion, valid, invalid_reason.
 * Sealed groups are opened with `key` (sealKey) and zipped with their heads — ROWS FROM pairs
 * the n-th sealed ballot with the n-th head, which says its unit, category and channel; groups
 * sealed before the heads said those carry them themselves. Paper groups are in clear.
 * @example sql`SELECT b.opinion FROM staged_group g CROSS JOIN LATERAL ${groupBallots(key)} b`
 */
export function groupBallots(key: Awaited<ReturnType<typeof sealKey>>) {
  return sql`(
    SELECT coalesce(s.unit_id, s.head_unit_id) AS unit_id, coalesce(s.category_id, s.head_category_id) AS category_id,
      coalesce(s.channel, s.head_channel) AS channel, s.answers, s.opinion, s.valid, s.invalid_reason
    FROM ROWS FROM (
      jsonb_to_recordset(coalesce(g.ballots, pingyi_unseal(g.sealed, ${key}))) AS (unit_id uuid, category_id uuid, channel text, answers jsonb, opinion text, valid boolean, invalid_reason text),
      jsonb_to_recordset(g.heads) AS (unit_id uuid, category_id uuid, channel text)
    ) AS s(unit_id, category_id, channel, answers, opinion, valid, invalid_reason, head_unit_id, head_category_id, head_channel))`
}
