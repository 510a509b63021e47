// `npm run worker:build`: bundles the Workers host with wrangler (no deploy) and prints its size.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const outdir = 'dist/worker'
/** Pingyi's own budget for the compressed Worker bundle (Cloudflare's free-plan limit is 3 MB). */
const LIMIT_KB = 1024
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { stdio: 'inherit' })
for (const name of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
  const path = `${outdir}/${name}`
  const raw = statSync(path).size
  const gzip = gzipSync(readFileSync(path)).length
  console.log(`worker bundle ${path}: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (limit ${LIMIT_KB} KB gzip)`)
  if (gzip > LIMIT_KB * 1024) {
    console.error(`worker bundle ${path} is over ${LIMIT_KB} KB compressed: find what grew (npx esbuild --analyze) before deploying`)
    process.exitCode = 1
  }
}
