import { expect, it } from 'vitest'
import { auditDiff } from '../../server/console/audit-diff'
import { auditFieldLabel, auditNamer } from '../../server/console/audit-fields'
import { shanghaiSeconds } from '../../server/console/times'

it('shows audit times in Beijing time with seconds, across the date line', () => {
  expect(shanghaiSeconds('2026-03-02T09:30:00.000Z')).toBe('2026-03-02 17:30:00')
  expect(shanghaiSeconds('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00:00')
})

it('lists the changed keys only, ignoring key order and null against missing', () => {
  expect(auditDiff({ status: 'draft', name: 'A', tags: { b: 1, a: 2 } }, { tags: { a: 2, b: 1 }, name: 'A', status: 'open', note: null })).toEqual({
    kind: 'changed',
    lines: [{ key: 'status', before: 'draft', after: 'open' }],
  })
  expect(auditDiff({ revokedAt: null }, { revokedAt: '2026-03-02T09:30:00.000Z' }).lines).toEqual([{ key: 'revokedAt', before: null, after: '2026-03-02 17:30:00' }])
  expect(auditDiff({ a: 1 }, { a: 1 })).toEqual({ kind: 'changed', lines: [] })
  expect(auditDiff(null, null)).toEqual({ kind: 'changed', lines: [] })
})

it('lists new values of a creation, old values of a deletion, lists by position', () => {
  expect(auditDiff(null, { name: '表', archived: false, parentId: null })).toEqual({
    kind: 'created',
    lines: [
      { key: 'name', before: null, after: '表' },
      { key: 'archived', before: null, after: 'false' },
    ],
  })
  expect(auditDiff({ count: 3 }, undefined)).toEqual({ kind: 'deleted', lines: [{ key: 'count', before: '3', after: null }] })
  expect(auditDiff([{ name: '干部', weight: 30 }, { name: '群众', weight: 70 }], [{ name: '干部', weight: 40 }, { name: '群众', weight: 70 }]).lines).toEqual([
    { key: '#1', before: '{name: 干部, weight: 30}', after: '{name: 干部, weight: 40}' },
  ])
})

it('shows a scalar record whole, and shortens long, deep and wide values', () => {
  expect(auditDiff({ status: 'draft' }, 'open').lines).toEqual([{ key: '', before: '{status: draft}', after: 'open' }])
  expect(auditDiff(null, { deep: { a: { b: { c: 1 } } }, wide: [1, 2, 3, 4, 5, 6, 7], empty: '' }).lines).toEqual([
    { key: 'deep', before: null, after: '{a: {b: {…}}}' },
    { key: 'wide', before: null, after: '[1, 2, 3, 4, 5, …+2]' },
    { key: 'empty', before: null, after: '""' },
  ])
  const long = auditDiff(null, { body: `第一行\n${'😀'.repeat(100)}` }).lines[0]?.after ?? ''
  expect(Array.from(long)).toHaveLength(80)
  expect(long.startsWith('第一行 😀')).toBe(true)
  expect(long.endsWith('😀…')).toBe(true)
})

it('names keys and values through a namer: one level into objects, in its order, without hidden entries', () => {
  const names = new Map([['0b0e6f5c-1d2e-4f30-8a41-5b6c7d8e9f00', '竟陵街道']])
  const namer = auditNamer('zh-CN', 'round', names)
  const before = { status: 'draft', id: '0b0e6f5c-1d2e-4f30-8a41-5b6c7d8e9f00', formula: { lockedAt: null, minGroupSize: 5 }, channels: ['codes'] }
  const after = { status: 'open', id: '0b0e6f5c-1d2e-4f30-8a41-5b6c7d8e9f00', formula: { lockedAt: '2026-03-02T09:30:00.000Z', minGroupSize: 5 }, channels: ['codes', 'public'] }
  expect(auditDiff(before, after, namer).lines.map((l) => `${namer.key(l.key)}：${l.before} → ${l.after}`)).toEqual([
    '状态：草稿 → 进行中',
    '评议方式：[评议码（一人一码）] → [评议码（一人一码）, 公开链接]',
    '计算方法 · 锁定时间：null → 2026-03-02 17:30:00',
  ])
  // a created row: its own id left out, ids inside it named, the rest in the table's order
  expect(auditDiff(null, { unitId: '0B0E6F5C-1D2E-4F30-8A41-5B6C7D8E9F00', name: '', id: '0b0e6f5c-1d2e-4f30-8a41-5b6c7d8e9f00', public: true }, auditNamer('en', 'opinion', names)).lines).toEqual([
    { key: 'name', before: null, after: '(empty)' },
    { key: 'unitId', before: null, after: '竟陵街道' },
    { key: 'public', before: null, after: 'Yes' },
  ])
  expect(auditFieldLabel('en', 'access_code_batch', 'label')).toBe('Label')
  expect(auditFieldLabel('zh-CN', 'access_code_batch', 'label')).toBe('备注')
  expect(auditFieldLabel('zh-CN', 'form', '#3')).toBe('第 3 项')
  expect(auditFieldLabel('zh-CN', 'form', 'somethingNew')).toBe('somethingNew')
  const paper = auditNamer('zh-CN', 'paper_batch', names)
  expect([paper.value('field', '0b0e6f5c-1d2e-4f30-8a41-5b6c7d8e9f00:12'), paper.value('field', 'spoiled'), paper.value('unitId', 'aaaaaaaa-1d2e-4f30-8a41-5b6c7d8e9f00')]).toEqual(['竟陵街道 · 题目 #12', '作废票', '#aaaaaaaa'])
})
