import { existsSync, readFileSync, rmSync } from 'node:fs'
import type { Reporter } from 'vitest/reporters'
import { SUMMARY_FILE } from '../reliability/summary'

/** Prints the reliability suite's figures as a table (test, figure, pass/fail) after the run. */
export default class ReliabilityReporter implements Reporter {
  onInit() {
    rmSync(SUMMARY_FILE, { force: true })
  }

  onTestRunEnd() {
    if (!existsSync(SUMMARY_FILE)) return
    const rows = readFileSync(SUMMARY_FILE, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { test: string; figure: string; pass: boolean })
    const lines = ['', 'Reliability and security suite', '| test | figure | result |', '| --- | --- | --- |']
    for (const r of rows) lines.push(`| ${r.test} | ${r.figure} | ${r.pass ? 'pass' : 'FAIL'} |`)
    console.log(lines.join('\n'))
  }
}
