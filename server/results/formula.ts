import type { RankingMeasure } from '../db/schema'
import type { Lang } from '../i18n'
import type { EngineInput } from './engine'

const measures: Record<RankingMeasure, Record<Lang, string>> = {
  satisfaction: { 'zh-CN': '满意率', en: 'satisfaction rate' },
  score: { 'zh-CN': '平均得分', en: 'mean score' },
  weighted_score: { 'zh-CN': '加权得分', en: 'weighted score' },
}

/** The formula a results table states under it, in both languages, from the round's locked settings. */
export function formulaText(input: EngineInput): Record<Lang, string> {
  const satisfied = input.levels.filter((l) => l.satisfied).map((l) => l.label)
  const abstain = input.levels.filter((l) => l.abstain).map((l) => l.label)
  const { minGroupSize: k, remedialThreshold: t, rankingMeasure } = input.formula
  // The pooled layer leaves the overall questions out when the form also has dimensions.
  const overallNote = input.dimensions.some((d) => d.kind === 'overall') && input.dimensions.some((d) => d.kind === 'dimension')
  const zh = [
    `各等次比率 = 选该等次的票数 ÷ 该项有效作答数${abstain.length ? `（“${abstain.join('、')}”及未作答不计入分母）` : '（未作答不计入分母）'}，按最大余数法保留两位小数，合计为100.00%`,
    `满意率 = 选${satisfied.length ? satisfied.join('、') : '（无）'}的票数之和 ÷ 该项有效作答数，四舍五入保留两位小数，附95% Wilson置信区间`,
    `总体满意率 = ${overallNote ? '各评议项目（不含总体评价题）' : '各项'}满意票数之和 ÷ 有效作答数之和；同一人对各项的评价并不独立，其置信区间按评议人数（有效票数）计算`,
    '得分 = Σ 票数×等次分值 ÷ 有效作答数；加权得分 = Σ 类别权重×类别得分 ÷ 有票类别的权重之和（有类别因人数不足被隐去时不显示加权得分，以免据此推算）',
    '回收率 = 收回票数（不含公开链接的票，这些票不经发放） ÷ 发放票数',
    `按${measures[rankingMeasure]['zh-CN']}由高到低排名，相同者并列（1、2、2、4）`,
    `票数（含无效票）或有效作答少于${k}的格不显示，并同时隐去必要的其他格，使其无法由合计相减得出`,
    ...(t === null ? [] : [`单位总体满意率低于${t}%（补课线）的需补课；单项满意率低于补课线的评议项目另行标出（低于补课线），不据此判定补课`]),
  ].join('；')
  const en = [
    `level rate = ballots choosing the level ÷ answers counted${abstain.length ? ` (${abstain.join(', ')} and unanswered left out)` : ' (unanswered left out)'}, rounded to 2 decimals by largest remainder so a row sums to 100.00%`,
    `satisfaction rate = ballots choosing ${satisfied.join(', ') || '(none)'} ÷ answers counted, rounded half up to 2 decimals, with a 95% Wilson interval`,
    `overall satisfaction = satisfied answers ÷ answers counted over ${overallNote ? 'the dimensions (overall questions left out)' : 'every question'}; one person's answers are not independent, so its interval counts evaluators (valid ballots), not answers`,
    'score = Σ ballots × level score ÷ answers counted; weighted score = Σ category weight × category score ÷ Σ weights of the categories with ballots (not shown when a category is hidden, so it cannot be used to work that category out)',
    'return rate = ballots received (those of the public link left out: nobody hands them out) ÷ ballots handed out',
    `ranked by ${measures[rankingMeasure].en}, ties share a rank (1, 2, 2, 4)`,
    `cells with fewer than ${k} ballots (invalid ones included) or answers are hidden, with further cells hidden so that none can be worked out from the totals`,
    ...(t === null ? [] : [`a unit whose overall satisfaction is under ${t}% (the re-do line) needs a re-do; dimensions under the line are marked as such (under the re-do line), which alone does not call for a re-do`]),
  ].join('; ')
  return { 'zh-CN': `${zh}。`, en: `${en}.` }
}
