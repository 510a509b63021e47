import { describe, expect, it } from 'vitest'
import { answered } from '../../server/board/page'
import { ot } from '../../server/opinions/text'
import { rx } from '../../server/rectification/text'
import { kt } from '../../server/tracking/console-text'
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

  it('counts progress reports and late items in the singular for one', () => {
    expect(rx('en', 'reports', 1, '2026-04-28')).toBe('1 report, latest 2026-04-28')
    expect(rx('en', 'reports', 2, '2026-04-28')).toBe('2 reports, latest 2026-04-28')
    expect(rx('zh-CN', 'reports', 1, '2026-04-28')).toBe('1 条进展，最近 2026-04-28')
    expect(rx('en', 'doneLateCount', 1)).toBe('1 late')
  })
})

describe('counted words about opinions in English', () => {
  it('says one opinion in the singular on the console', () => {
    expect(kt('en', 'found', 1)).toBe('1 opinion (after merging)')
    expect(kt('en', 'found', 0)).toBe('0 opinions (after merging)')
    expect(kt('en', 'found', 12)).toBe('12 opinions (after merging)')
    expect(kt('zh-CN', 'found', 1)).toBe('共 1 条（合并后）')
    expect(kt('en', 'collected', 1)).toBe('standing for 1 collected')
    // the browser fills this one in, whatever the count: worded to need no plural
    expect(kt('en', 'bulkDone').replace('{n}', '1')).toBe('Opinions done: 1.')
    expect(kt('zh-CN', 'bulkDone')).toBe('已处理 {n} 条。')
  })

  it('says one opinion in the singular after an action, and the rest in the plural', () => {
    expect(ot('en', 'doneClassify', { n: 1 })).toBe('1 opinion classified.')
    expect(ot('en', 'doneClassify', { n: 3 })).toBe('3 opinions classified.')
    expect(ot('en', 'doneAssign', { n: 1 })).toBe('1 opinion assigned.')
    expect(ot('en', 'doneAssign', { n: 2 })).toBe('2 opinions assigned.')
    expect(ot('en', 'doneMerge', { n: 2 })).toBe('2 opinions merged into one.')
    expect(ot('en', 'importedAll', { imported: 1 })).toBe('1 opinion imported.')
    expect(ot('en', 'importedAll', { imported: 0 })).toBe('0 opinions imported.')
    expect(ot('zh-CN', 'doneClassify', { n: 1 })).toBe('已将 1 条意见归类。')
  })

  it('puts each count of the import report in its own number', () => {
    const rest = '(the round’s minimum group size), so to keep evaluators anonymous they are neither shown nor open to action.'
    expect(ot('en', 'importedSome', { imported: 1, heldBack: 1, total: 2, units: 1, k: 5 })).toBe(`1 opinion imported; 1 more is held back (2 in all): their 1 unit had fewer than 5 valid ballots ${rest}`)
    expect(ot('en', 'importedSome', { imported: 4, heldBack: 4, total: 8, units: 2, k: 5 })).toBe(`4 opinions imported; 4 more are held back (8 in all): their 2 units had fewer than 5 valid ballots ${rest}`)
    expect(ot('en', 'importedSome', { imported: 3, heldBack: 2, total: 5, units: 1, k: 1 })).toBe(`3 opinions imported; 2 more are held back (5 in all): their 1 unit had fewer than 1 valid ballot ${rest}`)
    expect(ot('zh-CN', 'importedSome', { imported: 1, heldBack: 1, total: 2, units: 1, k: 5 })).toContain('已导入 1 条意见；另有 1 条暂不显示（共 2 条）：这些意见所在的 1 个单位有效票少于 5 张')
  })

  it('counts the board’s recheck answers in the singular for one (a round’s minimum group size may be 1)', () => {
    expect(answered('en', 1)).toBe('1 answer')
    expect(answered('en', 4)).toBe('4 answers')
    expect(answered('zh-CN', 1)).toBe('1 人评价')
  })
})
