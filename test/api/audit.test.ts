import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { recordAudit } from '../../server/audit/record'
import { createUser } from '../../server/auth/store'
import { seedDemo } from '../../server/demo/seed'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'

describeEachDatabase('audit log', (database) => {
  const at = new Date('2026-03-02T09:30:00Z')
  let app: ReturnType<typeof createApp>
  let campaignA: string
  let campaignB: string
  let organiserA: TestLogin
  const db = () => database().db
  const get = (path: string, who: TestLogin) => app.request(path, { headers: who.headers })

  beforeAll(async () => {
    app = createApp({ db: db(), log: () => {} })
    const campaignOf = async (roundId: string) => (await db().selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirstOrThrow()).campaign_id
    campaignA = await campaignOf(await seedDemo(db()))
    campaignB = await campaignOf(await seedDemo(db()))
    organiserA = await loginAs(app, db(), 'organiser', { campaignId: campaignA, name: '李组织' })
  })

  it('records inside the caller’s transaction: rolled back with it, stored with it', async () => {
    const entry = { actor: organiserA.user, campaignId: campaignA, action: 'open', entity: 'round' as const, entityId: 'r-1', at }
    await expect(
      db().transaction().execute(async (trx) => {
        await recordAudit(trx, { ...entry, before: { status: 'draft' }, after: { status: 'open' } })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await db().selectFrom('audit_log').select('id').where('entity_id', '=', 'r-1').execute()).toEqual([])

    await db().transaction().execute((trx) => recordAudit(trx, { ...entry, before: { status: 'draft', note: '"quoted"' }, after: 'open' }))
    const rows = await db().selectFrom('audit_log').select(['actor_id', 'actor_name', 'before', 'after', 'at']).where('entity_id', '=', 'r-1').execute()
    expect(rows).toEqual([{ actor_id: organiserA.user.id, actor_name: '李组织', before: { status: 'draft', note: '"quoted"' }, after: 'open', at }])
  })

  it('records account creation without the password', async () => {
    await createUser(db(), { username: 'zhao.clerk', name: '赵录入', role: 'clerk', password: 'a long password', campaignId: campaignA }, { actor: { id: null, name: 'user:create' }, at })
    const row = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'user').where('actor_name', '=', 'user:create').executeTakeFirstOrThrow()
    expect(row.after).toEqual({ username: 'zhao.clerk', id: row.entity_id, name: '赵录入', role: 'clerk', campaignId: campaignA, unitId: null, roundIds: [] })
    expect(JSON.stringify(row.after)).not.toContain('password')
  })

  it('lists a campaign’s records to its organisers, newest first, filtered and paginated', async () => {
    for (const [i, campaignId] of [campaignA, campaignA, campaignA, campaignB].entries()) {
      await recordAudit(db(), { actor: organiserA.user, campaignId, action: 'update', entity: 'form', entityId: `f-${i}`, after: { i }, at })
    }
    const first = await get('/api/audit?entity=form&limit=2', organiserA)
    expect(first.status).toBe(200)
    const page1 = await first.json()
    expect(page1.items.map((r: { entityId: string }) => r.entityId)).toEqual(['f-2', 'f-1'])
    expect(page1.items[0]).toEqual({
      id: expect.any(String),
      actor: { id: organiserA.user.id, name: '李组织' },
      campaignId: campaignA,
      action: 'update',
      entity: 'form',
      entityId: 'f-2',
      before: null,
      after: { i: 2 },
      at: '2026-03-02T09:30:00.000Z',
    })
    const page2 = await (await get(`/api/audit?entity=form&limit=2&before=${page1.nextBefore}`, organiserA)).json()
    expect(page2).toEqual({ items: [expect.objectContaining({ entityId: 'f-0' })], nextBefore: null })

    const office = await loginAs(app, db(), 'organiser')
    const all = await (await get('/api/audit?entity=form', office)).json()
    expect(all.items.map((r: { entityId: string }) => r.entityId)).toEqual(['f-3', 'f-2', 'f-1', 'f-0'])
    const onlyB = await (await get(`/api/audit?entity=form&campaignId=${campaignB}`, office)).json()
    expect(onlyB.items.map((r: { entityId: string }) => r.entityId)).toEqual(['f-3'])
  })

  it('refuses anonymous users, other roles, other campaigns and bad queries', async () => {
    expect((await app.request('/api/audit')).status).toBe(401)
    const leader = await loginAs(app, db(), 'leader', { campaignId: campaignA })
    expect((await get('/api/audit', leader)).status).toBe(403)
    expect((await get(`/api/audit?campaignId=${campaignB}`, organiserA)).status).toBe(403)
    for (const query of ['limit=0', 'limit=201', 'before=abc', 'campaignId=nope', 'sort=id']) {
      const res = await get(`/api/audit?${query}`, organiserA)
      expect(res.status, query).toBe(422)
      expect((await res.json()).error.code).toBe('invalid_input')
    }
  })
})
