/**
 * The evaluation page's script and style, sent inside the page itself: on a slow phone network
 * each file it would link costs a round trip (about 400 ms on slow 3G) before the form works.
 * The CSP still forbids inline code in general; it admits exactly these texts by their hash.
 */

/** A text sent inline and its CSP source, `'sha256-…'`. */
export interface InlineAsset {
  text: string
  csp: string
}

export interface InlineAssets {
  /** The built /assets/evaluate.js. */
  evaluateScript: InlineAsset
  /** The built /assets/app.css. */
  appStyle: InlineAsset
}

/** The built files (under /assets/) the evaluation page takes inline. */
export const INLINE_FILES = { evaluateScript: 'evaluate.js', appStyle: 'app.css' } as const

/**
 * Reads the files with the host's `read` (null when a file is missing) and hashes them.
 * Undefined — the page then links the files as before — when one is missing or holds a text
 * that would end its element early (or, for the script, make the parser look for a second end).
 */
export async function loadInlineAssets(read: (file: string) => Promise<string | null>): Promise<InlineAssets | undefined> {
  const [script, style] = await Promise.all([read(INLINE_FILES.evaluateScript), read(INLINE_FILES.appStyle)])
  if (script === null || style === null || /<\/script|<!--/i.test(script) || /<\/style/i.test(style)) return undefined
  return { evaluateScript: await inlineAsset(script), appStyle: await inlineAsset(style) }
}

async function inlineAsset(text: string): Promise<InlineAsset> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return { text, csp: `'sha256-${btoa(String.fromCharCode(...digest))}'` }
}
