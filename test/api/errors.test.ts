import { beforeAll, expect, it } from 'vitest'
import type { RoundContext } from '../../server/rounds/store'
import { describeEachDatabase } from '../support/databases'
import { demoApp } from '../support/demo'

describeEachDatabase('error envelope and pages', (database) => {
  let app: Awaited<ReturnType<typeof demoApp>>['app']
  let ctx: RoundContext
  beforeAll(async () => {
    ;({ app, ctx } = await demoApp(database().db))
  })

  it('answers 404 in the envelope for programs and as a page for browsers', async () => {
    const api = await app.request('/api/nothing')
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: '找不到您要的页面或数据。' } })
    const round = await app.request('/e/not-a-uuid')
    expect(round.status).toBe(404)
    expect((await round.json()).error.code).toBe('round_not_found')
    const page = await app.request('/e/00000000-0000-4000-8000-000000000000', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    const html = await page.text()
    expect(html).toContain('data-code="round_not_found"')
    expect(html).toContain('找不到这次评议。')
  })

  it('never sends a stack trace, and carries a request id', async () => {
    const res = await app.request(`/api/rounds/${ctx.round.id}/ballots`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    expect(res.status).toBe(415)
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/)
  })

  it('renders the form again with the error next to the field on a bad no-JavaScript post', async () => {
    const body = new URLSearchParams({ unitId: ctx.units[0]?.id ?? '', categoryId: ctx.categories[0]?.id ?? '', [`d${ctx.dimensions[0]?.id}`]: String(ctx.levels[0]?.id) })
    const res = await app.request(`/e/${ctx.round.id}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('还有评议项目没有选择，请逐项评议。')
    expect(html.match(/class="dim bad"/g)).toHaveLength(4)
    expect(html).toContain(`value="${ctx.levels[0]?.id}" required="" checked=""`)
    const stored = await database().db.selectFrom('ballot').select('id').execute()
    expect(stored).toHaveLength(0)
  })

  it('sends security headers on every response', async () => {
    const res = await app.request(`/e/${ctx.round.id}`)
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline')
  })
})
