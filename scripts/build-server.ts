// Bundles the Node host into dist/server/node.mjs (git-ignored) so that `npm start` loads one
// file instead of transpiling every module at start-up. The packages are bundled too: Node
// resolving and compiling kysely's 400-odd module files alone took ~190 ms of every start.
// Two stay in node_modules: PGlite (it loads its WebAssembly and data files from beside its
// own module) and exceljs (large, imported only when a spreadsheet is read or written).
import { build } from 'esbuild'

await build({
  entryPoints: ['server/node.ts'],
  outfile: 'dist/server/node.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'exceljs'],
  sourcemap: true,
  logLevel: 'warning',
})
