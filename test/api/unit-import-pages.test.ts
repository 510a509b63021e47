import { beforeAll, expect, it } from 'vitest'
import { loginAs, type TestLogin } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { setupApp, type TestApp } from '../support/setup-api'

/** The console's import pages as a browser without JavaScript sees them, in both languages. */
describeEachDatabase('unit import pages', (database) => {
  let app: TestApp
  let office: TestLogin
  let base: string

  const get = (path: string, lang = 'zh-CN') => app.request(path, { headers: { cookie: office.cookie, accept: 'text/html', 'accept-language': lang } })
  const preview = async (lines: string[], lang = 'zh-CN') => {
    const form = new FormData()
    form.append('_csrf', office.csrf)
    form.append('file', new Blob([new TextEncoder().encode(lines.join('\n'))]), 'units.csv')
    return (await app.request(`${base}/preview`, { method: 'POST', headers: { cookie: office.cookie, accept: 'text/html', 'accept-language': lang }, body: form })).text()
  }
  /** The preview's confirm step, as the page posts it (`accept` says whether its script asks for progress). */
  const confirm = (lines: string[], lang: string, accept = 'text/html') => {
    const body = new URLSearchParams({ _csrf: office.csrf, fileName: 'units.csv', data: Buffer.from(lines.join('\n')).toString('base64') })
    return app.request(base, { method: 'POST', headers: { cookie: office.cookie, accept, 'accept-language': lang, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  }

  beforeAll(async () => {
    app = setupApp(database().db)
    office = await loginAs(app, database().db, 'organiser')
    const campaign = await app.request('/api/campaigns', { method: 'POST', headers: { ...office.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: '导入页面' }) })
    const id = ((await campaign.json()) as { id: string }).id
    await app.request(`/api/campaigns/${id}/units`, { method: 'POST', headers: { ...office.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: '城关镇', kind: '镇', code: 'CG' }) })
    base = `/console/campaigns/${id}/units/import`
  })

  it('counts in English with the singular for one', async () => {
    const one = await preview(['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06', '西湖村,无此单位,村,'], 'en')
    expect(one).toContain('The file “units.csv” holds 2 units.')
    expect(one).toContain('1 error. Nothing was written; correct the file and upload it again.')
    const two = await preview(['单位名称,上级单位,单位类型,单位编码', ',CG,村,', '西湖村,无此单位,村,'], 'en')
    expect(two).toContain('2 errors. Nothing was written')
    const single = await preview(['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06'], 'en')
    expect(single).toContain('The file “units.csv” holds 1 unit.')
    expect(single).toContain('Import 1 unit</button>')
    expect(await (await get(`${base.replace(/\/import$/, '')}?imported=1`, 'en')).text()).toContain('1 unit imported.')
    expect(await (await get(`${base.replace(/\/import$/, '')}?imported=2`, 'en')).text()).toContain('2 units imported.')
    expect(await (await get(`${base.replace(/\/import$/, '')}?archived=1`, 'en')).text()).toContain('1 unit archived.')
    expect(await preview(['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06'])).toContain('文件“units.csv”中有 1 个单位。')
  })

  it('lists warnings by row and still offers the import', async () => {
    const page = await preview(['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06', '东湖村,CG,村,CG-07'])
    expect(page).toContain('有 1 处提醒，请逐条核对；确认无误仍可导入。')
    expect(page).toContain('<tr><td>3</td><td>单位名称</td><td>同一上级下已有同名单位“东湖村”（第 2 行，编码 CG-06）')
    expect(page).toContain('id="import-confirm"')
    const en = await preview(['单位名称,上级单位,单位类型,单位编码', '东湖村,CG,村,CG-06', '东湖村,CG,村,CG-07', '东湖村,CG,村,CG-08'], 'en')
    expect(en).toContain('2 warnings: check each one; if all is as meant, you can still import.')
    expect(en).toContain('id="import-warnings"')
    expect(en).toContain('<tr><td>3</td><td>Unit name</td><td>Another “东湖村” under the same parent is on row 2 (code CG-06)')
  })

  it('names the column of an error in the page’s language', async () => {
    const lines = ['单位名称,上级单位,单位类型,单位编码', ',CG,村,', '西湖村,无此单位,村,', '北村,CG,村,坏 码']
    const zh = await preview(lines)
    expect(zh).toContain('<tr><td>2</td><td>单位名称</td><td>单位名称不能为空</td></tr>')
    expect(zh).toContain('<tr><td>3</td><td>上级单位</td><td>找不到上级单位“无此单位”</td></tr>')
    expect(zh).toContain('<tr><td>4</td><td>单位编码</td>')
    const en = await preview(lines, 'en')
    expect(en).toContain('<tr><td>2</td><td>Unit name</td><td>The name is empty</td></tr>')
    expect(en).toContain('<tr><td>3</td><td>Parent</td><td>The parent unit “无此单位” was not found</td></tr>')
    expect(en).toContain('<tr><td>4</td><td>Code</td>')
    expect(en).not.toContain('<td>单位名称</td>')
  })

  it('shows the warnings again once the units are written', async () => {
    // Without the page script: the post answers with the result and the warnings, not a bare redirect.
    const done = await confirm(['单位名称,上级单位,单位类型,单位编码', '南湖村,CG,村,CG-21', '南湖村,CG,村,CG-22'], 'zh-CN')
    expect(done.status).toBe(200)
    const page = await done.text()
    expect(page).toContain(`<p class="ok" id="import-done">已导入 2 个单位。 <a href="${base.replace(/\/import$/, '')}">查看单位列表</a></p>`)
    expect(page).toContain('<p class="warn">请逐条核对导入时的 1 处提醒；如有不对，可在单位列表中修改或归档。</p>')
    expect(page).toContain('<tr><td>3</td><td>单位名称</td><td>同一上级下已有同名单位“南湖村”（第 2 行，编码 CG-21）')
    expect(await database().db.selectFrom('unit').select('code').where('name', '=', '南湖村').orderBy('code').execute()).toEqual([{ code: 'CG-21' }, { code: 'CG-22' }])
    // With it: the stream's last line says so before going on (the preview's warnings are still on screen).
    const streamed = await confirm(['单位名称,上级单位,单位类型,单位编码', '北湖村,CG,村,CG-31', '北湖村,CG,村,CG-32', '北湖村,CG,村,CG-33'], 'en', 'application/x-ndjson')
    const lines = (await streamed.text()).trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.at(-1)).toEqual({
      done: 3,
      total: 3,
      location: `${base.replace(/\/import$/, '')}?imported=3`,
      notice: '3 units imported. Check each of the 2 warnings the import raised; where something is wrong, edit or archive the unit in the list.',
      next: 'Go to the units',
    })
  })

  it('says in English that the template keeps its Chinese headers, and where the header row may be', async () => {
    const en = await (await get(base, 'en')).text()
    expect(en).toContain('The template’s column headers are in Chinese: keep them as they are, or use the English names in brackets.')
    expect(en).toContain('within the first five rows')
    expect(await (await get(base)).text()).toContain('表头须在前 5 行内')
  })
})
