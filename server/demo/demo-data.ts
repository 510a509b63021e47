/**
 * The demo campaign, built from the source texts (shared/seeds): the 分析检查 stage's
 * 群众评议 of the 分析检查报告 on the five dimensions of seeds 000/003, the four-level scale of
 * seed 002, the evaluator categories of DOMAIN.md, and a district with a street, villages,
 * a school and a bureau as units (seed 000 is a speech in 天门经济开发区).
 */
export const demoCampaign = {
  name: '深入学习实践科学发展观活动',
  theme: '党员干部受教育、科学发展上水平、人民群众得实惠',
  batch: '第三批',
}

export const demoForm = {
  name: '分析检查报告群众评议表',
  dimensions: ['对科学发展观的认识深不深', '查找问题准不准', '原因分析透不透', '发展思路清不清', '工作措施可行不可行'],
  levels: [
    { label: '满意', score: 100, satisfied: true, abstain: false },
    { label: '比较满意', score: 80, satisfied: true, abstain: false },
    { label: '不太满意', score: 60, satisfied: false, abstain: false },
    { label: '不满意', score: 0, satisfied: false, abstain: false },
  ],
}

export const demoCategories = [
  { name: '领导班子成员', weight: 10 },
  { name: '党员干部', weight: 20 },
  { name: '两代表一委员', weight: 20 },
  { name: '服务对象代表', weight: 15 },
  { name: '基层党员群众代表', weight: 20 },
  { name: '老党员老干部', weight: 10 },
  { name: '社会公众', weight: 5 },
]

export interface DemoUnit {
  name: string
  kind: string
  code: string
  evaluated: boolean
  children?: DemoUnit[]
}

export const demoUnits: DemoUnit = {
  name: '天门经济开发区',
  kind: '区',
  code: 'TM',
  evaluated: false,
  children: [
    {
      name: '侯口街道',
      kind: '街道',
      code: 'TM-HK',
      evaluated: true,
      children: [
        { name: '侯口村', kind: '村', code: 'TM-HK-01', evaluated: true },
        { name: '东湖村', kind: '村', code: 'TM-HK-02', evaluated: true },
        { name: '新河社区', kind: '社区', code: 'TM-HK-03', evaluated: true },
      ],
    },
    { name: '开发区实验学校', kind: '学校', code: 'TM-SCH', evaluated: true },
    { name: '开发区财政局', kind: '机关', code: 'TM-FIN', evaluated: true },
  ],
}

export const demoRound = {
  name: '分析检查报告群众评议',
  stage: 'analysis' as const,
  handedOut: 60,
}
