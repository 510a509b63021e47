// `npm run user:create -- --username admin --name 活动办公室 --role organiser [--campaign <id>] [--unit <id or code>] [--rounds <id,id>]`
// Creates a console account in DATABASE_URL or the embedded data folder (migrating it first).
// The password comes from PINGYI_PASSWORD or a prompt that does not echo; never from the command
// line, where it would land in the shell history and the process list.
import { parseArgs } from 'node:util'
import * as v from 'valibot'
import { NewPassword, Role, Username } from '../server/auth/schemas'
import { createUser } from '../server/auth/store'
import { openDatabase } from '../server/db/open'
import { ApiError } from '../server/errors'
import { errorMessages } from '../server/i18n'
import { readSettings } from '../server/settings'
import { readPassword } from './read-password'

const Args = v.object({
  username: Username,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  role: Role,
  campaign: v.optional(v.pipe(v.string(), v.uuid())),
  unit: v.optional(v.pipe(v.string(), v.minLength(1))),
  rounds: v.optional(v.pipe(v.string(), v.transform((text) => text.split(',').map((id) => id.trim()).filter(Boolean)), v.array(v.pipe(v.string(), v.uuid())))),
})

function fail(message: string): never {
  console.error(`user:create: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    campaign: { type: 'string' },
    unit: { type: 'string' },
    rounds: { type: 'string' },
  },
  strict: true,
})
const parsed = v.safeParse(Args, values)
if (!parsed.success) fail(parsed.issues.map((issue) => `--${issue.path?.[0]?.key ?? '?'}: ${issue.message}`).join('; '))
const args = parsed.output

const password = process.env.PINGYI_PASSWORD ?? (await readPassword(`Password for ${args.username}: `).catch((error: Error) => fail(error.message)))
const checked = v.safeParse(NewPassword, password)
if (!checked.success) fail(`password: ${checked.issues[0]?.message}`)

const settings = readSettings(process.env)
const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.PINGYI_DATA_DIR, max: 1 })
let failed = false
try {
  await database.migrate()
  let unitId: string | undefined
  if (args.unit) {
    // A unit may be named by its id or by its code within the campaign.
    const unit = await database.db
      .selectFrom('unit')
      .select('id')
      .where('campaign_id', '=', args.campaign ?? '00000000-0000-0000-0000-000000000000')
      .where((eb) => (/^[0-9a-f-]{36}$/i.test(args.unit!) ? eb.or([eb('id', '=', args.unit!), eb('code', '=', args.unit!)]) : eb('code', '=', args.unit!)))
      .executeTakeFirst()
    if (!unit) throw new Error(`--unit: no unit "${args.unit}" in campaign ${args.campaign ?? '(none given)'}`)
    unitId = unit.id
  }
  const user = await createUser(
    database.db,
    { username: args.username, name: args.name, role: args.role, password: checked.output, campaignId: args.campaign ?? null, unitId, roundIds: args.rounds },
    { actor: { id: null, name: 'user:create' }, at: new Date() },
  )
  console.log(`created ${user.role} "${args.username}" (${user.id})${user.campaignId ? ` in campaign ${user.campaignId}` : ', office-wide'}`)
} catch (error) {
  failed = true
  if (error instanceof ApiError) console.error(`user:create: ${error.code}: ${errorMessages[error.code].en}${error.issues?.length ? ` (${error.issues.map((i) => i.path).join(', ')})` : ''}`)
  else console.error(`user:create: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  await database.close()
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it shuts down.
process.exit(failed ? 1 : 0)
