import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatCode } from '../../server/codes/generate'
import type { Database } from '../../server/db/schema'
import { roundCounts, roundOpinions } from '../support/ballot-counts'
import { demoBatch, testKeys } from '../support/codes'
import { faultyLoad, type FaultyLoadResult } from '../support/faulty-load'
import { type Hosted, startHosted } from '../support/hosted'
import { pool, postOver } from '../support/http-client'
import { tallyMismatches } from '../support/integrity'
import { type PrivatePostgres, privatePostgresProblem, startPrivatePostgres } from '../support/private-postgres'
import { recordFigure } from './summary'

const UNITS = [0, 1, 2, 3, 4]
const FAULTS = 4

/** Every code handed out in this file, to look for in the logs afterwards (test 5). */
const allCodes: string[] = []
/** What the hosts printed, over all their lives. */
const appOutput: string[] = []

/** The checks of test 3 on what the database holds after a faulty load. */
async function afterLoad(db: Kysely<Database>, roundId: string, marker: string, load: FaultyLoadResult, before: Awaited<ReturnType<typeof roundCounts>>) {
  const counts = await roundCounts(db, roundId)
  const opinions = new Set((await roundOpinions(db, roundId)).filter((o) => o.startsWith(`${marker}-`)))
  const lost = [...load.acknowledged].filter((m) => !opinions.has(m))
  const ballots = counts.ballots + counts.staged - before.ballots - before.staged
  const uses = counts.uses - before.uses
  const integrity = await tallyMismatches(db)
  return { counts, lost, ballots, uses, submissions: counts.submissions - before.submissions, integrity }
}

/** Asks every code what it may rate, so that the codes also travel through the check route. */
async function checkCodes(base: string, roundId: string, codes: string[]) {
  const answers = await pool(codes, 8, (code) => postOver(base, `/api/rounds/${roundId}/codes/check`, { code: formatCode(code) }))
  expect(answers.every((a) => 'status' in a && a.status === 200)).toBe(true)
}

function report(test: string, load: FaultyLoadResult, result: Awaited<ReturnType<typeof afterLoad>>, total: number) {
  const pass =
    result.lost.length === 0 && load.failed.length === 0 && result.ballots === total && result.uses === result.ballots && result.submissions === total && result.integrity.tally === 0 && result.integrity.counts === 0
  recordFigure(
    test,
    `${total} submissions, ${load.faults} faults in ${load.seconds.toFixed(1)} s (${load.unanswered} unanswered, ${load.serverErrors} 5xx${load.serverErrors ? ` [${[...load.statuses5xx].map(([s, n]) => `${s}×${n}`).join(' ')}]` : ''}, all retried): acknowledged ${load.acknowledged.size}, lost ${result.lost.length}; stored ${result.ballots} (${result.counts.staged} staged), code uses ${result.uses}; tallies off by ${result.integrity.tally + result.integrity.counts} cells`,
    pass,
  )
  expect(load.failed).toEqual([])
  expect(result.lost).toEqual([])
  expect(result.ballots).toBe(total)
  expect(result.uses).toBe(result.ballots)
  expect(result.submissions).toBe(total)
  expect(result.integrity).toEqual({ tally: 0, counts: 0 })
}

describe('server killed during load [pglite data folder]', () => {
  let hosted: Hosted
  let codes: string[]
  beforeAll(async () => {
    ;({ hosted, prepared: codes } = await startHosted('pglite', async (db, ctx) => (await demoBatch(db, ctx, 200)).codes))
    allCodes.push(...codes)
  }, 180_000)
  afterAll(async () => {
    await hosted?.close()
  })

  it('3. keeps every acknowledged ballot when the server is killed with SIGKILL and restarted', async () => {
    const { ctx, server } = hosted
    await checkCodes(server.base, ctx.round.id, codes)
    const marker = 'kill-pglite'
    const load = await faultyLoad({ base: server.base, ctx, codes, units: UNITS, marker, faults: FAULTS, fault: async () => (await server.kill9(), await server.start()) })
    const result = await hosted.withDb(async (db) => afterLoad(db, ctx.round.id, marker, load, { ballots: 0, staged: 0, uses: 0, submissions: 0 }))
    appOutput.push(server.output())
    report('3. server SIGKILL ×4 [pglite data folder]', load, result, codes.length * UNITS.length)
  }, 600_000)
})

const noPrivatePostgres = privatePostgresProblem()
if (noPrivatePostgres) console.warn(`[pingyi tests] crash tests on a private PostgreSQL skipped: ${noPrivatePostgres}`)

describe.skipIf(noPrivatePostgres !== null)('crashes during load [private PostgreSQL]', () => {
  let pg: PrivatePostgres
  let hosted: Hosted
  let batches: { kill: string[]; restart: string[] }
  beforeAll(async () => {
    pg = await startPrivatePostgres()
    const url = await pg.createDatabase('pingyi')
    ;({ hosted, prepared: batches } = await startHosted(
      'postgres',
      async (db, ctx) => ({ kill: (await demoBatch(db, ctx, 200)).codes, restart: (await demoBatch(db, ctx, 200)).codes }),
      { url },
    ))
    allCodes.push(...batches.kill, ...batches.restart)
  }, 180_000)
  afterAll(async () => {
    await hosted?.close()
    pg?.destroy()
  })

  it('3. keeps every acknowledged ballot when the server is killed with SIGKILL and restarted', async () => {
    const { ctx, server } = hosted
    await checkCodes(server.base, ctx.round.id, batches.kill)
    const before = await hosted.withDb((db) => roundCounts(db, ctx.round.id))
    const marker = 'kill-pg'
    const load = await faultyLoad({ base: server.base, ctx, codes: batches.kill, units: UNITS, marker, faults: FAULTS, fault: async () => (await server.kill9(), await server.start()) })
    const result = await hosted.withDb((db) => afterLoad(db, ctx.round.id, marker, load, before))
    report('3. server SIGKILL ×4 [PostgreSQL]', load, result, batches.kill.length * UNITS.length)
  }, 600_000)

  it('3. keeps every acknowledged ballot when PostgreSQL is crashed (stop -m immediate) and restarted', async () => {
    const { ctx, server } = hosted
    const before = await hosted.withDb((db) => roundCounts(db, ctx.round.id))
    const marker = 'restart-pg'
    const load = await faultyLoad({
      base: server.base,
      ctx,
      codes: batches.restart,
      units: UNITS,
      marker,
      faults: FAULTS,
      fault: async () => {
        pg.crash()
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 700))
        pg.start()
      },
    })
    const result = await hosted.withDb((db) => afterLoad(db, ctx.round.id, marker, load, before))
    expect(server.running()).toBe(true)
    report('3. PostgreSQL crash-restarted ×4 [PostgreSQL]', load, result, batches.restart.length * UNITS.length)
  }, 600_000)

  it('5. finds no code in the app output or in the PostgreSQL statement log', async () => {
    appOutput.push(hosted.server.output())
    const app = appOutput.join('\n')
    const log = pg.log()
    const forms = allCodes.flatMap((c) => [c, formatCode(c), c.toLowerCase()])
    const inApp = forms.filter((f) => app.includes(f)).length
    const inLog = forms.filter((f) => log.includes(f)).length
    // The log does record statements with their parameters: the code hashes are there.
    const hashes = await Promise.all(batches.kill.slice(0, 20).map((c) => testKeys.hash('code', c)))
    const hashesLogged = hashes.filter((h) => log.includes(h)).length
    const pass = inApp === 0 && inLog === 0 && hashesLogged > 0
    recordFigure(
      '5. codes in logs',
      `${allCodes.length} codes × 3 spellings grepped in ${(app.length / 1e6).toFixed(1)} MB of app output (3 hosts, incl. crashes) and ${(log.length / 1e6).toFixed(1)} MB of PostgreSQL log (log_statement=all): ${inApp} + ${inLog} hits; control: ${hashesLogged}/20 code hashes found in the log`,
      pass,
    )
    expect(inApp).toBe(0)
    expect(inLog).toBe(0)
    expect(hashesLogged).toBeGreaterThan(0)
  })
})
