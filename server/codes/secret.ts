import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { newSecretKey } from './keyed-hash'

/**
 * The code key kept in the database (`app_secret`), made once on first start: for the
 * embedded default, where the data folder is the whole installation. Hosts given
 * PINGYI_CODE_KEY use that instead, which keeps the key out of database dumps.
 */
export async function storedCodeKey(db: Kysely<Database>): Promise<string> {
  await db.insertInto('app_secret').values({ name: 'code_key', value: newSecretKey() }).onConflict((oc) => oc.column('name').doNothing()).execute()
  const row = await db.selectFrom('app_secret').select('value').where('name', '=', 'code_key').executeTakeFirstOrThrow()
  return row.value
}
