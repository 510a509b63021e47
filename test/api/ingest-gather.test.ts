import { afterEach, describe, expect, it } from 'vitest'
import { loadRoundContext } from '../../server/rounds/store'
import { demoBatch } from '../support/codes'
import { demoBallot } from '../support/demo'
import { pool, postOver, statusSummary } from '../support/http-client'
import { startDemoServer, type TestServer } from '../support/server'

/**
 * Embedded PGlite runs each statement on the server's own thread: while a group commit runs, no
 * request is read. The next group waits for the event loop to read what arrived meanwhile
 * (ingest databaseOnThisThread, as `npm start` sets it on PGlite); started at once, it held
 * only what waited already, and the groups stayed small however many evaluators sent at once.
 * Real HTTP, so that requests do arrive as I/O; flushes off, so each group commit leaves its
 * staged row to be counted.
 */
describe('group commits on a database on the server thread (PGlite, real HTTP)', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  const groupCommits = async (databaseOnThisThread: boolean) => {
    server = await startDemoServer({ ingest: { databaseOnThisThread, flushAt: 1_000_000 } })
    const ctx = await loadRoundContext(server.database.db, server.roundId)
    const { codes } = await demoBatch(server.database.db, ctx, 240)
    const url = server.url
    // 240 evaluators over 48 connections, each rating one unit with a code of their own.
    const answers = await pool(codes, 48, (code) => postOver(url, `/api/rounds/${ctx.round.id}/ballots`, { ...demoBallot(ctx, { category: 1 }), submissionId: crypto.randomUUID(), code }))
    expect(statusSummary(answers)).toBe('201×240')
    const groups = await server.database.db.selectFrom('staged_group').select(['size']).where('round_id', '=', ctx.round.id).execute()
    expect(groups.reduce((sum, g) => sum + g.size, 0)).toBe(240)
    return groups.length
  }

  it('gathers what arrived during a group commit into the next one', async () => {
    const gathered = await groupCommits(true)
    const atOnce = await groupCommits(false)
    // Measured here: 31–33 group commits gathering, 240 (one a ballot) started at once.
    const seen = `${gathered} group commits gathering, ${atOnce} started at once`
    expect(gathered, seen).toBeLessThanOrEqual(60)
    expect(atOnce, seen).toBeGreaterThan(2 * gathered)
  })
})
