import { expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { ensureFirstOrganiser } from '../../server/auth/first-organiser'
import { describeEachDatabase } from '../support/databases'
import { postJson } from '../support/demo'

describeEachDatabase('first organiser from the environment', (database) => {
  const now = new Date('2026-03-02T00:00:00Z')

  it('does nothing without settings and refuses half or weak settings', async () => {
    const db = database().db
    expect(await ensureFirstOrganiser(db, {}, now)).toBeNull()
    await expect(ensureFirstOrganiser(db, { username: 'admin' }, now)).rejects.toThrow('set both PINGYI_ADMIN_USER and PINGYI_ADMIN_PASSWORD')
    await expect(ensureFirstOrganiser(db, { username: 'admin', password: 'short' }, now)).rejects.toThrow('PINGYI_ADMIN_PASSWORD: at least 10 characters')
    expect(await db.selectFrom('app_user').select('id').execute()).toEqual([])
  })

  it('creates an office-wide organiser once, who can then log in', async () => {
    const db = database().db
    expect(await ensureFirstOrganiser(db, { username: 'Admin', password: 'first organiser pw' }, now)).toBe('admin')
    expect(await ensureFirstOrganiser(db, { username: 'other', password: 'first organiser pw' }, now)).toBeNull()
    const users = await db.selectFrom('app_user').select(['username', 'role', 'campaign_id']).execute()
    expect(users).toEqual([{ username: 'admin', role: 'organiser', campaign_id: null }])
    const res = await postJson(createApp({ db, log: () => {} }), '/api/auth/login', { username: 'admin', password: 'first organiser pw' })
    expect(res.status).toBe(200)
    expect((await res.json()).user).toMatchObject({ role: 'organiser', campaignId: null })
  })
})
