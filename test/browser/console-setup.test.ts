import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createUser } from '../../server/auth/store'
import { openDatabase, type OpenDatabase } from '../../server/db/open'
import { chromiumAvailable, launchBrowser, screenshotPath } from '../support/browser'
import { testPgliteImage } from '../support/databases'
import { xlsxFile } from '../support/sheets'

// The organiser's whole setup path in real Chromium, with the page script on: log in, create a
// campaign, add the standard categories, import units from an XLSX file (preview, then confirm
// with the streamed progress), build a form from a preset, create a round, pick its units by
// subtree and open it. Each step is checked on the page and in the database.
describe.skipIf(!chromiumAvailable)('console setup in Chromium', () => {
  let database: OpenDatabase
  let server: ServerType
  let browser: Browser
  let base: string

  beforeAll(async () => {
    database = await openDatabase({ pgliteImage: testPgliteImage() })
    await database.migrate()
    await createUser(database.db, { username: 'zhou.org', name: '周主任', role: 'organiser', password: 'browser password' })
    const app = createApp({ db: database.db, log: () => {}, assets: serveStatic({ root: 'dist/public' }) })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await database?.close()
  })

  it('sets up a campaign from login to an open round', async () => {
    const db = database.db
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
    const scriptErrors: string[] = []
    page.on('pageerror', (error) => scriptErrors.push(error.message))

    await page.goto(`${base}/console/campaigns`)
    await page.fill('input[name=username]', 'zhou.org')
    await page.fill('input[name=password]', 'browser password')
    await Promise.all([page.waitForURL(`${base}/console/campaigns`), page.click('button[type=submit]')])
    expect(await page.textContent('h1')).toBe('活动')

    await page.fill('#campaign-form input[name=name]', '整改落实测评活动')
    await page.fill('#campaign-form input[name=batch]', '第二批')
    await Promise.all([page.waitForURL(/\/console\/campaigns\/[0-9a-f-]{36}$/), page.click('#campaign-form button[type=submit]')])
    const campaignId = page.url().split('/').at(-1) as string
    expect(await page.textContent('h1')).toBe('整改落实测评活动')
    expect(await page.textContent('[data-fact=units]')).toBe('0')

    await Promise.all([page.waitForURL(/\/categories$/), page.click('nav.tabs a[href$="/categories"]')])
    await Promise.all([page.waitForURL(/\/categories\?saved=1$/), page.click('#category-preset button')])
    expect(await page.textContent('#weight-sum')).toBe('100%')
    // The page script keeps the sum current while typing.
    await page.fill('input[name="weight.0"]', '15')
    expect(await page.textContent('#weight-sum')).toBe('105%')
    expect(await page.getAttribute('#weight-check', 'class')).toBe('alert')
    await page.fill('input[name="weight.0"]', '10')
    expect(await page.textContent('#weight-sum')).toBe('100%')

    await Promise.all([page.waitForURL(/\/units$/), page.click('nav.tabs a[href$="/units"]')])
    await Promise.all([page.waitForURL(/\/units\/import$/), page.click('text=从文件导入')])
    const sheet = await xlsxFile([
      ['单位名称', '上级单位', '单位类型', '单位编码'],
      ['天门市', '', '市', 'TM'],
      ['竟陵街道', 'TM', '街道', 'TM-JL'],
      ['东湖社区', '竟陵街道', '社区', ''],
      ['侯口街道', '天门市', '街道', 'TM-HK'],
    ])
    await page.setInputFiles('input[name=file]', { name: '天门单位.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(sheet) })
    await Promise.all([page.waitForURL(/\/units\/import\/preview$/), page.click('#import-upload button')])
    expect(await page.textContent('#import-summary')).toBe('文件“天门单位.xlsx”中有 4 个单位。')
    expect(await page.$$eval('#import-preview tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual(['2天门市市TM', '3竟陵街道街道TM-JLTM', '5侯口街道街道TM-HK天门市', '4东湖社区社区竟陵街道'])
    expect(await db.selectFrom('unit').select('id').execute()).toHaveLength(0)
    // The page script sends the confirm step itself and asks for streamed progress.
    const confirmRequest = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/units/import'))
    await Promise.all([page.waitForURL(/\/units\?imported=4$/), page.click('#import-confirm button')])
    expect((await confirmRequest).headers().accept).toBe('application/x-ndjson')
    expect(await page.textContent('p.ok')).toBe('已导入 4 个单位。')
    expect(await page.$$eval('#unit-tree tbody td:first-child', (cells) => cells.map((c) => `${c.className}:${c.textContent}`))).toEqual([
      'depth-0:天门市',
      'depth-1:竟陵街道',
      'depth-2:东湖社区',
      'depth-1:侯口街道',
    ])

    await Promise.all([page.waitForURL(/\/forms$/), page.click('nav.tabs a[href$="/forms"]')])
    await page.check('input[name=preset][value=rectification2]')
    await page.check('input[name=scale][value=satisfied3]')
    await Promise.all([page.waitForURL(/\/forms\/[0-9a-f-]{36}$/), page.click('#form-preset button[type=submit]')])
    expect(await page.$$eval('#form-questions li', (items) => items.map((i) => i.textContent?.trim()))).toEqual(['对本单位开展学习实践活动的总体评价 (总体评价)', '对解决突出问题的满意程度 (总体评价)'])
    expect(await page.$$eval('#form-levels tbody td:first-child', (cells) => cells.map((c) => c.textContent))).toEqual(['满意', '基本满意', '不满意', '不了解'])

    await Promise.all([page.waitForURL(/\/rounds$/), page.click('nav.tabs a[href$="/rounds"]')])
    await page.fill('#round-form input[name=name]', '整改落实满意度测评')
    await page.selectOption('#round-form select[name=stage]', 'rectification')
    await page.check('#round-form input[name=channels][value=paper]')
    await Promise.all([page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/), page.click('#round-form button[type=submit]')])
    const roundId = page.url().split('/').at(-1) as string
    expect(await page.textContent('#round-status')).toBe('草稿')

    const city = await db.selectFrom('unit').select('id').where('code', '=', 'TM').executeTakeFirstOrThrow()
    await page.check(`#round-units input[name=pick][value="${city.id}"]`)
    await page.check(`#round-units input[name=subtree][value="${city.id}"]`)
    await page.fill(`#round-units input[name="handedOut.${city.id}"]`, '120')
    await Promise.all([page.waitForURL(/\?done=units$/), page.click('#round-units button[type=submit]')])
    expect(await page.textContent('#round-unit-count')).toBe('4')
    // The step that matters stands out: white on the accent colour, not white on white.
    expect(await page.$eval('button[data-action=open]', (b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor])).toEqual(['rgb(255, 255, 255)', 'rgb(180, 35, 24)'])
    // Opening cannot be undone: the console asks first; dismissed, nothing happens.
    const asked: string[] = []
    page.once('dialog', (dialog) => (asked.push(dialog.message()), void dialog.dismiss()))
    await page.click('button[data-action=open]')
    await page.waitForTimeout(300)
    expect(asked).toEqual(['开始评议后，评议表冻结，计算方法和被评议单位锁定，不能再改。确定开始评议？'])
    expect(page.url()).not.toMatch(/\?done=open$/)
    page.once('dialog', (dialog) => void dialog.accept())
    await Promise.all([page.waitForURL(/\?done=open$/), page.click('button[data-action=open]')])
    expect(await page.textContent('p.ok')).toBe('评议已开始。')
    expect(await page.textContent('#round-status')).toBe('进行中')
    expect(await page.$$eval('#lifecycle button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['结束评议'])

    // A tablet: the navigation folds above the page.
    await page.setViewportSize({ width: 820, height: 1180 })
    expect(await page.$eval('.console', (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length)).toBe(1)
    await page.screenshot({ path: screenshotPath('console-round-open'), fullPage: true })
    expect(scriptErrors).toEqual([])

    const campaign = await db.selectFrom('campaign').select(['name', 'batch']).where('id', '=', campaignId).executeTakeFirstOrThrow()
    expect(campaign).toEqual({ name: '整改落实测评活动', batch: '第二批' })
    const units = await db.selectFrom('unit').select(['name', 'parent_id', 'code']).where('campaign_id', '=', campaignId).orderBy('name').execute()
    expect(units).toHaveLength(4)
    const jingling = units.find((u) => u.code === 'TM-JL')
    expect(jingling?.parent_id).toBe(city.id)
    const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
    expect(round).toMatchObject({ status: 'open', stage: 'rectification', campaign_id: campaignId, channels: ['codes', 'paper'] })
    const form = await db.selectFrom('form').select(['name', 'frozen_at']).where('id', '=', round.form_id as string).executeTakeFirstOrThrow()
    expect(form.name).toBe('整改落实满意度测评表')
    expect(form.frozen_at).not.toBeNull()
    const roundUnits = await db.selectFrom('round_unit').select(['unit_id', 'handed_out']).where('round_id', '=', roundId).execute()
    expect(roundUnits.map((u) => u.handed_out).sort((a, b) => a - b)).toEqual([0, 0, 0, 120])
    const categories = await db.selectFrom('evaluator_category').select('weight').where('campaign_id', '=', campaignId).execute()
    expect(categories.reduce((sum, c) => sum + Number(c.weight), 0)).toBe(100)
    const audit = await db.selectFrom('audit_log').select(['entity', 'action']).where('campaign_id', '=', campaignId).orderBy('at').execute()
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
      'campaign:create',
      'evaluator_category:preset',
      'unit:import',
      'form:create',
      'round:create',
      'round:set_units',
      'round:open',
    ])
  })
})
