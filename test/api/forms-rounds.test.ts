import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'
import { type Call, organiserApp, type TestApp } from '../support/setup-api'

describeEachDatabase('campaign setup: forms and rounds', (database) => {
  let app: TestApp
  let call: Call
  let auth: Record<string, string>
  let base: string
  let otherBase: string
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ;({ app, call, login: { headers: auth } } = await organiserApp(database().db))
    base = `/api/campaigns/${(await call('POST', '/api/campaigns', { name: '整改落实' })).json.id}`
    otherBase = `/api/campaigns/${(await call('POST', '/api/campaigns', { name: '别的活动' })).json.id}`
    ids.district = (await call('POST', `${base}/units`, { name: '开发区', kind: '区' })).json.id
    ids.street = (await call('POST', `${base}/units`, { name: '侯口街道', kind: '街道', parentId: ids.district })).json.id
    ids.village = (await call('POST', `${base}/units`, { name: '侯口村', kind: '村', parentId: ids.street })).json.id
    ids.school = (await call('POST', `${base}/units`, { name: '实验学校', kind: '学校', parentId: ids.district })).json.id
  })

  it('lists the presets of the seeds', async () => {
    const { json } = await call('GET', '/api/presets')
    expect(json.forms.map((f: { id: string; dimensions: string[]; overall: string[] }) => [f.id, f.dimensions.length, f.overall.length])).toEqual([
      ['analysis5', 5, 0],
      ['analysis6', 6, 0],
      ['rectification2', 0, 2],
    ])
    expect(json.scales.map((s: { levels: { label: string }[] }) => s.levels.map((l) => l.label).join('/'))).toEqual([
      '满意/比较满意/不太满意/不满意',
      '好/较好/一般/差',
      '满意/基本满意/不满意',
    ])
  })

  it('builds forms from presets, with and without 不了解', async () => {
    const five = await call('POST', `${base}/forms/preset`, { preset: 'analysis5', scale: 'satisfied4', abstain: true })
    expect(five.status).toBe(201)
    expect(five.json.dimensions.map((d: { kind: string }) => d.kind)).toEqual(Array(5).fill('dimension'))
    expect(five.json.levels.map((l: { label: string; satisfied: boolean; abstain: boolean }) => [l.label, l.satisfied, l.abstain])).toEqual([
      ['满意', true, false],
      ['比较满意', true, false],
      ['不太满意', false, false],
      ['不满意', false, false],
      ['不了解', false, true],
    ])
    ids.form = five.json.id
    const survey = await call('POST', `${base}/forms/preset`, { preset: 'rectification2', scale: 'satisfied3' })
    expect(survey.json.dimensions.map((d: { label: string; kind: string }) => [d.label, d.kind])).toEqual([
      ['对本单位开展学习实践活动的总体评价', 'overall'],
      ['对解决突出问题的满意程度', 'overall'],
    ])
    expect(survey.json.levels).toHaveLength(3)
    expect((await call('POST', `${base}/forms/preset`, { preset: 'nope', scale: 'good4' })).status).toBe(422)
  })

  it('refuses forms without questions, satisfied level or enough levels', async () => {
    const good = { name: '自定义表', dimensions: ['作风'], levels: [{ label: '好', score: 1, satisfied: true }, { label: '差', score: 0 }] }
    const cases: [unknown, string][] = [
      [{ ...good, dimensions: [] }, 'dimensions'],
      [{ ...good, levels: [{ label: '好', score: 1, satisfied: true }, { label: '不了解', score: 0, abstain: true }] }, 'levels'],
      [{ ...good, levels: [{ label: '好', score: 1 }, { label: '差', score: 0 }] }, 'levels'],
      [{ ...good, levels: [{ label: '好', score: 1, satisfied: true, abstain: true }, { label: '差', score: 0 }] }, 'levels.0.abstain'],
      [{ ...good, minAnswered: 2 }, 'minAnswered'],
    ]
    for (const [body, path] of cases) {
      const res = await call('POST', `${base}/forms`, body)
      expect(res.status, path).toBe(422)
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual([path])
    }
    const made = await call('POST', `${base}/forms`, { ...good, overall: ['总体评价'], minAnswered: 2 })
    expect(made.status).toBe(201)
    expect(made.json).toMatchObject({ name: '自定义表', version: 1, minAnswered: 2, opinionBox: true, frozenAt: null })
  })

  it('edits an unfrozen form in place', async () => {
    const form = (await call('GET', `${base}/forms/${ids.form}`)).json
    const body = { name: form.name, dimensions: form.dimensions.map((d: { label: string }) => d.label).slice(0, 4), levels: form.levels.map(({ id: _id, ...l }: { id: number }) => l), minAnswered: 3 }
    const res = await call('PUT', `${base}/forms/${ids.form}`, body)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ id: ids.form, version: 1, newVersion: false, minAnswered: 3 })
    expect(res.json.dimensions).toHaveLength(4)
    expect((await call('GET', `${otherBase}/forms/${ids.form}`)).json.error.code).toBe('form_not_found')
  })

  it("keeps a round's units in tree order, whatever order they were created or picked in", async () => {
    const other = `/api/campaigns/${(await call('POST', '/api/campaigns', { name: '次序' })).json.id}`
    const unit = async (name: string, parentId?: string) => (await call('POST', `${other}/units`, { name, kind: '单位', ...(parentId ? { parentId } : {}) })).json.id as string
    const top = await unit('区')
    const street = await unit('街道', top)
    const school = await unit('学校', top)
    await unit('甲村', street)
    await unit('乙村', street) // created after 学校, listed under 街道
    const round = (await call('POST', `${other}/rounds`, { name: '次序', stage: 'analysis', channels: ['codes'] })).json.id
    const picked = await call('PUT', `${other}/rounds/${round}/units`, { units: [{ unitId: school }, { unitId: street, subtree: true }] })
    expect(picked.json.units.map((u: { name: string }) => u.name)).toEqual(['街道', '甲村', '乙村', '学校'])
  })

  it('creates a draft round and picks units by subtree', async () => {
    const round = await call('POST', `${base}/rounds`, { name: '分析检查报告群众评议', stage: 'analysis', channels: ['codes', 'paper'] })
    expect(round.status).toBe(201)
    expect(round.json).toMatchObject({ status: 'draft', formId: null, channels: ['codes', 'paper'], formula: { rankingMeasure: 'satisfaction', minGroupSize: 5, satisfiedLevels: null, remedialThreshold: null, lockedAt: null } })
    ids.round = round.json.id
    const url = `${base}/rounds/${ids.round}`
    expect((await call('POST', `${url}/open`)).json.error.code).toBe('round_needs_form')
    expect((await call('PATCH', url, { formId: ids.form })).json.formId).toBe(ids.form)
    expect((await call('POST', `${url}/open`)).json.error.code).toBe('round_needs_units')
    const picked = await call('PUT', `${url}/units`, { units: [{ unitId: ids.street, subtree: true, handedOut: 40 }, { unitId: ids.school, handedOut: 25 }] })
    expect(picked.json.units.map((u: { name: string; handedOut: number }) => [u.name, u.handedOut])).toEqual([
      ['侯口街道', 40],
      ['侯口村', 0],
      ['实验学校', 25],
    ])
    expect((await call('PUT', `${url}/units`, { units: [{ unitId: ids.district }] })).json.units).toHaveLength(1)
    await call('PUT', `${url}/units`, { units: [{ unitId: ids.street, subtree: true, handedOut: 40 }, { unitId: ids.school, handedOut: 25 }] })
    expect((await call('POST', `${url}/open`)).json.error.code).toBe('round_needs_categories')
    await call('POST', `${base}/categories/preset`, { preset: 'standard' })
    const wrongTimes = await call('PATCH', url, { opensAt: '2026-05-02T00:00:00Z', closesAt: '2026-05-01T00:00:00Z' })
    expect(wrongTimes.json.error.issues).toEqual([{ path: 'closesAt', message: '结束时间应晚于开始时间' }])
    const foreign = await call('POST', `${otherBase}/rounds`, { name: 'x', stage: 'study', formId: ids.form })
    expect(foreign.json.error.code).toBe('form_not_found')
    expect((await call('POST', `${otherBase}/rounds/${ids.round}/open`)).json.error.code).toBe('round_not_found')
  })

  it('checks weights when ranking by weighted score, then opens and freezes the form', async () => {
    const url = `${base}/rounds/${ids.round}`
    const cats = (await call('GET', `${base}/categories`)).json.categories
    await call('PUT', `${base}/categories`, { categories: cats.map((c: { id: string; name: string }) => ({ id: c.id, name: c.name, weight: 0 })) })
    await call('PATCH', url, { formula: { rankingMeasure: 'weighted_score', remedialThreshold: 80, minGroupSize: 10 } })
    expect((await call('POST', `${url}/open`)).json.error.code).toBe('round_needs_weights')
    await call('PUT', `${base}/categories`, { categories: cats.map((c: { id: string; name: string; weight: number }) => ({ id: c.id, name: c.name, weight: c.weight })) })

    const opened = await call('POST', `${url}/open`)
    expect(opened.status).toBe(200)
    const form = (await call('GET', `${base}/forms/${ids.form}`)).json
    const satisfied = form.levels.filter((l: { satisfied: boolean }) => l.satisfied).map((l: { id: number }) => l.id)
    expect(opened.json).toMatchObject({
      status: 'open',
      opensAt: '2026-05-01T02:00:00.000Z',
      formula: { rankingMeasure: 'weighted_score', minGroupSize: 10, remedialThreshold: 80, satisfiedLevels: satisfied, lockedAt: '2026-05-01T02:00:00.000Z' },
    })
    expect(form.frozenAt).toBe('2026-05-01T02:00:00.000Z')
    expect((await call('POST', `${url}/open`)).json.error.code).toBe('round_bad_transition')
    for (const patch of [{ formula: { minGroupSize: 3 } }, { formId: null }, { stage: 'review' }]) {
      const res = await call('PATCH', url, patch)
      expect(res.status).toBe(409)
      expect(res.json.error.code).toBe('round_locked')
    }
    expect((await call('PUT', `${url}/units`, { units: [] })).json.error.code).toBe('round_locked')
    const handed = await call('PATCH', `${url}/handed-out`, { handedOut: { [ids.school as string]: 30 } })
    expect(handed.json.units.find((u: { unitId: string }) => u.unitId === ids.school).handedOut).toBe(30)
    expect((await call('PATCH', `${url}/handed-out`, { handedOut: { [ids.district as string]: 3 } })).json.error.code).toBe('unit_not_in_round')
    expect((await call('PATCH', url, { name: '改名' })).json.name).toBe('改名')
  })

  it('keeps the closing time after the opening time, when creating and when editing either one', async () => {
    const campaign = base.split('/').at(-1)!
    const wrong = { opensAt: '2026-05-02T00:00:00Z', closesAt: '2026-05-01T00:00:00Z' }
    const created = await call('POST', `${base}/rounds`, { name: '倒置', stage: 'study', ...wrong })
    expect(created.status).toBe(422)
    expect(created.json.error).toEqual({ code: 'invalid_input', message: '提交的内容有误，请检查后重试。', issues: [{ path: 'closesAt', message: '结束时间应晚于开始时间' }] })
    const english = await call('POST', `${base}/rounds?lang=en`, { name: '倒置', stage: 'study', ...wrong })
    expect(english.json.error.issues).toEqual([{ path: 'closesAt', message: 'must be after the opening time' }])
    // one time changed against the other as stored: refused at the field that changed, saying why
    const draft = (await call('POST', `${base}/rounds`, { name: '草稿', stage: 'study', closesAt: '2026-05-01T00:00:00Z' })).json
    const later = await call('PATCH', `${base}/rounds/${draft.id}`, { opensAt: '2026-05-02T00:00:00Z' })
    expect(later.status).toBe(422)
    expect(later.json.error).toEqual({ code: 'round_times_order', message: '结束时间应晚于开始时间。', issues: [{ path: 'opensAt' }] })
    const earlier = await call('PATCH', `${base}/rounds/${draft.id}?lang=en`, { opensAt: '2026-04-20T00:00:00Z' })
    expect(earlier.status).toBe(200)
    const before = await call('PATCH', `${base}/rounds/${draft.id}?lang=en`, { closesAt: '2026-04-19T00:00:00Z' })
    expect(before.json.error).toEqual({ code: 'round_times_order', message: 'The closing time must be after the opening time.', issues: [{ path: 'closesAt' }] })
    expect((await call('GET', `${base}/rounds/${draft.id}`)).json).toMatchObject({ opensAt: '2026-04-20T00:00:00.000Z', closesAt: '2026-05-01T00:00:00.000Z' })
    expect((await call('GET', `${base}/rounds`)).json.rounds.filter((r: { name: string }) => r.name === '倒置')).toEqual([])

    // The console: an open round's form takes only its closing time (it opened at 10:00 Beijing time).
    const post = (path: string, fields: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { ...auth, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
    const settings = await post(`/console/campaigns/${campaign}/rounds/${ids.round}/settings`, { name: '分析检查报告群众评议', closesAt: '2026-05-01T09:00' })
    expect(settings.status).toBe(422)
    const page = await settings.text()
    expect(page).toContain('id="closesAt-error">结束时间应晚于开始时间。</small>')
    expect(page).toContain('value="2026-05-01T09:00"')
    expect((await call('GET', `${base}/rounds/${ids.round}`)).json.closesAt).toBeNull()
    const form = await post(`/console/campaigns/${campaign}/rounds`, { name: '倒置', stage: 'study', channels: 'codes', opensAt: '2026-05-02T10:00', closesAt: '2026-05-01T10:00', 'formula.rankingMeasure': 'satisfaction' })
    expect(form.status).toBe(422)
    const formPage = await form.text()
    expect(formPage).toContain('id="closesAt-error">结束时间应晚于开始时间</small>')
    expect(formPage).toContain('value="2026-05-02T10:00"')
  })

  it('turns an edit of a frozen form into a new version', async () => {
    const form = (await call('GET', `${base}/forms/${ids.form}`)).json
    const body = { name: form.name, dimensions: ['对科学发展观的认识深不深', '查找问题准不准'], levels: form.levels.map(({ id: _id, ...l }: { id: number }) => l) }
    const res = await call('PUT', `${base}/forms/${ids.form}`, body)
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ name: form.name, version: 2, newVersion: true, frozenAt: null })
    expect(res.json.id).not.toBe(ids.form)
    const old = (await call('GET', `${base}/forms/${ids.form}`)).json
    expect(old.dimensions).toHaveLength(4)
    const list = (await call('GET', `${base}/forms`)).json.forms
    expect(list.filter((f: { name: string }) => f.name === form.name).map((f: { version: number }) => f.version)).toEqual([2, 1])
  })

  it('closes, reopens, closes and publishes', async () => {
    const url = `${base}/rounds/${ids.round}`
    expect((await call('POST', `${url}/publish`)).json.error.code).toBe('round_bad_transition')
    const closed = await call('POST', `${url}/close`)
    expect(closed.json).toMatchObject({ status: 'closed', closesAt: '2026-05-01T02:00:00.000Z' })
    expect((await call('POST', `${url}/reopen`)).json).toMatchObject({ status: 'open', closesAt: null })
    await call('POST', `${url}/close`)
    expect((await call('POST', `${url}/publish`)).json.status).toBe('published')
    expect((await call('POST', `${url}/reopen`)).json.error.code).toBe('round_bad_transition')
    expect((await call('PATCH', `${url}/handed-out`, { handedOut: {} })).json.error.code).toBe('round_locked')
    expect((await call('POST', `${url}/explode`)).status).toBe(404)
  })
})
