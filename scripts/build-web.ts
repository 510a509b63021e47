// Bundles web/ into dist/public/assets/ (git-ignored): one script per page kind and the styles.
import { build } from 'esbuild'

const result = await build({
  entryPoints: { evaluate: 'web/evaluate.ts', results: 'web/results.ts', app: 'web/styles/app.css', console: 'web/styles/console.css', slips: 'web/styles/slips.css' },
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
