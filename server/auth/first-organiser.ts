import type { Kysely } from 'kysely'
import * as v from 'valibot'
import type { Database } from '../db/schema'
import { NewPassword, Username } from './schemas'
import { createUser, hasOrganiser } from './store'

const FirstOrganiser = v.object({ username: Username, password: NewPassword })

/**
 * Creates the first, office-wide organiser from host settings (`PINGYI_ADMIN_USER`,
 * `PINGYI_ADMIN_PASSWORD`) when no organiser exists yet; there is no built-in default account.
 * Returns the username created, or null when nothing was done. Throws a readable Error when
 * only one of the two is set or the values are not acceptable.
 */
export async function ensureFirstOrganiser(db: Kysely<Database>, settings: { username?: string; password?: string }, now: Date): Promise<string | null> {
  if (settings.username === undefined && settings.password === undefined) return null
  if (settings.username === undefined || settings.password === undefined) {
    throw new Error('set both PINGYI_ADMIN_USER and PINGYI_ADMIN_PASSWORD to create the first organiser')
  }
  const result = v.safeParse(FirstOrganiser, settings)
  if (!result.success) {
    const problems = result.issues.map((issue) => `${issue.path?.[0]?.key === 'password' ? 'PINGYI_ADMIN_PASSWORD' : 'PINGYI_ADMIN_USER'}: ${issue.message}`)
    throw new Error(`cannot create the first organiser: ${problems.join('; ')}`)
  }
  if (await hasOrganiser(db)) return null
  await createUser(
    db,
    { username: result.output.username, name: result.output.username, role: 'organiser', password: result.output.password, campaignId: null },
    { actor: { id: null, name: 'PINGYI_ADMIN_USER' }, at: now },
  )
  return result.output.username
}
