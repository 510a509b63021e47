// Bundles web/ into dist/public/assets/ (git-ignored): one script per page kind and the styles.
import { build } from 'esbuild'

const result = await build({
  entryPoints: { evaluate: 'web/evaluate.ts', recheck: 'web/recheck.ts', opinions: 'web/opinions.ts', app: 'web/styles/app.css', console: 'web/styles/console.css', slips: 'web/styles/slips.css', paper: 'web/styles/paper.css', clerk: 'web/clerk.ts', board: 'web/styles/board.css', 'console-ui': 'web/console-ui.ts', 'results-round': 'web/results-round.ts', 'results-unit': 'web/results-unit.ts', 'results-compare': 'web/results-compare.ts', 'results-turnout': 'web/results-turnout.ts', 'results-pages': 'web/styles/results-pages.css' },
  outdir: 'dist/public/assets',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  metafile: true,
  logLevel: 'warning',
})
const sizes = Object.entries(result.metafile.outputs).map(([file, out]) => `${file.replace('dist/public/', '')} ${(out.bytes / 1024).toFixed(1)} KB`)
if (!process.argv.includes('--quiet')) console.log(`built web assets: ${sizes.join(', ')}`)
