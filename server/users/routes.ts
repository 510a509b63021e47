import { Hono } from 'hono'
import { recordAudit } from '../audit/record'
import { assertCampaignAccess, currentUser, requireUser, type SessionUser } from '../auth/guard'
import { hashPassword } from '../auth/password'
import { createUser } from '../auth/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { NewUserBody, UserPatchBody, UserQuery } from './schemas'
import { endSessions, findUser, listUsers, setClerkRounds, type UserView } from './store'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function readJson(c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } }): Promise<unknown> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
  return c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
}

/** Only an office-wide organiser manages office-wide accounts; others only their campaign's. */
export function assertManages(user: SessionUser, target: { campaignId: string | null }): void {
  if (target.campaignId === null) {
    if (user.campaignId !== null) throw new ApiError(403, 'forbidden')
    return
  }
  assertCampaignAccess(user, target.campaignId)
}

/** `/api/users`: organisers list, create and change the accounts of their campaign. */
export const userRoutes = new Hono<AppEnv>()
  .use(requireUser('organiser'))
  .get('/', async (c) => {
    const user = currentUser(c)
    const query = parseOrThrow(UserQuery, c.req.query(), c.get('lang'))
    if (query.campaignId) assertCampaignAccess(user, query.campaignId)
    return c.json({ users: await listUsers(c.get('db'), { campaignId: query.campaignId ?? user.campaignId ?? undefined }) })
  })
  .post('/', async (c) => {
    const user = currentUser(c)
    const body = parseOrThrow(NewUserBody, await readJson(c), c.get('lang'))
    const campaignId = body.campaignId === undefined ? user.campaignId : body.campaignId
    assertManages(user, { campaignId })
    const created = await createUser(c.get('db'), { ...body, campaignId }, { actor: user, at: c.get('now')() })
    return c.json(await findUser(c.get('db'), created.id), 201)
  })
  .patch('/:id', async (c) => {
    const user = currentUser(c)
    const id = c.req.param('id')
    const body = parseOrThrow(UserPatchBody, await readJson(c), c.get('lang'))
    const db = c.get('db')
    const before = UUID.test(id) ? await findUser(db, id) : undefined
    if (!before) throw new ApiError(404, 'not_found')
    assertManages(user, before)
    if (body.disabled === true && before.id === user.id) throw new ApiError(409, 'cannot_disable_self')
    if (body.roundIds && before.role !== 'clerk') throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
    const passwordHash = body.password ? await hashPassword(body.password) : undefined
    const now = c.get('now')()
    const after = await db.transaction().execute(async (trx) => {
      if (body.roundIds?.length) {
        const rounds = await trx.selectFrom('round').select('id').where('id', 'in', body.roundIds).where('campaign_id', '=', before.campaignId).execute()
        if (rounds.length !== new Set(body.roundIds).size) throw new ApiError(422, 'invalid_scope', [{ path: 'roundIds' }])
      }
      const changes = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.disabled !== undefined ? { disabled_at: body.disabled ? now : null } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      }
      if (Object.keys(changes).length) await trx.updateTable('app_user').set(changes).where('id', '=', id).execute()
      if (body.roundIds) await setClerkRounds(trx, id, body.roundIds)
      // A disabled account or a reset password must not leave a live session behind.
      if (body.disabled === true || passwordHash) await endSessions(trx, id)
      const updated = (await findUser(trx, id)) as UserView
      await recordAudit(trx, {
        actor: user,
        campaignId: before.campaignId,
        action: 'update',
        entity: 'user',
        entityId: id,
        before,
        after: { ...updated, ...(passwordHash ? { passwordReset: true } : {}) },
        at: now,
      })
      return updated
    })
    return c.json(after)
  })
