import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../server/errors'
import { parseOrThrow, says } from '../../server/validate'

const issuesOf = (schema: v.GenericSchema, input: unknown, lang: 'zh-CN' | 'en' = 'zh-CN') => {
  try {
    parseOrThrow(schema, input, lang)
  } catch (error) {
    if (error instanceof ApiError) return error.issues
    throw error
  }
  return []
}

describe('field messages', () => {
  const form = v.object({ unitId: v.pipe(v.string(), v.uuid()), kind: v.picklist(['road', 'water']) })

  it('asks for a choice where a select was left blank, and names a bad value otherwise', () => {
    expect(issuesOf(form, { unitId: '', kind: '' })).toEqual([
      { path: 'unitId', message: '请选择' },
      { path: 'kind', message: '请选择' },
    ])
    expect(issuesOf(form, { unitId: 'x', kind: 'fire' })).toEqual([
      { path: 'unitId', message: '编号格式不正确' },
      { path: 'kind', message: '不是可选的值' },
    ])
  })

  it('gives a check its own words in each language', () => {
    const range = v.pipe(
      v.object({ from: v.number(), to: v.number() }),
      v.forward(v.check((r) => r.to > r.from, says('结束应晚于开始', 'must be after the start')), ['to']),
    )
    expect(issuesOf(range, { from: 2, to: 1 })).toEqual([{ path: 'to', message: '结束应晚于开始' }])
    expect(issuesOf(range, { from: 2, to: 1 }, 'en')).toEqual([{ path: 'to', message: 'must be after the start' }])
    expect(issuesOf(v.pipe(v.number(), v.check((n) => n > 0, 'positive')), 0)).toEqual([{ path: '', message: '格式不正确' }])
  })
})
