import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../server/auth/store'
import { createBatch } from '../../server/codes/batches'
import { chromiumAvailable, launchBrowser, PHONES, screenshotPath } from '../support/browser'
import { testKeys } from '../support/codes'
import { TEST_CODE_KEY } from '../support/demo'
import { startDemoServer, type TestServer } from '../support/server'
import { stagedRecheck } from '../support/staged'

// The code goes from the evaluation form to the recheck form and back in the #c= fragment
// (never sent to the server), and the recheck hint waits for a code where the public link also
// opens the form: /assets/recheck.js in real Chromium, on a phone.
describe.skipIf(!chromiumAvailable)('recheck form and the evaluation form in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let roundId: string
  let code: string

  beforeAll(async () => {
    // a fixed clock: 3 July in Shanghai, three days past the item's deadline
    server = await startDemoServer({ secrets: { codeKey: TEST_CODE_KEY }, now: () => new Date('2026-07-03T02:00:00Z') })
    const db = server.database.db
    const demo = await db.selectFrom('round').select(['campaign_id', 'form_id']).where('id', '=', server.roundId).executeTakeFirstOrThrow()
    const campaignId = demo.campaign_id
    const unit = await db.selectFrom('unit').select('id').where('campaign_id', '=', campaignId).orderBy('position').orderBy('name').executeTakeFirstOrThrow()
    const category = await db.selectFrom('evaluator_category').select('id').where('campaign_id', '=', campaignId).orderBy('position').executeTakeFirstOrThrow()
    await createUser(db, { username: 'office', name: '活动办', role: 'organiser', password: 'office password', campaignId, unitId: null, roundIds: [] })
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'office password' }) })
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const office = async (method: string, path: string, body: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return { status: r.status, json: (await r.json()) as any }
    }
    const item = await office('POST', `/api/tracking/${campaignId}/items`, { unitId: unit.id, title: '办事大厅排队时间长', deadline: '2026-06-30', owner: '孙书记', class: 'effort', commitment: '六月底前群众排队不超过十五分钟', public: true })
    expect(item.status).toBe(201)
    const report = '已在办事大厅增设两个综合窗口，实行一窗受理、集成服务，群众平均排队时间由四十分钟缩短到十五分钟以内，下一步将推行预约办理和延时服务。'
    expect((await office('POST', `/api/tracking/${campaignId}/items/${item.json.id}/updates`, { onDate: '2026-04-28', body: report, status: 'in_progress' })).status).toBe(201)
    const round = await office('POST', `/api/campaigns/${campaignId}/rounds`, { name: '回头看群众评议', stage: 'review', formId: demo.form_id, channels: ['codes', 'public'] })
    expect(round.status).toBe(201)
    roundId = round.json.id
    expect((await office('PUT', `/api/campaigns/${campaignId}/rounds/${roundId}/units`, { units: [{ unitId: unit.id }] })).status).toBe(200)
    expect((await office('PUT', `/api/tracking/${campaignId}/rounds/${roundId}/recheck-items`, { itemIds: [item.json.id] })).status).toBe(200)
    expect((await office('POST', `/api/campaigns/${campaignId}/rounds/${roundId}/open`, {})).status).toBe(200)
    code = (await createBatch(db, testKeys, { roundId, categoryId: category.id, units: [unit.id], count: 1, label: '' })).codes[0]!
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('hides the hint from the public, shows it with a code, and carries the code there and back', async () => {
    const page = await browser.newPage({ viewport: PHONES.small, locale: 'zh-CN' })
    const scriptErrors: string[] = []
    page.on('pageerror', (error) => scriptErrors.push(error.message))
    const hint = page.locator('#recheck-link')

    // by the public link: no code, no hint; a code typed in shows it, with the code in its link
    await page.goto(`${server.url}/e/${roundId}`)
    await page.waitForSelector('#ballot-form button.secondary')
    expect(await hint.isHidden()).toBe(true)
    await page.fill('input[name=code]', code)
    await page.getByRole('button', { name: '使用此评议码' }).click()
    await hint.waitFor({ state: 'visible' })
    expect(await hint.locator('a').getAttribute('href')).toBe(`/e/${roundId}/recheck#c=${code}`)
    await page.getByRole('button', { name: '更换评议码' }).click()
    await hint.waitFor({ state: 'hidden' })

    // by the slip's QR link (#c=): the hint shows and its link takes the code to the recheck form
    await page.goto(`${server.url}/e/${roundId}#c=${code}`)
    await hint.waitFor({ state: 'visible' })
    await Promise.all([page.waitForURL(`${server.url}/e/${roundId}/recheck#c=${code}`), hint.locator('a').click()])
    expect(await page.inputValue('#recheck-code')).toBe(code)
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '下一步' }).click()])
    expect(await page.textContent('fieldset.dim .facts')).toContain('状态：进行中 · 超期 3 天 · 完成时限：2026-06-30')
    await page.screenshot({ path: screenshotPath('recheck-items-small'), fullPage: true })
    await page.getByText('基本满意', { exact: true }).click()
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交评价' }).click()])
    expect(await page.textContent('[role=status]')).toBe('已收到您的评价，谢谢！')

    // and back to the evaluation form with the same code in use
    await Promise.all([page.waitForURL(`${server.url}/e/${roundId}#c=${code}`), page.getByRole('link', { name: '返回继续评议' }).click()])
    await hint.waitFor({ state: 'visible' })
    expect((await page.inputValue('input[name=code]')).replace('-', '')).toBe(code)
    expect(scriptErrors).toEqual([])
    // staged sealed: nothing in clear, 'basic' under the key
    expect(await stagedRecheck(server.database.db, roundId)).toEqual([expect.objectContaining({ answer: 'basic', clear: null })])
  })
})
