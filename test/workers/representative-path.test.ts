import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { openDatabase } from '../../server/db/open'
import { createTestDatabase, postgresAvailable, testPgliteImage } from '../support/databases'
import { type RunningHost, startNodeHost, startWorkerHost } from '../support/hosts'
import { type PathResult, representativePath } from '../support/representative-path'

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000'

/** Every GET route the app registers (pages and API), as `method path` patterns. */
async function getRoutes(): Promise<string[]> {
  const database = await openDatabase({ pgliteImage: testPgliteImage() })
  try {
    const app = createApp({ db: database.db, log: () => {} })
    return [...new Set(app.routes.filter((r) => r.method === 'GET' && !r.path.includes('*')).map((r) => r.path))]
  } finally {
    await database.close()
  }
}

/**
 * Host parity: the same representative path, with the same assertions, on the Node host and
 * on the Workers host (workerd + Hyperdrive), each over its own fresh PostgreSQL database;
 * then every GET route, signed in and anonymous, must answer alike on both hosts.
 */
describe.skipIf(!postgresAvailable)('the representative path on both hosts', () => {
  const runs: Record<string, PathResult & { base: string }> = {}
  const cleanup: (() => Promise<void>)[] = []
  let routes: string[] = []
  beforeAll(async () => {
    routes = await getRoutes()
  })
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {})
  })

  const hosts: [string, (url: string) => Promise<RunningHost>][] = [
    ['Node', startNodeHost],
    ['Workers', startWorkerHost],
  ]
  for (const [name, startHost] of hosts) {
    it(`runs on the ${name} host`, async () => {
      const database = await createTestDatabase('postgres')
      cleanup.push(() => database.close())
      const host = await startHost(database.url as string)
      cleanup.push(() => host.stop())
      runs[name] = { ...(await representativePath(host.base, database.db)), base: host.base }
    }, 300_000)
  }

  it('gives the same figures on both hosts', () => {
    expect(runs.Node).toBeDefined()
    expect(runs.Workers?.figures).toEqual(runs.Node?.figures)
  })

  it('answers every GET route alike on both hosts, signed in and anonymous, without a 5xx', async () => {
    const answers: Record<string, string[]> = { Node: [], Workers: [] }
    for (const name of ['Node', 'Workers']) {
      const run = runs[name]!
      for (const route of routes) {
        const path = route.replace(/:([A-Za-z]+)/g, (_, param: string) => (param === 'lang' ? 'en' : (run.ids[param] ?? PLACEHOLDER)))
        for (const [who, headers] of [['anonymous', {}], ['organiser', run.auth]] as const) {
          const res = await fetch(`${run.base}${path}`, { headers, redirect: 'manual' })
          await res.arrayBuffer()
          const type = (res.headers.get('content-type') ?? '').split(';')[0]
          answers[name]!.push(`${who} GET ${route} → ${res.status} ${type}`)
        }
      }
    }
    expect(answers.Workers).toEqual(answers.Node)
    expect(answers.Node!.filter((a) => / → 5\d\d /.test(a))).toEqual([])
    expect(answers.Node!.length).toBeGreaterThan(40)
    expect(answers.Node!.filter((a) => a.startsWith('organiser') && / → 200 /.test(a)).length).toBeGreaterThan(20)
  }, 300_000)
})
