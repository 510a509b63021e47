import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema'
import type { KeyedHasher } from './keyed-hash'

/** The `app_secret` row that remembers which code key was last used: a keyed hash of a constant, which tells nothing of the key. */
const CHECK = 'code_key_check'

/**
 * Whether this host may use the code key it was given on this database: null when it may, else
 * why not, in the user's two languages. Everything an open round hands out or holds is keyed
 * with it — access codes, device tokens, submission ids (exactly-once) — and ballots and 回头看
 * answers waiting to be counted are sealed with keys derived from it (ingest/seal.ts). A host
 * started with another key (PINGYI_CODE_KEY set anew, or the Workers secret not the Node host's)
 * would refuse every code handed out, let devices vote again, and could never unseal what is
 * staged: acknowledged ballots would be lost. So the first key used is remembered (as a keyed
 * hash of a constant), and another is refused while anything depends on the one remembered;
 * once nothing does (no round open or in preparation with live codes, nothing staged), the new
 * key is remembered instead.
 */
export async function codeKeyProblem(db: Kysely<Database>, keys: KeyedHasher): Promise<string | null> {
  const mark = await keys.hash('key-check', 'pingyi')
  await db.insertInto('app_secret').values({ name: CHECK, value: mark }).onConflict((oc) => oc.column('name').doNothing()).execute()
  const remembered = await db.selectFrom('app_secret').select('value').where('name', '=', CHECK).executeTakeFirstOrThrow()
  if (remembered.value === mark) return null
  const { rows } = await sql<{ rounds: string; staged: string }>`
    SELECT
      (SELECT count(*) FROM round r WHERE r.status = 'open'
         OR (r.status = 'draft' AND EXISTS (SELECT 1 FROM code_batch b WHERE b.round_id = r.id AND b.voided_at IS NULL))) AS rounds,
      (SELECT coalesce(sum(size), 0) FROM staged_group WHERE sealed IS NOT NULL)
        + (SELECT count(*) FROM recheck_staging WHERE sealed IS NOT NULL) AS staged`.execute(db)
  const rounds = Number(rows[0]?.rounds ?? 0)
  const staged = Number(rows[0]?.staged ?? 0)
  if (rounds === 0 && staged === 0) {
    await db.updateTable('app_secret').set({ value: mark }).where('name', '=', CHECK).execute()
    return null
  }
  const stored = await db.selectFrom('app_secret').select('name').where('name', '=', 'code_key').executeTakeFirst()
  const where = stored
    ? "原密钥保存在数据库表 app_secret 中（SELECT value FROM app_secret WHERE name = 'code_key'），可把 PINGYI_CODE_KEY 设为它，或不设。"
    : ''
  const whereEn = stored ? " The previous key is kept in the database (SELECT value FROM app_secret WHERE name = 'code_key'): set PINGYI_CODE_KEY to it, or leave it unset." : ''
  return (
    `密钥 PINGYI_CODE_KEY 与此前使用的不同：${rounds} 个进行中或准备中的轮次的一人一码、设备凭据和提交编号依赖原密钥，${staged} 份等待计入的选票和回头看答案用原密钥封存——换用新密钥会使已发的码失效、已收的选票无法计入。请用原密钥启动；确需更换，先用原密钥结束这些轮次。${where} ` +
    `The code key (PINGYI_CODE_KEY) is not the one used before: ${rounds} round(s) open or in preparation rely on it for their access codes, device tokens and submission ids, and ${staged} ballot(s) and 回头看 answer(s) waiting to be counted are sealed with it — a new key would void the codes handed out and lose the ballots received. Start with the previous key; to change it, close those rounds under the previous key first.${whereEn}`
  )
}
