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
