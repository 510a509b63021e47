import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project folder (the one holding package.json), from the source or from the bundle in dist/. */
function findRoot(start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`no package.json above ${start}`)
    dir = up
  }
  return dir
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))
/** Numbered SQL migrations. */
export const SQL_DIR = join(ROOT, 'sql')
/** Built browser assets served under /assets/. */
export const PUBLIC_DIR = join(ROOT, 'dist', 'public')
