// `npm run worker:build`: bundles the Workers host with wrangler (no deploy) and prints its size.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const outdir = 'dist/worker'
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { stdio: 'inherit' })
for (const name of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
  const path = `${outdir}/${name}`
  const raw = statSync(path).size
  const gzip = gzipSync(readFileSync(path)).length
  console.log(`worker bundle ${path}: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip`)
}
