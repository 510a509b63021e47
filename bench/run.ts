// `npm run bench` (full) or `npm run bench -- --quick` (under a minute, for CI: figures, no pass/fail).
import { execFileSync } from 'node:child_process'
import { benchIngest } from './ingest'
import { benchPhonePage } from './phone-page'
import { mergeResults, renderTable, type Row, writeResults } from './report'
import { benchResults } from './results-read'
import { benchStartup } from './startup'

const quick = process.argv.includes('--quick')
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const sections: [string, (quick: boolean) => Promise<Row[]>][] = [
  ['startup', benchStartup],
  ['phone', benchPhonePage],
  ['results', benchResults],
  ['ingest', benchIngest],
]

// The start-up and phone sections run what `npm start` runs: build it from this checkout first.
if (!only || only.includes('startup') || only.includes('phone')) {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--quiet'], { stdio: 'inherit' })
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { stdio: 'inherit' })
}

const rows: Row[] = []
for (const [name, run] of sections) {
  if (only && !only.split(',').includes(name)) continue
  console.log(`== ${name}${quick ? ' (quick)' : ''}`)
  try {
    const got = await run(quick)
    rows.push(...got)
    console.log(renderTable(got))
  } catch (error) {
    console.log(`${name}: not measured — ${error instanceof Error ? error.message : String(error)}`)
  }
}
const header = `${quick ? 'Quick' : 'Full'} run of ${new Date().toISOString().slice(0, 16)}Z on ${process.platform}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores. Ratios compare with a baseline measured in the same run; absolute times drift on this shared machine.`
console.log(`\n${header}\n\n${renderTable(rows)}`)
if (!only) console.log(`written to ${writeResults(rows, header, quick)}`)
else if (!quick && rows.length) console.log(`merged into ${mergeResults(rows, new Date().toISOString().slice(0, 16))}`)
// Nothing may keep the bench (and CI) waiting: a pool or a child left open would.
process.exit(0)
