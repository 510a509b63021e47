import { expect, it } from 'vitest'
import { qrSvg } from '../../server/codes/qr'
import { loginAs } from '../support/auth'
import { describeEachDatabase } from '../support/databases'
import { demoApp, postJson } from '../support/demo'

const PUBLIC = 'https://pingyi.example.gov.cn'

/** Links handed to evaluators (slips, QR codes, code downloads, the poster) behind a TLS reverse proxy. */
describeEachDatabase('the public address of printed links', (database) => {
  it('uses PINGYI_PUBLIC_ORIGIN for slips, code downloads, the round page and the poster, whatever the request came in as', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db, { publicOrigin: PUBLIC })
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    // What a reverse proxy forwards: plain http to the app's own address.
    const behind = (path: string) => `http://127.0.0.1:3000${path}`
    const batches = behind(`/api/rounds/${ctx.round.id}/code-batches`)
    const slips = await (await postJson(app, batches, { categoryId: ctx.categories[0]!.id, units: 'all', count: 1, format: 'slips' }, organiser.headers)).text()
    const code = /<p class="code">([2-9A-Z]{5})-([2-9A-Z]{5})<\/p>/.exec(slips)!
    expect(slips).toContain(qrSvg(`${PUBLIC}/e/${ctx.round.id}#c=${code[1]}${code[2]}`))
    const csv = await (await postJson(app, batches, { categoryId: ctx.categories[0]!.id, units: 'all', count: 1, format: 'csv' }, organiser.headers)).text()
    expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^1,[2-9A-Z-]{11},${PUBLIC}/e/${ctx.round.id}#c=[2-9A-Z]{10}$`))

    const roundPage = `/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}`
    const page = await (await app.request(behind(roundPage), { headers: organiser.headers })).text()
    expect(page).toContain(`value="${PUBLIC}/e/${ctx.round.id}"`)
    expect(page).toContain(qrSvg(`${PUBLIC}/e/${ctx.round.id}`))
    expect(page).not.toContain('plain-http')
    const poster = await (await app.request(behind(`${roundPage}/poster`), { headers: organiser.headers })).text()
    expect(poster).toContain(`<p class="url">${PUBLIC}/e/${ctx.round.id}</p>`)
  })

  it('without it, warns before printing links with a plain http address other than this machine’s own', async () => {
    const db = database().db
    const { app, ctx } = await demoApp(db)
    const organiser = await loginAs(app, db, 'organiser', { campaignId: ctx.campaign.id })
    const roundPage = `/console/campaigns/${ctx.campaign.id}/rounds/${ctx.round.id}`
    const lan = await (await app.request(`http://192.168.1.20:3000${roundPage}`, { headers: organiser.headers })).text()
    expect(lan).toContain('value="http://192.168.1.20:3000/e/')
    // Once above the public link, once above the code batches (the demo round is open: codes can be made).
    expect(lan.split('<p class="warn plain-http">评议条和海报上的链接、二维码将指向 http://192.168.1.20:3000（未加密的 http 地址）。若 Pingyi 经 HTTPS 对外服务，请先设置 PINGYI_PUBLIC_ORIGIN')).toHaveLength(3)
    const english = await (await app.request(`http://192.168.1.20:3000${roundPage}?lang=en`, { headers: organiser.headers })).text()
    expect(english).toContain('set PINGYI_PUBLIC_ORIGIN (e.g. https://pingyi.example.gov.cn) before printing')
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:3000', 'https://pingyi.example.gov.cn']) {
      const page = await (await app.request(`${origin}${roundPage}`, { headers: organiser.headers })).text()
      expect(page, origin).toContain(`value="${origin}/e/${ctx.round.id}"`)
      expect(page, origin).not.toContain('plain-http')
    }
  })
})
