import { describe, expect, it } from 'vitest'
import { rx } from '../../server/rectification/text'
import { tt } from '../../server/tracking/text'

describe('counted words about items in English', () => {
  it('says one day in the singular, and the rest in the plural; Chinese has one form', () => {
    expect(tt('en', 'overdueDays', 1)).toBe('1 day overdue')
    expect(tt('en', 'overdueDays', 3)).toBe('3 days overdue')
    expect(tt('zh-CN', 'overdueDays', 1)).toBe('超期 1 天')
    expect(rx('en', 'doneLate', 1)).toBe('1 day late')
    expect(rx('en', 'doneLate', 2)).toBe('2 days late')
    expect(rx('zh-CN', 'doneLate', 1)).toBe('逾期 1 天完成')
  })
})
