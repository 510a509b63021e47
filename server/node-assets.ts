import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type InlineAssets, loadInlineAssets } from './pages/inline-assets'
import { PUBLIC_DIR } from './paths'

/** The public phone pages' inline assets, read from the built dist/public/assets (undefined when not built). */
export function readInlineAssets(publicDir: string = PUBLIC_DIR): Promise<InlineAssets | undefined> {
  return loadInlineAssets((file) => readFile(join(publicDir, 'assets', file), 'utf8').catch(() => null))
}
