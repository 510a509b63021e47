import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadInlineAssets } from '../../server/pages/inline-assets'

const files = (script: string | null, style: string | null) => async (file: string) => (file === 'evaluate.js' ? script : file === 'app.css' ? style : null)

describe('the evaluation page inline assets', () => {
  it('reads evaluate.js and app.css and gives each the CSP hash of its exact text', async () => {
    const script = '(()=>{document.body.dataset.ok="是"})();\n'
    const style = 'body{font-family:"思源黑体"}\n'
    const assets = await loadInlineAssets(files(script, style))
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
    expect(assets).toEqual({ evaluateScript: { text: script, csp: sha(script) }, appStyle: { text: style, csp: sha(style) } })
  })

  it('gives nothing — the page links the files — when a file is missing', async () => {
    expect(await loadInlineAssets(files(null, 'body{}'))).toBeUndefined()
    expect(await loadInlineAssets(files('1', null))).toBeUndefined()
  })

  it('gives nothing when a text would end its element early', async () => {
    expect(await loadInlineAssets(files('var a="</SCRIPT>"', 'body{}'))).toBeUndefined()
    expect(await loadInlineAssets(files('var a="<!--<script>"', 'body{}'))).toBeUndefined()
    expect(await loadInlineAssets(files('1', 'a::after{content:"</style>"}'))).toBeUndefined()
  })
})
