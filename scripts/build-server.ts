// Bundles the Node host into dist/server/node.mjs (git-ignored) so that `npm start` loads one
// file instead of transpiling every module at start-up; packages stay in node_modules.
import { build } from 'esbuild'

await build({
  entryPoints: ['server/node.ts'],
  outfile: 'dist/server/node.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
