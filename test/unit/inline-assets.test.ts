import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadInlineAssets } from '../../server/pages/inline-assets'

const files = (texts: Record<string, string | null>) => async (file: string) => texts[file] ?? null
const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

describe('the public phone pages inline assets', () => {
  it('reads evaluate.js, app.css and board.css and gives each the CSP hash of its exact text, by its /assets/ path', async () => {
    const script = '(()=>{document.body.dataset.ok="是"})();\n'
    const style = 'body{font-family:"思源黑体"}\n'
    const board = '.board{margin:0}\n'
    const assets = await loadInlineAssets(files({ 'evaluate.js': script, 'app.css': style, 'board.css': board, 'results.js': 'x' }))
    expect(assets).toEqual({
      scripts: { '/assets/evaluate.js': { text: script, csp: sha(script) } },
      styles: { '/assets/app.css': { text: style, csp: sha(style) }, '/assets/board.css': { text: board, csp: sha(board) } },
    })
  })

  it('leaves out a missing file — pages link it — and gives nothing when every file is missing', async () => {
    expect(await loadInlineAssets(files({ 'app.css': 'body{}' }))).toEqual({ scripts: {}, styles: { '/assets/app.css': { text: 'body{}', csp: sha('body{}') } } })
    expect(await loadInlineAssets(files({}))).toBeUndefined()
  })

  it('leaves out a text that would end its element early', async () => {
    const kept = { 'evaluate.js': '1', 'app.css': 'body{}', 'board.css': 'p{}' }
    const paths = async (texts: Record<string, string>) => {
      const assets = await loadInlineAssets(files({ ...kept, ...texts }))
      return [...Object.keys(assets?.scripts ?? {}), ...Object.keys(assets?.styles ?? {})]
    }
    expect(await paths({})).toEqual(['/assets/evaluate.js', '/assets/app.css', '/assets/board.css'])
    expect(await paths({ 'evaluate.js': 'var a="</SCRIPT>"' })).toEqual(['/assets/app.css', '/assets/board.css'])
    expect(await paths({ 'evaluate.js': 'var a="<!--<script>"' })).toEqual(['/assets/app.css', '/assets/board.css'])
    expect(await paths({ 'board.css': 'a::after{content:"</style>"}' })).toEqual(['/assets/evaluate.js', '/assets/app.css'])
  })
})
