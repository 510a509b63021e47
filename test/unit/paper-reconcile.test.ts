import { expect, it } from 'vitest'
import { type PassSheets, reconcile, type Sheet } from '../../server/paper/reconcile'

const U1 = '11111111-1111-4111-8111-111111111111'
const U2 = '22222222-2222-4222-8222-222222222222'
const K1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const K2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
const sheet = (categoryId: string, cells: Sheet['cells'], spoiled = false): Sheet => ({ categoryId, spoiled, cells })
const pass = (...sheets: Sheet[]): PassSheets => new Map(sheets.map((s, i) => [i + 1, s]))

it('finds no mismatch when both keyings agree, and returns their slips', () => {
  const a = pass(sheet(K1, { [U1]: { 1: 10, 2: 11 } }), sheet(K2, {}))
  const { mismatches, sheets } = reconcile([a, structuredClone(a)], new Map())
  expect(mismatches).toEqual([])
  expect(sheets).toEqual([...a.values()])
})

it('lists each differing field, a blank on one side included, and holds the slips back until settled', () => {
  const a = pass(sheet(K1, { [U1]: { 1: 10, 2: 11 } }))
  const b = pass(sheet(K2, { [U1]: { 1: 10 }, [U2]: { 1: 12 } }))
  const { mismatches, sheets } = reconcile([a, b], new Map())
  expect(mismatches.map((m) => [m.sheet, m.field, m.unitId, m.dimensionId, m.first, m.second, m.resolved])).toEqual([
    [1, 'category', null, null, K1, K2, null],
    [1, `${U1}:2`, U1, 2, '11', '', null],
    [1, `${U2}:1`, U2, 1, '', '12', null],
  ])
  expect(sheets).toBeNull()
})

it('settles by an organiser, or by a third keying that agrees with one of the first two', () => {
  const a = pass(sheet(K1, { [U1]: { 1: 10, 2: 11 } }), sheet(K1, { [U1]: { 1: 13 } }))
  const b = pass(sheet(K2, { [U1]: { 1: 10, 2: 12 } }), sheet(K1, { [U1]: { 1: 14 } }))
  const third: PassSheets = new Map([[1, sheet(K1, { [U1]: { 1: 10, 2: 12 } })]]) // keys slip 1 only; agrees with nobody on slip 2
  const organiser = new Map([['2|' + `${U1}:1`, '']])
  const { mismatches, sheets } = reconcile([a, b, third], organiser)
  expect(mismatches.map((m) => [m.sheet, m.field, m.third, m.resolved, m.resolvedBy])).toEqual([
    [1, 'category', K1, K1, 'third'],
    [1, `${U1}:2`, '12', '12', 'third'],
    [2, `${U1}:1`, null, '', 'organiser'],
  ])
  expect(sheets).toEqual([sheet(K1, { [U1]: { 1: 10, 2: 12 } }), sheet(K1, {})])
})

it('treats a slip keyed once as a mismatch on its presence, dropped or kept as decided', () => {
  const a = pass(sheet(K1, {}), sheet(K1, { [U1]: { 1: 10 } }, true))
  const b = pass(sheet(K1, {}))
  expect(reconcile([a, b], new Map()).mismatches.map((m) => [m.sheet, m.field, m.first, m.second])).toEqual([[2, 'present', '1', '']])
  expect(reconcile([a, b], new Map([['2|present', '']])).sheets).toEqual([sheet(K1, {})])
  expect(reconcile([a, b], new Map([['2|present', '1']])).sheets).toEqual([sheet(K1, {}), sheet(K1, { [U1]: { 1: 10 } }, true)])
})
