import { appendFileSync, mkdirSync } from 'node:fs'

export const SUMMARY_FILE = 'test-results/reliability.jsonl'

/**
 * Records one line of the reliability summary (printed as a table after the run by
 * test/support/reliability-reporter.ts). Call it after the assertions that prove it.
 */
export function recordFigure(test: string, figure: string, pass: boolean): void {
  mkdirSync('test-results', { recursive: true })
  appendFileSync(SUMMARY_FILE, `${JSON.stringify({ test, figure, pass })}\n`)
}
