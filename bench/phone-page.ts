import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../test/support/browser'
import { createUser } from '../server/auth/store'
import { startDemoServer } from '../test/support/server'
import { median, type Row } from './report'

// DevTools "Slow 3G": 400 ms latency, ~400 kbit/s both ways; and a CPU 4× slower.
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 }

interface Load {
  bytes: number
  interactiveMs: number
  /** First contentful paint: when the reader first sees the page (it waits for the styles). */
  paintMs: number
}

async function load(browser: Browser, url: string, cookie?: { name: string; value: string }): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })
  // A __Host- cookie cannot be planted for http://127.0.0.1 through the cookie store: send it as a header.
  if (cookie) await context.setExtraHTTPHeaders({ cookie: `${cookie.name}=${cookie.value}` })
  const page: Page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  let bytes = 0
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength
  })
  await page.goto(url, { waitUntil: 'load' })
  // Deferred scripts have run by DOMContentLoaded's end: the page is interactive from then on.
  const { interactiveMs, paintMs } = await page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    for (let i = 0; i < 100 && !performance.getEntriesByName('first-contentful-paint').length; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    return { interactiveMs: nav.domContentLoadedEventEnd, paintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN }
  })
  await page.waitForTimeout(200)
  await context.close()
  return { bytes, interactiveMs, paintMs }
}

/** Bytes transferred and time to interactive of the phone page under slow 3G and a 4× slower CPU. */
export async function benchPhonePage(quick: boolean): Promise<Row[]> {
  const server = await startDemoServer()
  const browser = await launchBrowser()
  try {
    const runs = quick ? 1 : 5
    const measureOn = async (base: string, path: string, cookie?: { name: string; value: string }) => {
      const loads: Load[] = []
      for (let i = 0; i < runs; i++) loads.push(await load(browser, `${base}${path}`, cookie))
      return { bytes: median(loads.map((l) => l.bytes)), ms: median(loads.map((l) => l.interactiveMs)), paint: median(loads.map((l) => l.paintMs)) }
    }
    const measure = (path: string, cookie?: { name: string; value: string }) => measureOn(server.url, path, cookie)
    const floor = await measure('/api/health')
    const evaluate = await measure(`/e/${server.roundId}`)
    const published = await publishDemo(server)
    const results = await measure(published.path)
    // The same pages linking their script and styles (as before they went inline): more requests.
    const linkedServer = await startDemoServer({ inlineAssets: undefined })
    const linked = await measureOn(linkedServer.url, `/e/${linkedServer.roundId}`)
    const linkedResults = await measureOn(linkedServer.url, (await publishDemo(linkedServer)).path)
    await linkedServer.close()
    // The organiser's round page: chart.js and the results script included.
    const charts = await measure(`/results/rounds/${server.roundId}`, published.cookie)
    const baseline = { name: 'a 15-byte JSON document', value: floor.ms }
    return [
      { section: 'phone page', name: 'evaluation page, all it loads (compressed)', value: evaluate.bytes / 1024, unit: 'KB', target: '≤ 30 KB', met: evaluate.bytes <= 30 * 1024 },
      { section: 'phone page', name: 'evaluation page interactive, slow 3G + 4× CPU', value: evaluate.ms, unit: 'ms', baseline, ratio: `${(evaluate.ms / floor.ms).toFixed(1)}× the floor`, target: '< 1500 ms', met: evaluate.ms < 1500 },
      { section: 'phone page', name: 'evaluation page first paint', value: evaluate.paint, unit: 'ms', baseline, ratio: `${(evaluate.paint / floor.ms).toFixed(1)}× the floor` },
      { section: 'phone page', name: 'the same page linking its script and style (reference: before they went inline)', value: linked.ms, unit: 'ms', baseline, ratio: `${(linked.ms / floor.ms).toFixed(1)}× the floor; inline takes ${(evaluate.ms / linked.ms).toFixed(2)}× this` },
      { section: 'phone page', name: 'first paint of the same page linking its script and style (reference)', value: linked.paint, unit: 'ms', baseline, ratio: `${(linked.paint / floor.ms).toFixed(1)}× the floor; inline takes ${(evaluate.paint / linked.paint).toFixed(2)}× this` },
      { section: 'phone page', name: 'public results page /p/:slug (reference), all it loads', value: results.bytes / 1024, unit: 'KB' },
      { section: 'phone page', name: 'public results page interactive (reference)', value: results.ms, unit: 'ms', baseline, ratio: `${(results.ms / floor.ms).toFixed(1)}× the floor` },
      { section: 'phone page', name: 'public results page first paint (reference)', value: results.paint, unit: 'ms', baseline, ratio: `${(results.paint / floor.ms).toFixed(1)}× the floor` },
      { section: 'phone page', name: 'first paint of the same page linking its styles (reference)', value: linkedResults.paint, unit: 'ms', baseline, ratio: `${(linkedResults.paint / floor.ms).toFixed(1)}× the floor; inline takes ${(results.paint / linkedResults.paint).toFixed(2)}× this` },
      { section: 'phone page', name: 'round results page with chart.js (reference), all it loads', value: charts.bytes / 1024, unit: 'KB' },
      { section: 'phone page', name: 'round results page with chart.js interactive (reference)', value: charts.ms, unit: 'ms', baseline, ratio: `${(charts.ms / floor.ms).toFixed(1)}× the floor` },
    ]
  } finally {
    await browser.close()
    await server.close()
  }
}

/** Closes the demo round and publishes it to the public through the API; returns its page's path and the organiser's session cookie. */
async function publishDemo(server: Awaited<ReturnType<typeof startDemoServer>>): Promise<{ path: string; cookie: { name: string; value: string } }> {
  await createUser(server.database.db, { username: 'bench.org', name: '活动办公室', role: 'organiser', password: 'bench password 1' })
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.org', password: 'bench password 1' }) })
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const session = login.headers.getSetCookie().find((line) => line.startsWith('__Host-'))!.split(';')[0]!
  const headers = { cookie: session, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }
  const round = await server.database.db.selectFrom('round').select('campaign_id').where('id', '=', server.roundId).executeTakeFirstOrThrow()
  await fetch(`${server.url}/api/campaigns/${round.campaign_id}/rounds/${server.roundId}/close`, { method: 'POST', headers, body: '{}' })
  const published = await fetch(`${server.url}/api/results/rounds/${server.roundId}/publications`, { method: 'POST', headers, body: JSON.stringify({ audience: { public: true } }) })
  const [name, ...value] = session.split('=')
  return { path: ((await published.json()) as { url: string }).url, cookie: { name: name!, value: value.join('=') } }
}
