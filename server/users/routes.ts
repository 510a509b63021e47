import { Hono } from 'hono'
import { assertCampaignAccess, currentUser, requireUser } from '../auth/guard'
import { createUser } from '../auth/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { NewUserBody, UserPatchBody, UserQuery } from './schemas'
import { findUser, listUsers } from './store'
import { assertManages, updateUser } from './update'

async function readJson(c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } }): Promise<unknown> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) throw new ApiError(415, 'unsupported_media_type')
  return c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
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
    const body = parseOrThrow(UserPatchBody, await readJson(c), c.get('lang'))
    return c.json(await updateUser(c.get('db'), currentUser(c), c.req.param('id'), body, c.get('now')()))
  })
