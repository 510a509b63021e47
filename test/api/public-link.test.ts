import { beforeAll, expect, it } from 'vitest'
import { flushRound } from '../../server/ingest/flush'
import type { RoundContext } from '../../server/rounds/store'
import { demoBatch, stored, testKeys } from '../support/codes'
import { describeEachDatabase } from '../support/databases'
import { loginAs } from '../support/auth'
import { demoApp, demoBallot, postJson } from '../support/demo'

describeEachDatabase('public link, device tokens and limits', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  let nowMs = Date.parse('2026-05-10T09:00:00Z')
  const post = (body: unknown, cookie?: string) => postJson(app, `/api/rounds/${ctx.round.id}/ballots`, body, cookie ? { cookie } : {})
  const publicBallot = (unit: number) => ({ ...demoBallot(ctx, { unit }), categoryId: undefined })
  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? ''

  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db, { now: () => new Date(nowMs) }))
  })

  it('lets 300 people behind one address vote within a minute, one device each, labelled public', async () => {
    const db = database().db
    const before = await stored(db)
    const statuses: number[] = []
    for (let start = 0; start < 300; start += 50) {
      const chunk = await Promise.all(Array.from({ length: 50 }, (_, i) => post(publicBallot((start + i) % 6))))
      statuses.push(...chunk.map((r) => r.status))
      nowMs += 5_000
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(300)
    const after = await stored(db)
    expect(after.ballots - before.ballots).toBe(300)
    expect(after.deviceUses - before.deviceUses).toBe(300)
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const rows = await db.selectFrom('ballot').select(['channel', 'category_id']).distinct().execute()
    expect(rows).toEqual([{ channel: 'public', category_id: ctx.categories[6]!.id }])
  })

  it('takes one ballot per device per unit, signed in a cookie; a forged token is a new device', async () => {
    const first = await post(publicBallot(0))
    expect(first.status).toBe(201)
    const cookie = cookieOf(first)
    expect(cookie).toMatch(/^pingyi_device=[\w-]{22}\.[\w-]{22}$/)
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    const again = await post(publicBallot(0), cookie)
    expect(again.status).toBe(409)
    expect((await again.json()).error).toEqual({ code: 'device_used', message: '本设备已经评议过该单位，每个单位只能评议一次。' })
    expect((await post(publicBallot(1), cookie)).status).toBe(201)
    const forged = `${cookie.slice(0, -3)}AAA`
    const fresh = await post(publicBallot(0), forged)
    expect(fresh.status).toBe(201)
    expect(cookieOf(fresh)).not.toBe(cookie)
  })

  it('throttles a burst from one device with 429 and Retry-After', async () => {
    nowMs += 120_000
    const cookie = cookieOf(await post(publicBallot(2)))
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) statuses.push((await post(publicBallot(2), cookie)).status)
    expect(statuses.filter((s) => s === 409)).toHaveLength(59)
    const limited = statuses.indexOf(429)
    expect(limited).toBe(59)
    const res = await post(publicBallot(3), cookie)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('1')
    expect((await res.json()).error).toEqual({ code: 'too_many_attempts', message: '操作过于频繁，请稍后再试。' })
    nowMs += 1_000
    expect((await post(publicBallot(3), cookie)).status).toBe(201)
  })

  it('stops a device after 10 wrong codes for 30 seconds, on ballots and on the code check alike', async () => {
    nowMs += 120_000
    const first = await postJson(app, `/api/rounds/${ctx.round.id}/codes/check`, { code: 'AAAAA-AAAAA' })
    expect(first.status).toBe(403)
    const cookie = cookieOf(first)
    const statuses: number[] = []
    for (let i = 0; i < 9; i++) statuses.push((await post({ ...publicBallot(0), code: `AAAAA-AAAA${i + 2}` }, cookie)).status)
    expect(statuses).toEqual(Array(9).fill(403))
    const { codes } = await demoBatch(database().db, ctx, 1)
    const blocked = await postJson(app, `/api/rounds/${ctx.round.id}/codes/check`, { code: codes[0] }, { cookie })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('30')
    expect((await blocked.json()).error.message).toBe('操作过于频繁，请稍后再试。')
    expect((await post({ ...publicBallot(0), code: codes[0] }, cookie)).status).toBe(429)
    nowMs += 30_000
    expect((await post({ ...publicBallot(0), code: codes[0] }, cookie)).status).toBe(201)
  })

  it('limits wrong codes per round for clients that drop their token', async () => {
    nowMs += 600_000
    const statuses: number[] = []
    for (let i = 0; i < 301; i++) statuses.push((await postJson(app, `/api/rounds/${ctx.round.id}/codes/check`, { code: 'ZZZZZ-ZZZZZ' })).status)
    expect(statuses.filter((s) => s === 403)).toHaveLength(300)
    expect(statuses[300]).toBe(429)
  })

  it('keeps a category that only staged ballots use, then counts them', async () => {
    const db = database().db
    nowMs += 600_000
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const put = (categories: { id?: string; name: string }[]) =>
      app.request(`/api/campaigns/${ctx.campaign.id}/categories`, { method: 'PUT', headers: { 'content-type': 'application/json', ...organiser.headers }, body: JSON.stringify({ categories }) })
    const current = ctx.categories.map((c) => ({ id: c.id, name: c.name }))
    const added = await put([...current, { name: '临时类别' }])
    expect(added.status).toBe(200)
    const extra = (await added.json()).categories.find((c: { name: string }) => c.name === '临时类别').id as string
    // A public-link voter names the category; no code batch or link refers to it, only the staged ballot.
    const ballot = await post({ ...publicBallot(3), categoryId: extra })
    expect(ballot.status).toBe(201)
    const dropped = await put(current)
    expect(dropped.status).toBe(409)
    expect((await dropped.json()).error.code).toBe('category_in_use')
    await flushRound(db, ctx.round.id, { keys: testKeys, force: true })
    const counted = await db.selectFrom('ballot_count').select('valid').where('round_id', '=', ctx.round.id).where('category_id', '=', extra).execute()
    expect(counted.map((c) => Number(c.valid))).toEqual([1])
  })

  it('asks for a code when the round has no public link', async () => {
    const db = database().db
    await db.deleteFrom('public_link').where('round_id', '=', ctx.round.id).execute()
    const res = await post(publicBallot(0))
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('code_required')
  })
})
