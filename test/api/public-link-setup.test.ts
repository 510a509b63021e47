import { beforeAll, expect, it } from 'vitest'
import { qrSvg } from '../../server/codes/qr'
import { flushRound } from '../../server/ingest/flush'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'
import type { TestLogin } from '../support/auth'
import { testKeys } from '../support/codes'

/** An organiser gives a round the 公开链接 channel: the link, its category, its QR code and poster, and what it admits. */
describeEachDatabase('public link set up by an organiser', (database) => {
  let app: TestApp
  let call: Call
  let login: TestLogin
  let campaign: string
  let base: string
  let formId: string
  let units: string[]
  let categories: { id: string; name: string }[]
  let foreignCategory: string
  const db = () => database().db
  const links = async (roundId: string) => db().selectFrom('public_link').select('category_id').where('round_id', '=', roundId).execute()

  /** A draft round of the campaign's form and units with these settings. */
  async function draft(body: Record<string, unknown>) {
    const made = await call('POST', `${base}/rounds`, { name: '公开评议', stage: 'analysis', formId, ...body })
    if (made.status === 201) await call('PUT', `${base}/rounds/${made.json.id}/units`, { units: units.map((unitId) => ({ unitId, handedOut: 10 })) })
    return made
  }

  /** A ballot without a code: what anyone with the link sends (no category named). */
  const anonymousBallot = async (roundId: string) => {
    const form = (await call('GET', `${base}/forms/${formId}`)).json
    const answers = Object.fromEntries(form.dimensions.map((d: { id: number }) => [String(d.id), form.levels[0].id]))
    return call('POST', `/api/rounds/${roundId}/ballots`, { submissionId: crypto.randomUUID(), unitId: units[0], answers })
  }

  beforeAll(async () => {
    ;({ app, call, login } = await organiserApp(db()))
    campaign = (await call('POST', '/api/campaigns', { name: '公开链接活动' })).json.id
    base = `/api/campaigns/${campaign}`
    units = [(await call('POST', `${base}/units`, { name: '东湖村', kind: '村' })).json.id, (await call('POST', `${base}/units`, { name: '新河社区', kind: '社区' })).json.id]
    formId = (await call('POST', `${base}/forms/preset`, { preset: 'analysis5', scale: 'satisfied4' })).json.id
    const other = (await call('POST', '/api/campaigns', { name: '别的活动' })).json.id
    await call('POST', `/api/campaigns/${other}/categories/preset`, { preset: 'standard' })
    foreignCategory = (await call('GET', `/api/campaigns/${other}/categories`)).json.categories[0].id
  })

  it('makes the link when a round with the channel opens, counted as 社会公众 when the voter names no category', async () => {
    // Chosen before the campaign has categories: no link yet, and the console says why.
    const made = await draft({ channels: ['public'] })
    expect(made.status).toBe(201)
    expect(made.json).toMatchObject({ channels: ['public'], publicCategoryId: null })
    const waiting = await (await call('GET', `/console/campaigns/${campaign}/rounds/${made.json.id}`)).res.text()
    expect(waiting).toContain('设置评议人类别后即生成公开链接')
    await call('POST', `${base}/categories/preset`, { preset: 'standard' })
    categories = (await call('GET', `${base}/categories`)).json.categories
    const publicCategory = categories.find((c) => c.name === '社会公众')!

    const opened = await call('POST', `${base}/rounds/${made.json.id}/open`)
    expect(opened.status).toBe(200)
    expect(opened.json.publicCategoryId).toBe(publicCategory.id)
    expect(await links(made.json.id)).toEqual([{ category_id: publicCategory.id }])
    const ballot = await anonymousBallot(made.json.id)
    expect(ballot.status).toBe(201)
    await flushRound(db(), made.json.id, { keys: testKeys, force: true })
    expect(await db().selectFrom('ballot').select(['channel', 'category_id']).where('round_id', '=', made.json.id).execute()).toEqual([{ channel: 'public', category_id: publicCategory.id }])
    // Locked with the channels once open.
    const locked = await call('PATCH', `${base}/rounds/${made.json.id}`, { publicCategoryId: categories[0]!.id })
    expect([locked.status, locked.json.error.code]).toEqual([409, 'round_locked'])
  })

  it('keeps the link with the channel and the chosen category while a draft, refusing a category of another campaign', async () => {
    const before = Number((await db().selectFrom('round').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const foreign = await draft({ channels: ['codes', 'public'], publicCategoryId: foreignCategory })
    expect([foreign.status, foreign.json.error.code, foreign.json.error.issues]).toEqual([422, 'category_not_in_campaign', [{ path: 'publicCategoryId' }]])
    expect(Number((await db().selectFrom('round').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before)

    const made = await draft({ channels: ['codes', 'public'], publicCategoryId: categories[1]!.id })
    expect(made.json.publicCategoryId).toBe(categories[1]!.id)
    const url = `${base}/rounds/${made.json.id}`
    expect((await call('PATCH', url, { channels: ['codes'] })).json.publicCategoryId).toBeNull()
    expect(await links(made.json.id)).toEqual([])
    const publicCategory = categories.find((c) => c.name === '社会公众')!.id
    expect((await call('PATCH', url, { channels: ['codes', 'public'] })).json.publicCategoryId).toBe(publicCategory)
    expect((await call('PATCH', url, { publicCategoryId: categories[2]!.id })).json.publicCategoryId).toBe(categories[2]!.id)
    expect((await call('PATCH', url, { channels: ['public', 'paper'] })).json.publicCategoryId).toBe(categories[2]!.id)
    const refused = await call('PATCH', url, { publicCategoryId: foreignCategory })
    expect(refused.json.error.code).toBe('category_not_in_campaign')
    expect((await call('GET', url)).json.publicCategoryId).toBe(categories[2]!.id)
    expect((await call('PATCH', url, { publicCategoryId: null })).json.publicCategoryId).toBe(publicCategory)
  })

  it('takes no ballot without a code in a round without the channel, even with a link row left behind', async () => {
    const made = await draft({ channels: ['codes'] })
    await call('POST', `${base}/rounds/${made.json.id}/open`)
    await db().insertInto('public_link').values({ round_id: made.json.id, category_id: categories[0]!.id }).execute()
    const ballot = await anonymousBallot(made.json.id)
    expect([ballot.status, ballot.json.error.code]).toEqual([403, 'code_required'])
    const page = await (await app.request(`/e/${made.json.id}`)).text()
    expect(page).not.toContain('name="categoryId"')
    expect(page).toMatch(/name="code"[^>]*required/)
    expect(await db().selectFrom('ballot').select('id').where('round_id', '=', made.json.id).execute()).toEqual([])
  })

  it('shows the link with its QR code on the round page, prints a poster, and sets the category from the console form', async () => {
    const made = await draft({ channels: ['public'] })
    await call('POST', `${base}/rounds/${made.json.id}/open`)
    const link = `http://localhost/e/${made.json.id}`
    const page = await (await call('GET', `/console/campaigns/${campaign}/rounds/${made.json.id}`)).res.text()
    expect(page).toContain(`value="${link}"`)
    expect(page).toContain(qrSvg(link))
    expect(page).toContain(`/console/campaigns/${campaign}/rounds/${made.json.id}/poster`)
    expect(page).toMatch(/id="public-category">社会公众</)
    const poster = await call('GET', `/console/campaigns/${campaign}/rounds/${made.json.id}/poster`)
    expect(poster.status).toBe(200)
    const sheet = await poster.res.text()
    expect(sheet).toContain(qrSvg(link))
    expect(sheet).toContain(`<p class="url">${link}</p>`)
    expect(sheet).toContain('公开链接活动')
    expect(sheet).toContain('东湖村、新河社区')
    const codesOnly = await draft({ channels: ['codes'] })
    expect((await call('GET', `/console/campaigns/${campaign}/rounds/${codesOnly.json.id}/poster`)).status).toBe(404)
    expect(await (await call('GET', `/console/campaigns/${campaign}/rounds/${codesOnly.json.id}`)).res.text()).not.toContain('id="public-link"')

    // The console's new-round form: the channel and the category chosen in plain form fields.
    const fields = new URLSearchParams({ _csrf: login.csrf, name: '控制台评议', stage: 'analysis', formId, publicCategoryId: categories[3]!.id, 'formula.rankingMeasure': 'satisfaction', 'formula.minGroupSize': '5' })
    fields.append('channels', 'codes')
    fields.append('channels', 'public')
    const posted = await app.request(`/console/campaigns/${campaign}/rounds`, {
      method: 'POST',
      headers: { cookie: login.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    })
    expect(posted.status).toBe(303)
    const id = /rounds\/([0-9a-f-]{36})$/.exec(posted.headers.get('location') ?? '')![1]!
    expect((await call('GET', `${base}/rounds/${id}`)).json).toMatchObject({ channels: ['codes', 'public'], publicCategoryId: categories[3]!.id })
  })
})
