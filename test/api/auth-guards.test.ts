import type { Kysely } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { assertCampaignAccess, assertClerkRound, assertUnitInScope, currentUser, requireUser, type SessionUser } from '../../server/auth/guard'
import { createUser } from '../../server/auth/store'
import type { Database } from '../../server/db/schema'
import { seedDemo } from '../../server/demo/seed'
import { ApiError } from '../../server/errors'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'

interface Campaign {
  id: string
  roundId: string
  otherRoundId: string
  unit: Record<string, string>
}

/** Seeds the demo campaign plus a second (draft) round of it; units by code. */
async function seedCampaign(db: Kysely<Database>): Promise<Campaign> {
  const roundId = await seedDemo(db)
  const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
  const other = await db
    .insertInto('round')
    .values({ campaign_id: round.campaign_id, form_id: round.form_id, name: '整改落实满意度测评', stage: 'rectification' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const units = await db.selectFrom('unit').select(['id', 'code']).where('campaign_id', '=', round.campaign_id).execute()
  return { id: round.campaign_id, roundId, otherRoundId: other.id, unit: Object.fromEntries(units.map((u) => [u.code!, u.id])) }
}

async function status(check: Promise<unknown> | (() => unknown)): Promise<number> {
  try {
    await (typeof check === 'function' ? check() : check)
    return 200
  } catch (error) {
    if (error instanceof ApiError) return error.status
    throw error
  }
}

describeEachDatabase('auth guards: role × scope', (database) => {
  let app: ReturnType<typeof createApp>
  let a: Campaign
  let b: Campaign
  let users: Record<'officeOrganiser' | 'organiserA' | 'leaderA' | 'liaisonHK' | 'clerkA', TestLogin>
  const db = () => database().db

  beforeAll(async () => {
    app = createApp({ db: db(), log: () => {} })
    // Routes the way features use the guards; the unit and round ids come from the URL.
    app.get('/api/guard-test/any', requireUser(), (c) => c.json({ role: currentUser(c).role }))
    app.post('/api/guard-test/organisers', requireUser('organiser'), (c) => c.json({ ok: true }))
    app.get('/api/guard-test/units/:unit', requireUser(), async (c) => c.json({ campaignId: await assertUnitInScope(c.get('db'), currentUser(c), c.req.param('unit')) }))
    app.get('/api/guard-test/rounds/:round', requireUser('organiser', 'clerk'), async (c) =>
      c.json({ campaignId: await assertClerkRound(c.get('db'), currentUser(c), c.req.param('round')) }),
    )
    a = await seedCampaign(db())
    b = await seedCampaign(db())
    users = {
      officeOrganiser: await loginAs(app, db(), 'organiser'),
      organiserA: await loginAs(app, db(), 'organiser', { campaignId: a.id }),
      leaderA: await loginAs(app, db(), 'leader', { campaignId: a.id }),
      liaisonHK: await loginAs(app, db(), 'liaison', { campaignId: a.id, unitId: a.unit['TM-HK'] }),
      clerkA: await loginAs(app, db(), 'clerk', { campaignId: a.id, roundIds: [a.roundId] }),
    }
  })

  it('requireUser: 401 without a session, 403 for an unlisted role', async () => {
    const anonymous = await app.request('/api/guard-test/any')
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('unauthenticated')
    expect(await (await app.request('/api/guard-test/any', { headers: users.clerkA.headers })).json()).toEqual({ role: 'clerk' })
    const expected = { officeOrganiser: 200, organiserA: 200, leaderA: 403, liaisonHK: 403, clerkA: 403 }
    for (const [who, code] of Object.entries(expected)) {
      const res = await app.request('/api/guard-test/organisers', { method: 'POST', headers: users[who as keyof typeof users].headers })
      expect(res.status, who).toBe(code)
      if (code === 403) expect((await res.json()).error.code).toBe('forbidden')
    }
  })

  it('assertCampaignAccess: members of the campaign and office-wide organisers only', () => {
    const user = (role: SessionUser['role'], campaignId: string | null): SessionUser => ({ id: 'x', name: 'x', role, campaignId, unitId: null })
    expect(() => assertCampaignAccess(user('organiser', null), b.id)).not.toThrow()
    expect(() => assertCampaignAccess(user('organiser', a.id), a.id)).not.toThrow()
    expect(() => assertCampaignAccess(user('leader', a.id), a.id)).not.toThrow()
    for (const [role, campaignId] of [['organiser', a.id], ['leader', a.id], ['clerk', a.id], ['leader', null]] as const) {
      expect(() => assertCampaignAccess(user(role, campaignId), b.id)).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }))
    }
  })

  it('assertUnitInScope: a liaison sees its subtree only; others their campaign; swapped ids are refused', async () => {
    const units = {
      'A root': a.unit.TM!,
      'A street (liaison root)': a.unit['TM-HK']!,
      'A village under it': a.unit['TM-HK-01']!,
      'A community under it': a.unit['TM-HK-03']!,
      'A sibling bureau': a.unit['TM-FIN']!,
      'B village, same code': b.unit['TM-HK-01']!,
      'unknown id': '00000000-0000-4000-8000-000000000000',
      'not an id': 'TM-HK',
    }
    const expected: Record<keyof typeof users, number[]> = {
      officeOrganiser: [200, 200, 200, 200, 200, 200, 403, 403],
      organiserA: [200, 200, 200, 200, 200, 403, 403, 403],
      leaderA: [200, 200, 200, 200, 200, 403, 403, 403],
      liaisonHK: [403, 200, 200, 200, 403, 403, 403, 403],
      clerkA: [200, 200, 200, 200, 200, 403, 403, 403],
    }
    for (const [who, codes] of Object.entries(expected)) {
      const got = []
      for (const unitId of Object.values(units)) got.push((await app.request(`/api/guard-test/units/${encodeURIComponent(unitId)}`, { headers: users[who as keyof typeof users].headers })).status)
      expect(got, who).toEqual(codes)
    }
    const ok = await app.request(`/api/guard-test/units/${a.unit['TM-HK-02']}`, { headers: users.liaisonHK.headers })
    expect(await ok.json()).toEqual({ campaignId: a.id })
    expect(await status(assertUnitInScope(db(), users.liaisonHK.user, b.unit['TM-HK']!))).toBe(403)
  })

  it('assertClerkRound: clerks only on rounds they were given, organisers in their campaign', async () => {
    const rounds = [a.roundId, a.otherRoundId, b.roundId, '00000000-0000-4000-8000-000000000000']
    const expected: Record<keyof typeof users, number[]> = {
      officeOrganiser: [200, 200, 200, 403],
      organiserA: [200, 200, 403, 403],
      leaderA: [403, 403, 403, 403],
      liaisonHK: [403, 403, 403, 403],
      clerkA: [200, 403, 403, 403],
    }
    for (const [who, codes] of Object.entries(expected)) {
      const got = []
      for (const roundId of rounds) got.push((await app.request(`/api/guard-test/rounds/${roundId}`, { headers: users[who as keyof typeof users].headers })).status)
      expect(got, who).toEqual(codes)
    }
    expect(await status(assertClerkRound(db(), users.leaderA.user, a.roundId))).toBe(403)
    expect(await status(assertClerkRound(db(), users.clerkA.user, a.roundId))).toBe(200)
  })

  it('refuses accounts whose unit or rounds belong to another campaign', async () => {
    const base = { name: '测试', password: 'long enough password' }
    const cases = [
      { ...base, username: 'liaison-x', role: 'liaison' as const, campaignId: a.id, unitId: b.unit['TM-HK']! },
      { ...base, username: 'clerk-x', role: 'clerk' as const, campaignId: a.id, roundIds: [b.roundId] },
      { ...base, username: 'leader-x', role: 'leader' as const },
      { ...base, username: 'liaison-y', role: 'liaison' as const, campaignId: a.id },
    ]
    for (const input of cases) {
      await expect(createUser(db(), input), input.username).rejects.toMatchObject({ status: 422, code: 'invalid_scope' })
    }
    await expect(createUser(db(), { ...base, username: users.leaderA.username, role: 'leader', campaignId: a.id })).rejects.toMatchObject({ status: 409, code: 'username_taken' })
    const stored = await db().selectFrom('app_user').select('username').where('username', 'in', ['liaison-x', 'clerk-x', 'leader-x', 'liaison-y']).execute()
    expect(stored).toEqual([])
  })
})
