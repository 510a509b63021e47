/**
 * The scripts and styles the public phone pages (the evaluation form, a published results page,
 * the rectification board, the recheck form) send inside the page itself: on a slow phone
 * network each file a page links costs a round trip (about 400 ms on slow 3G) before the page
 * shows or works. The CSP still forbids inline code in general; it admits exactly these texts
 * by their hashes. Console pages keep linking them, cached from one page to the next.
 */

/** A text sent inline and its CSP source, `'sha256-…'`. */
export interface InlineAsset {
  text: string
  csp: string
}

/** By path under /assets/ (`/assets/app.css`), as pages name them. */
export interface InlineAssets {
  scripts: Record<string, InlineAsset>
  styles: Record<string, InlineAsset>
}

/** The built files (in /assets/) that may go inline. */
export const INLINE_FILES = { scripts: ['evaluate.js'], styles: ['app.css', 'board.css'] } as const

/**
 * Reads the files with the host's `read` (null when a file is missing) and hashes them. A file
 * that is missing, or holds a text that would end its element early (or, in a script, make the
 * parser look for a second end), is left out: pages link it as before.
 */
export async function loadInlineAssets(read: (file: string) => Promise<string | null>): Promise<InlineAssets | undefined> {
  const take = async (files: readonly string[], unsafe: RegExp) => {
    const texts = await Promise.all(files.map(read))
    const kept = files.flatMap((file, i) => (texts[i] == null || unsafe.test(texts[i]!) ? [] : [[`/assets/${file}`, texts[i]!] as const]))
    return Object.fromEntries(await Promise.all(kept.map(async ([path, text]) => [path, await inlineAsset(text)] as const)))
  }
  const [scripts, styles] = await Promise.all([take(INLINE_FILES.scripts, /<\/script|<!--/i), take(INLINE_FILES.styles, /<\/style/i)])
  return Object.keys(scripts).length + Object.keys(styles).length ? { scripts, styles } : undefined
}

/** The CSP sources of every inline text of a kind. */
export function inlineSources(assets: Record<string, InlineAsset> | undefined): string[] {
  return Object.values(assets ?? {}).map((asset) => asset.csp)
}

async function inlineAsset(text: string): Promise<InlineAsset> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return { text, csp: `'sha256-${btoa(String.fromCharCode(...digest))}'` }
}
