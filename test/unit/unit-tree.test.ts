import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planImport } from '../../server/units/import-plan'
import { decodeText, parseCsv, writeCsv } from '../../server/units/spreadsheet'
import { buildTree, flattenTree, subtreeIds, type UnitRow, wouldCycle } from '../../server/units/tree'
import { nextStatus, openingProblem } from '../../server/rounds/lifecycle'

const row = (id: string, parentId: string | null, position = 0): UnitRow => ({ id, parentId, name: id, kind: '村', code: null, position, archived: false })

describe('unit tree', () => {
  const rows = [row('a', null), row('b', 'a', 1), row('c', 'a', 0), row('d', 'c'), row('e', null, 1)]

  it('nests and orders by position, parents before children', () => {
    expect(flattenTree(buildTree(rows)).map(({ node, depth }) => `${node.id}${depth}`)).toEqual(['a0', 'c1', 'd2', 'b1', 'e0'])
  })

  it('finds cycles and subtrees', () => {
    const parentOf = new Map(rows.map((r) => [r.id, r.parentId]))
    expect(wouldCycle(parentOf, 'a', 'd')).toBe(true)
    expect(wouldCycle(parentOf, 'c', 'c')).toBe(true)
    expect(wouldCycle(parentOf, 'c', 'b')).toBe(false)
    expect(wouldCycle(parentOf, 'c', null)).toBe(false)
    expect([...subtreeIds(rows, ['c', 'e'])].sort()).toEqual(['c', 'd', 'e'])
  })

  it('never lets a move make a loop (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 20 }), fc.nat(19), fc.nat(19), (parents, unit, target) => {
        // A random forest: unit i's parent is some j < i (or none).
        const parentOf = new Map(parents.map((p, i) => [String(i), p < i ? String(p) : null]))
        const u = String(unit % parents.length)
        const t = String(target % parents.length)
        const descendants = subtreeIds([...parentOf].map(([id, parentId]) => ({ id, parentId })), [u])
        expect(wouldCycle(parentOf, u, t)).toBe(descendants.has(t))
      }),
    )
  })
})

describe('spreadsheets', () => {
  it('parses quoted CSV fields, CRLF and tabs', () => {
    expect(parseCsv('a,"b,""c"""\r\n1,2\n')).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ])
    expect(parseCsv('名称\t类型\n村\t村')).toEqual([
      ['名称', '类型'],
      ['村', '村'],
    ])
  })

  it('round-trips CSV and neutralises formulas', () => {
    const rows = [['单位名称', '备注'], ['a,b', 'x"y'], ['=SUM(A1)', ''], ['-2+3', '+1'], ['@cmd', '\t=1'], ['a-b', 'x=1']]
    expect(parseCsv(decodeText(new TextEncoder().encode(writeCsv(rows))).text)).toEqual([
      ['单位名称', '备注'],
      ['a,b', 'x"y'],
      ["'=SUM(A1)", ''],
      ["'-2+3", "'+1"],
      ["'@cmd", "'\t=1"],
      ['a-b', 'x=1'],
    ])
  })

  it('decodes UTF-8 with and without BOM, and GB18030', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe6, 0x9d, 0x91]))).toEqual({ text: '村', encoding: 'utf-8' })
    expect(decodeText(new Uint8Array([0xe6, 0x9d, 0x91]))).toEqual({ text: '村', encoding: 'utf-8' })
    expect(decodeText(new Uint8Array([0xb5, 0xa5, 0xce, 0xbb]))).toEqual({ text: '单位', encoding: 'gb18030' })
  })
})

describe('import plan', () => {
  let n = 0
  const id = () => `new-${n++}`
  const existing = [{ ...row('x', null), name: '天门市', code: 'TM' }, { ...row('y', 'x'), name: '同名' }, { ...row('z', 'x'), name: '同名' }]

  it('asks for a code when a parent name is ambiguous and accepts header variants', () => {
    const plan = planImport([['名称*', '上级单位名称', '编码'], ['村一', '同名', 'C1'], ['村二', 'TM', '']], existing, 'zh-CN', id)
    expect(plan.errors).toEqual([{ row: 2, column: '上级单位', message: '有多个名为“同名”的单位，请填写上级单位编码' }])
    expect(plan.units.find((u) => u.name === '村二')).toMatchObject({ parentId: 'x', kind: '其他', code: null, depth: 0 })
  })
})

describe('round lifecycle', () => {
  it('allows only the steps of draft → open → closed → published and reopening', () => {
    expect(nextStatus('draft', 'open')).toBe('open')
    expect(nextStatus('open', 'close')).toBe('closed')
    expect(nextStatus('closed', 'reopen')).toBe('open')
    expect(nextStatus('closed', 'publish')).toBe('published')
    expect(nextStatus('draft', 'close')).toBeNull()
    expect(nextStatus('published', 'reopen')).toBeNull()
    expect(nextStatus('open', 'publish')).toBeNull()
  })

  it('names the first missing piece before opening', () => {
    const ready = { formId: 'f', units: 3, categories: 2, weightCents: 0, rankingMeasure: 'satisfaction' as const, satisfiedLevels: null, formLevels: [1, 2] }
    expect(openingProblem(ready)).toBeNull()
    expect(openingProblem({ ...ready, formId: null, units: 0 })).toBe('round_needs_form')
    expect(openingProblem({ ...ready, units: 0 })).toBe('round_needs_units')
    expect(openingProblem({ ...ready, categories: 0 })).toBe('round_needs_categories')
    expect(openingProblem({ ...ready, rankingMeasure: 'weighted_score', weightCents: 9_999 })).toBe('round_needs_weights')
    expect(openingProblem({ ...ready, rankingMeasure: 'weighted_score', weightCents: 10_000 })).toBeNull()
    expect(openingProblem({ ...ready, satisfiedLevels: [3] })).toBe('form_invalid')
  })
})
