import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatCode } from '../../server/codes/generate'
import type { Database } from '../../server/db/schema'
import { demoBatch, testKeys } from '../support/codes'
import { postgresAvailable } from '../support/databases'
import { type Hosted, startHosted } from '../support/hosted'
import { postOver } from '../support/http-client'
import { httpLogin } from '../support/http-session'
import { tallyMismatches } from '../support/integrity'
import { HOST_ADMIN } from '../support/pingyi-process'
import { noRankLink, spearmanOfOrders } from '../support/spearman'
import { recordFigure } from './summary'

const BALLOTS = 1000
const USER_AGENT = `PingyiProbe/1.0 (anonymity test ${crypto.randomUUID()})`

async function xminLinks(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM code_use c JOIN ballot b ON c.xmin = b.xmin`.execute(db)
  return Number(r.rows[0]!.n)
}

/** Columns of the ballot tables that could carry who or when: by name or by type. */
async function suspectColumns(db: Kysely<Database>): Promise<{ columns: string[]; suspect: string[] }> {
  const r = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name IN ('ballot', 'staged_group', 'staged_ballot') ORDER BY table_name, ordinal_position`.execute(db)
  const columns = r.rows.map((c) => `${c.table_name}.${c.column_name}:${c.data_type}`)
  const suspect = r.rows
    .filter((c) => /code|device|ip|addr|agent|user|session|submission|time|created|updated|at$/i.test(c.column_name) || /time|interval|inet|cidr|macaddr/i.test(c.data_type))
    .map((c) => `${c.table_name}.${c.column_name}:${c.data_type}`)
  return { columns, suspect }
}

for (const driver of ['postgres', 'pglite'] as const) {
  describe.skipIf(driver === 'postgres' && !postgresAvailable)(`anonymity at the database level [${driver}]`, () => {
    let hosted: Hosted
    let codes: string[]
    beforeAll(async () => {
      ;({ hosted, prepared: codes } = await startHosted(driver, async (db, ctx) => (await demoBatch(db, ctx, BALLOTS, { units: [0] })).codes))
    }, 180_000)
    afterAll(async () => {
      await hosted?.close()
    })

    it('4. leaves no xmin link after a flush, no row-order link after close, and nothing about the voter in ballot columns', async () => {
      const { ctx, server } = hosted
      const deviceTokens: string[] = []
      const submissionIds: string[] = []
      // One at a time, in code order: the worst case, arrival order = code order.
      for (const [i, code] of codes.entries()) {
        const submissionId = crypto.randomUUID()
        submissionIds.push(submissionId)
        const body = { submissionId, code: formatCode(code), unitId: ctx.units[0]!.id, answers: Object.fromEntries(ctx.dimensions.map((d) => [String(d.id), ctx.levels[i % 4]!.id])), opinion: `b${i}` }
        const res = await postOver(server.base, `/api/rounds/${ctx.round.id}/ballots`, body, { 'user-agent': USER_AGENT })
        if (!('status' in res) || res.status !== 201) throw new Error(`ballot ${i}: ${JSON.stringify(res)}`)
        const device = res.headers.getSetCookie().find((c) => c.startsWith('pingyi_device='))
        if (device) deviceTokens.push(...(device.split(';')[0]!.slice('pingyi_device='.length).split('.')))
      }
      const midRound = await hosted.withDb(async (db) => {
        const staged = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM staged_head`.execute(db)).rows[0]!.n)
        return { links: await xminLinks(db), staged }
      })

      const organiser = await httpLogin(server.base, HOST_ADMIN.username, HOST_ADMIN.password)
      const closed = await postOver(server.base, `/api/campaigns/${ctx.round.campaign_id}/rounds/${ctx.round.id}/close`, {}, organiser.headers)
      expect('status' in closed && closed.status).toBe(200)

      const after = await hosted.withDb(async (db) => {
        const index = new Map((await Promise.all(codes.map((c) => testKeys.hash('code', c)))).map((h, i) => [h, i]))
        const useOrder = (await sql<{ code_hash: string }>`SELECT code_hash FROM code_use ORDER BY ctid`.execute(db)).rows.map((r) => index.get(r.code_hash)!)
        const ballotOrder = (await sql<{ opinion: string }>`SELECT opinion FROM ballot WHERE round_id = ${ctx.round.id} ORDER BY ctid`.execute(db)).rows.map((r) => Number(r.opinion.slice(1)))
        const rows = (await sql<{ row: string }>`SELECT row_to_json(b)::text AS row FROM ballot b UNION ALL SELECT row_to_json(s)::text FROM staged_group s`.execute(db)).rows.map((r) => r.row)
        const hashes = [...index.keys()]
        const secrets = [...codes, ...codes.map(formatCode), ...hashes, ...deviceTokens, ...submissionIds, USER_AGENT, '127.0.0.1']
        const text = rows.join('\n')
        const hits = secrets.filter((s) => text.includes(s)).length
        const days = (await sql<{ day: string }>`SELECT DISTINCT day::text AS day FROM ballot`.execute(db)).rows.length
        return { links: await xminLinks(db), useOrder, ballotOrder, hits, secrets: secrets.length, days, columns: await suspectColumns(db), integrity: await tallyMismatches(db) }
      })
      expect(after.useOrder).toHaveLength(BALLOTS)
      expect(after.ballotOrder).toHaveLength(BALLOTS)
      const rhoUse = spearmanOfOrders(after.useOrder, after.ballotOrder)
      const rhoArrival = spearmanOfOrders(
        codes.map((_, i) => i),
        after.ballotOrder,
      )
      const pass =
        midRound.links === 0 && after.links === 0 && Math.abs(rhoUse) < noRankLink(BALLOTS) && Math.abs(rhoArrival) < noRankLink(BALLOTS) && after.hits === 0 && after.columns.suspect.length === 0 && after.integrity.tally + after.integrity.counts === 0
      recordFigure(
        `4. anonymity [${driver}]`,
        `${BALLOTS} ballots sent one by one in code order: xmin links code_use⋈ballot ${midRound.links} mid-round (${midRound.staged} staged), ${after.links} after close; Spearman ρ ballot order vs code-use order ${rhoUse.toFixed(3)}, vs arrival order ${rhoArrival.toFixed(3)}; ballot columns ${after.columns.columns.length}, suspect ${after.columns.suspect.length} (only a date: ${after.days} distinct day); ${after.secrets} codes/hashes/device tokens/submission ids/UA/IP grepped in ballot rows: ${after.hits} hits`,
        pass,
      )
      recordFigure(`11. tallies after test 4 [${driver}]`, `${after.integrity.tally} tally cells and ${after.integrity.counts} ballot counts differ from a recount`, after.integrity.tally + after.integrity.counts === 0)
      expect(midRound.links).toBe(0)
      expect(after.links).toBe(0)
      expect(Math.abs(rhoUse)).toBeLessThan(noRankLink(BALLOTS))
      expect(Math.abs(rhoArrival)).toBeLessThan(noRankLink(BALLOTS))
      expect(after.columns.suspect).toEqual([])
      expect(after.hits).toBe(0)
      expect(after.integrity).toEqual({ tally: 0, counts: 0 })
    }, 400_000)
  })
}
