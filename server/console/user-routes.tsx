import { type Context, Hono } from 'hono'
import { createUser } from '../auth/store'
import { listCampaigns } from '../campaigns/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { listCampaignRounds } from '../rounds/setup-store'
import { listUnitRows } from '../units/store'
import { NewUserForm, UserPatchForm } from '../users/schemas'
import { assertManages, updateUser } from '../users/update'
import { findUser, listUsers, type UserView } from '../users/store'
import { parseOrThrow } from '../validate'
import { readForm, refused, statusOf } from './form-kit'
import { consolePage } from './guard'
import { parentOptions } from './unit-pages'
import { type AccountChoices, type UserChoices, UserEditPage, UsersPage } from './user-pages'

/** The campaigns, units and rounds an organiser may give an account. */
async function choices(c: Context<AppEnv>): Promise<UserChoices> {
  const db = c.get('db')
  const campaigns = await listCampaigns(db, consolePage(c).user.campaignId)
  const units: UserChoices['units'] = []
  const rounds: UserChoices['rounds'] = []
  for (const campaign of campaigns) {
    for (const option of parentOptions(await listUnitRows(db, campaign.id))) units.push({ ...option, group: campaign.id })
    for (const round of await listCampaignRounds(db, campaign.id)) rounds.push({ id: round.id, name: round.name, campaign: campaign.name })
  }
  return { campaigns, units, rounds }
}

/** The account in the URL when the organiser manages it; 404 otherwise (as the API). */
async function managedUser(c: Context<AppEnv>): Promise<UserView> {
  const id = c.req.param('id')
  const user = isUuid(id) ? await findUser(c.get('db'), id) : undefined
  if (!user) throw new ApiError(404, 'not_found')
  assertManages(consolePage(c).user, user)
  return user
}

/** What an account may be given within its own campaign: a liaison's unit (its current one kept, even archived) and a clerk's rounds. */
async function accountChoices(c: Context<AppEnv>, user: UserView): Promise<AccountChoices> {
  if (user.campaignId === null) return { units: [], rounds: [] }
  const db = c.get('db')
  const rows = await listUnitRows(db, user.campaignId, { archived: true })
  const units = parentOptions(rows.filter((row) => !row.archived || row.id === user.unitId))
  const rounds = (await listCampaignRounds(db, user.campaignId)).map((r) => ({ id: r.id, name: r.name, campaign: '' }))
  return { units, rounds }
}

/** `/console/users`: organisers list, create and change the accounts they manage (the API's schema and checks). */
export const userPageRoutes = new Hono<AppEnv>()
  .get('/console/users', async (c) => {
    const req = consolePage(c)
    const users = await listUsers(c.get('db'), { campaignId: req.user.campaignId ?? undefined })
    return c.html(<UsersPage req={req} users={users} choices={await choices(c)} created={c.req.query('created') === '1'} updated={c.req.query('updated') === '1'} />)
  })
  .post('/console/users', async (c) => {
    const req = consolePage(c)
    const form = await readForm(c)
    const officeWide = req.user.campaignId === null
    // A refused form never sends the password back.
    const { password: _password, confirmPassword: _again, ...typed } = form.values
    const values = { ...typed, roundIds: form.all('roundIds').join(',') }
    // Office-wide organisers choose the campaign (blank: an office-wide account); others create in their own.
    const input = {
      username: form.text('username'),
      name: form.text('name'),
      role: form.text('role'),
      password: form.text('password'),
      confirmPassword: form.text('confirmPassword'),
      ...(officeWide ? { campaignId: form.text('campaignId') || null } : {}),
      unitId: form.text('unitId') || null,
      roundIds: form.all('roundIds'),
    }
    try {
      const { confirmPassword: _typedTwice, ...body } = parseOrThrow(NewUserForm, input, req.lang)
      const campaignId = body.campaignId === undefined ? req.user.campaignId : body.campaignId
      assertManages(req.user, { campaignId })
      await createUser(c.get('db'), { ...body, campaignId }, { actor: req.user, at: c.get('now')() })
    } catch (error) {
      const users = await listUsers(c.get('db'), { campaignId: req.user.campaignId ?? undefined })
      return c.html(<UsersPage req={req} users={users} choices={await choices(c)} state={refused(error, values, req.lang)} />, statusOf(error))
    }
    return c.redirect('/console/users?created=1', 303)
  })
  .get('/console/users/:id', async (c) => {
    const req = consolePage(c)
    const user = await managedUser(c)
    return c.html(<UserEditPage req={req} user={user} choices={await accountChoices(c, user)} />)
  })
  .post('/console/users/:id', async (c) => {
    const req = consolePage(c)
    const user = await managedUser(c)
    const form = await readForm(c)
    const password = form.text('password')
    const confirmPassword = form.text('confirmPassword')
    // One's own role cannot change (its select is greyed out, so not posted).
    const role = form.text('role') || user.role
    const input = {
      name: form.text('name'),
      ...(form.text('role') ? { role } : {}),
      // One's own account cannot be disabled (its box is greyed out, so not posted).
      ...(user.id === req.user.id ? {} : { disabled: form.text('disabled') === '1' }),
      // left empty: no new password; the second copy alone is a mismatch, not nothing
      ...(password ? { password } : {}),
      ...(password || confirmPassword ? { confirmPassword } : {}),
      // The unit and rounds fields are on the form for every role: each counts for its own.
      ...(role === 'liaison' ? { unitId: form.text('unitId') || null } : {}),
      ...(role === 'clerk' ? { roundIds: form.all('roundIds') } : {}),
    }
    try {
      const { confirmPassword: _typedTwice, ...body } = parseOrThrow(UserPatchForm, input, req.lang)
      await updateUser(c.get('db'), req.user, user.id, body, c.get('now')())
    } catch (error) {
      // A refused form never sends the password back.
      const values = { name: input.name, role, unitId: form.text('unitId'), disabled: input.disabled ? '1' : '', roundIds: form.all('roundIds').join(',') }
      return c.html(<UserEditPage req={req} user={user} choices={await accountChoices(c, user)} state={refused(error, values, req.lang)} />, statusOf(error))
    }
    return c.redirect('/console/users?updated=1', 303)
  })
