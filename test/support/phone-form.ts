import { type Kysely, sql } from 'kysely'
import type { Page } from 'playwright-core'
import type { Database } from '../../server/db/schema'
import { stagedBallots } from './staged'

/**
 * Ballots stored per unit name (staged and flushed alike), counted before any forced flush:
 * a forced flush may pad the last group with copies that tallies do not count.
 */
export async function ballotsByUnit(db: Kysely<Database>, roundId: string): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; n: string }>`
    SELECT u.name, count(*) AS n FROM (
      SELECT unit_id FROM ballot WHERE round_id = ${roundId} UNION ALL SELECT unit_id FROM staged_head WHERE round_id = ${roundId}
    ) b JOIN unit u ON u.id = b.unit_id GROUP BY u.name`.execute(db)
  return Object.fromEntries(rows.rows.map((r) => [r.name, Number(r.n)]))
}

/** The change per unit between two `ballotsByUnit` readings, units without change left out. */
export function added(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const diff: Record<string, number> = {}
  for (const [name, n] of Object.entries(after)) if (n !== (before[name] ?? 0)) diff[name] = n - (before[name] ?? 0)
  return diff
}

/** Ticks one level per dimension on the one-unit form (`levels[i]` for dimension i). */
export async function rateUnit(page: Page, levels: string[]) {
  const fieldsets = page.locator('#dims fieldset.dim')
  for (const [i, level] of levels.entries()) await fieldsets.nth(i).getByText(level, { exact: true }).click()
}

/** The status chip of a unit in the unit list. */
export function unitChip(page: Page, unitName: string) {
  return page.locator('#ulist li', { hasText: unitName }).locator('.chip')
}

/** True when the page is no wider than the viewport (nothing to scroll sideways). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

/** True when the grid's own wrapper has nothing to scroll sideways either: every column shows. */
export function gridFitsWidth(page: Page): Promise<boolean> {
  return page.locator('.table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth)
}

/** The unit names of the round's ballots (staged and flushed alike) that carry this opinion. */
export async function unitsWithOpinion(db: Kysely<Database>, roundId: string, opinion: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT u.name FROM (
      SELECT unit_id FROM ballot WHERE round_id = ${roundId} AND opinion = ${opinion}
      UNION ALL SELECT unit_id FROM ${await stagedBallots(roundId)} s WHERE opinion = ${opinion}
    ) b JOIN unit u ON u.id = b.unit_id`.execute(db)
  return rows.rows.map((r) => r.name)
}
