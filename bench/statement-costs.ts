import { sql } from 'kysely'
import { normalizeCode } from '../server/codes/generate'
import type { KeyedHasher } from '../server/codes/keyed-hash'
import { openDatabase } from '../server/db/open'
import { flushRound } from '../server/ingest/flush'
import { recordSubmissions, type Submission } from '../server/ingest/record'
import type { RoundContext } from '../server/rounds/store'
import { processCpuSeconds } from './cpu'
import type { Row } from './report'

/** CPU of a statement kind in its PostgreSQL backend: fixed per statement plus per ballot (a line through two sizes). */
export interface Fit {
  perStatementMs: number
  perBallotUs: number
}

/** Grids a statement at the two sizes the line goes through: one delegate's, and ten at once (a busy moment). */
const SIZES = [1, 10] as const
/**
 * Statements run at each size: about a second of PostgreSQL CPU each in a full run (/proc counts
 * CPU in 10 ms ticks), a third of that in a quick one.
 */
const STATEMENTS = { full: [500, 120], quick: [150, 40] } as const

/**
 * PostgreSQL's own cost of the ingest's statements, on one connection, one statement after
 * another: no HTTP, no concurrency, no other process's CPU to share. Steadier than the loads,
 * and what a change to the SQL moves. The group commit (`recordSubmissions`) runs at 1 and 10
 * grids a statement, fitted as a fixed cost per statement plus a cost per ballot; then the flush
 * moves what it staged (`flushRound`, up to 1,000 ballots a statement), per ballot moved; and the
 * baseline, a plain INSERT of the same ballots into `ballot` in one prepared statement, fitted
 * the same way. CPU is the backend's, read from /proc: null where there is none (or where
 * PostgreSQL runs on another machine).
 * `codes` are live codes of the round, one a grid, none used before (`statementCostCodes` of them).
 */
export async function statementCosts(url: string, ctx: RoundContext, keys: KeyedHasher, codes: string[], quick: boolean): Promise<{ commit: Fit; flushPerBallotUs: number; insert: Fit } | null> {
  const database = await openDatabase({ url, max: 1 })
  const db = database.db
  // One connection, so one backend does all the work: its own CPU, not the other postgres
  // processes' (autovacuum after the loads, the checkpointer), which would blur a difference of
  // a few per cent between two versions of a statement.
  const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)
  const backend = rows[0]!.pid
  if (processCpuSeconds(backend) === null) {
    await database.close()
    return null
  }
  const roundId = ctx.round.id
  let next = 0
  const code = () => {
    const plain = codes[next++]
    if (!plain) throw new Error(`statementCosts ran out of codes (${codes.length} given)`)
    return plain
  }
  const answers = (n: number) => Object.fromEntries(ctx.dimensions.map((d, i) => [String(d.id), ctx.levels[(n + i) % ctx.levels.length]!.id]))
  // What checkSubmission hands the ingest for a delegate's grid (every unit, one code).
  const grid = async (): Promise<Submission[]> => {
    const codeHash = await keys.hash('code', normalizeCode(code())!)
    return Promise.all(
      ctx.units.map(async (unit, i) => ({
        keyHash: await keys.hash('submission', `${roundId}:${crypto.randomUUID()}`),
        unitId: unit.id,
        categoryId: null,
        channel: 'mobile' as const,
        answers: answers(next + i),
        opinion: null,
        valid: true,
        invalidReason: null,
        codeHash,
        deviceHash: null,
      })),
    )
  }
  const insertRows = (grids: number) =>
    JSON.stringify(
      Array.from({ length: grids }, (_, g) => ctx.units.map((unit, i) => ({ round_id: roundId, unit_id: unit.id, category_id: ctx.categories[1]!.id, channel: 'mobile', answers: answers(g + i) }))).flat(),
    )
  const insert = (rows: string) =>
    sql`INSERT INTO ballot (round_id, unit_id, category_id, channel, answers)
        SELECT * FROM json_to_recordset(cast(cast(${rows} AS text) AS json)) AS t(round_id uuid, unit_id uuid, category_id uuid, channel text, answers jsonb)`.execute(db)
  const backendSeconds = () => processCpuSeconds(backend)!
  /** The backend's CPU per statement (ms) of `run`, over `count` statements prepared by `make` first. */
  const perStatement = async <T>(count: number, make: () => Promise<T>, run: (input: T) => Promise<unknown>) => {
    const inputs: T[] = []
    for (let i = 0; i < count; i++) inputs.push(await make())
    const before = backendSeconds()
    for (const input of inputs) await run(input)
    return ((backendSeconds() - before) * 1000) / count
  }
  const fit = ([small, large]: number[]): Fit => {
    const ballots = SIZES.map((grids) => grids * ctx.units.length)
    const perBallotMs = (large! - small!) / (ballots[1]! - ballots[0]!)
    return { perStatementMs: small! - perBallotMs * ballots[0]!, perBallotUs: perBallotMs * 1000 }
  }
  try {
    // Flushes until one moves nothing (fewer than k left); the ballots moved.
    const flushAll = async () => {
      let moved = 0
      for (;;) {
        const m = await flushRound(db, roundId, { keys, max: 1000 })
        if (m === 0) return moved
        moved += m
      }
    }
    // Warm: the connection's plans (a prepared statement runs on a generic plan after five).
    for (let i = 0; i < 8; i++) {
      await recordSubmissions(db, roundId, await grid(), { keys })
      await insert(insertRows(1))
    }
    await flushAll()
    const commit: number[] = []
    const plain: number[] = []
    let flushSeconds = 0
    let flushed = 0
    for (const [i, grids] of SIZES.entries()) {
      const count = STATEMENTS[quick ? 'quick' : 'full'][i]!
      commit.push(await perStatement(count, async () => (await Promise.all(Array.from({ length: grids }, grid))).flat(), (items) => recordSubmissions(db, roundId, items, { keys })))
      plain.push(await perStatement(count, async () => insertRows(grids), insert))
      const before = backendSeconds()
      flushed += await flushAll()
      flushSeconds += backendSeconds() - before
    }
    return { commit: fit(commit), flushPerBallotUs: (flushSeconds * 1e6) / flushed, insert: fit(plain) }
  } finally {
    await database.close()
  }
}

/** Grids `statementCosts` spends codes on: its warm-up and both sizes. */
export const statementCostCodes = (quick: boolean) => 8 + SIZES.reduce((sum, grids, i) => sum + STATEMENTS[quick ? 'quick' : 'full'][i]! * grids, 0)

/** The bench rows of `statementCosts`. */
export function statementCostRows(section: string, perGrid: number, costs: NonNullable<Awaited<ReturnType<typeof statementCosts>>>): Row[] {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
  const fitOver = `fitted over ${SIZES.map((g) => g * perGrid).join(' and ')} ballots a statement`
  const insertName = 'a plain INSERT of the same ballots into ballot, one prepared statement'
  return [
    {
      section,
      name: `group commit statement, one connection, one at a time: its backend's CPU per statement, fixed part (grids of ${perGrid}; ${fitOver})`,
      value: costs.commit.perStatementMs,
      unit: 'ms',
      baseline: { name: insertName, value: costs.insert.perStatementMs },
      ratio: ratio(costs.commit.perStatementMs, costs.insert.perStatementMs),
    },
    {
      section,
      name: "group commit statement: its backend's CPU per ballot in it (code use with its submission key, staged row)",
      value: costs.commit.perBallotUs,
      unit: 'µs',
      baseline: { name: insertName, value: costs.insert.perBallotUs },
      ratio: ratio(costs.commit.perBallotUs, costs.insert.perBallotUs),
    },
    {
      section,
      name: "flush, one connection: its backend's CPU per ballot moved into ballot and the tallies (up to 1,000 a statement)",
      value: costs.flushPerBallotUs,
      unit: 'µs',
      baseline: { name: `${insertName}, per ballot`, value: costs.insert.perBallotUs },
      ratio: ratio(costs.flushPerBallotUs, costs.insert.perBallotUs),
    },
  ]
}
