import { createHash } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { loadInlineAssets } from '../../server/pages/inline-assets'
import type { RoundContext } from '../../server/rounds/store'
import { describeEachDatabase } from '../support/databases'
import { loginAs } from '../support/auth'
import { demoApp, postJson, TEST_CODE_KEY } from '../support/demo'

const SCRIPT = 'document.documentElement.dataset.ev="1"\n'
const STYLE = 'main{max-width:40rem}\n'
const BOARD = '.board{margin:0}\n'
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
/** A CSP directive's sources. */
const directive = (csp: string | null, name: string) => (csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? []

describeEachDatabase('the public phone pages: scripts and styles inline, admitted by hash', (database) => {
  let inlined: Awaited<ReturnType<typeof demoApp>>['app']
  let linked: ReturnType<typeof createApp>
  let ctx: RoundContext

  beforeAll(async () => {
    const inlineAssets = await loadInlineAssets(async (file) => ({ 'evaluate.js': SCRIPT, 'app.css': STYLE, 'board.css': BOARD })[file] ?? null)
    ;({ app: inlined, ctx } = await demoApp(database().db, { inlineAssets }))
    linked = createApp({ db: database().db, log: () => {}, secrets: { codeKey: TEST_CODE_KEY } })
  })

  it('carries the script at the end of the body and the style in the head, and the CSP admits exactly those', async () => {
    const res = await inlined.request(`/e/${ctx.round.id}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`<style>${STYLE}</style>`)
    expect(html).toContain(`<script>${SCRIPT}</script></body>`)
    expect(html).not.toContain('/assets/evaluate.js')
    expect(html).not.toContain('/assets/app.css')
    const csp = res.headers.get('content-security-policy')
    expect(directive(csp, 'script-src')).toEqual(["'self'", sha(SCRIPT)])
    expect(directive(csp, 'style-src')).toEqual(["'self'", sha(STYLE), sha(BOARD)])
    expect(csp).not.toContain('unsafe-inline')
  })

  it('after a no-JavaScript post: the style inline, no script (the page that says it counted needs none)', async () => {
    const body = new URLSearchParams({ submissionId: crypto.randomUUID(), unitId: ctx.units[0]!.id, categoryId: ctx.categories[0]!.id })
    for (const d of ctx.dimensions) body.set(`d${d.id}`, String(ctx.levels[0]!.id))
    const res = await inlined.request(`/e/${ctx.round.id}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('您的评议已计入')
    expect(html).toContain(`<style>${STYLE}</style>`)
    expect(html).not.toContain(SCRIPT)
    expect(html).not.toContain('/assets/evaluate.js')
  })

  it('links /assets/evaluate.js and /assets/app.css when the host gives no inline assets, and the CSP stays self-only', async () => {
    const res = await linked.request(`/e/${ctx.round.id}`)
    const html = await res.text()
    expect(html).toContain('<link rel="stylesheet" href="/assets/app.css"/>')
    expect(html).toContain('<script src="/assets/evaluate.js" defer=""></script>')
    expect(html).not.toContain('<style>')
    const csp = res.headers.get('content-security-policy')
    expect(directive(csp, 'script-src')).toEqual(["'self'"])
    expect(directive(csp, 'style-src')).toEqual(["'self'"])
  })

  it('the other public phone pages carry their styles inline too: a published results page, the rectification board', async () => {
    const organiser = await loginAs(inlined, database().db, 'organiser', { campaignId: null })
    expect((await postJson(inlined, `/api/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)).status).toBe(200)
    const published = await postJson(inlined, `/api/results/rounds/${ctx.round.id}/publications`, { audience: { public: true } }, organiser.headers)
    expect(published.status).toBe(201)
    const results = await (await inlined.request(((await published.json()) as { url: string }).url)).text()
    expect(results).toContain(`<style>${STYLE}</style>`)
    expect(results).not.toContain('<link rel="stylesheet"')
    const board = await inlined.request(`/board/${ctx.campaign.id}`)
    expect(board.status).toBe(200)
    expect(await board.text()).toContain(`<style>${STYLE}</style><style>${BOARD}</style>`)
  })

  it('pages not given the inline assets (the home page, the console) keep linking their style', async () => {
    const html = await (await inlined.request('/')).text()
    expect(html).toContain('<link rel="stylesheet" href="/assets/app.css"/>')
    expect(html).not.toContain(SCRIPT)
  })
})
