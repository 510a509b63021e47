import { inLanguage, type Lang } from '../i18n'

const text = {
  paper: { 'zh-CN': '纸质票录入', en: 'Paper ballots' },
  noRounds: { 'zh-CN': '没有可录入纸质票的评议。', en: 'No round takes paper ballots for you.' },
  noRoundsHow: {
    'zh-CN': '评议设置的“评议方式”中勾选了“纸质评议票”或“评议大会”的评议会列在这里；录入员只能看到分配给自己的评议。',
    en: 'Rounds whose channels include paper ballots or a meeting are listed here; clerks see only the rounds given to them.',
  },
  sittings: { 'zh-CN': '评议场次与选票登记', en: 'Sittings and ballot register' },
  printBallot: { 'zh-CN': '打印纸质评议票（A4）', en: 'Print the paper ballot (A4)' },
  sitting: { 'zh-CN': '场次', en: 'Sitting' },
  channel: { 'zh-CN': '方式', en: 'Channel' },
  meeting: { 'zh-CN': '评议大会', en: 'Meeting' },
  paperChannel: { 'zh-CN': '书面评议', en: 'Paper hand-out' },
  handedOut: { 'zh-CN': '发出', en: 'Handed out' },
  returned: { 'zh-CN': '收回', en: 'Returned' },
  valid: { 'zh-CN': '有效', en: 'Valid' },
  invalid: { 'zh-CN': '无效', en: 'Invalid' },
  blank: { 'zh-CN': '空白', en: 'Blank' },
  held: { 'zh-CN': '待决定', en: 'Held' },
  returnRate: { 'zh-CN': '回收率', en: 'Return rate' },
  voidSitting: { 'zh-CN': '收回票数多于发出票数，本场次无效，须由活动办公室决定是否计入。', en: 'More ballots returned than handed out: this sitting is void until an organiser decides.' },
  accepted: { 'zh-CN': '已决定计入', en: 'Accepted' },
  rejected: { 'zh-CN': '已决定不计入', en: 'Rejected' },
  accept: { 'zh-CN': '决定计入', en: 'Accept' },
  reject: { 'zh-CN': '决定不计入', en: 'Reject' },
  saveRegister: { 'zh-CN': '保存登记', en: 'Save register' },
  newSitting: { 'zh-CN': '新建场次', en: 'New sitting' },
  sittingName: { 'zh-CN': '场次名称', en: 'Sitting name' },
  name: { 'zh-CN': '名称', en: 'Name' },
  batches: { 'zh-CN': '录入批次', en: 'Entry batches' },
  newBatch: { 'zh-CN': '新建批次', en: 'New batch' },
  batchName: { 'zh-CN': '批次名称', en: 'Batch name' },
  batchPlaceholder: { 'zh-CN': '第{n}批', en: 'Batch {n}' },
  batch: { 'zh-CN': '批次', en: 'Batch' },
  status: { 'zh-CN': '状态', en: 'Status' },
  keyings: { 'zh-CN': '录入', en: 'Keyings' },
  enter: { 'zh-CN': '录入', en: 'Key in' },
  check: { 'zh-CN': '核对与提交', en: 'Check and commit' },
  entering: { 'zh-CN': '录入中', en: 'Entering' },
  toSettle: { 'zh-CN': '两遍录入完成，有 {n} 处不一致待处理', en: 'Both keyings done; {n} mismatches to settle' },
  readyToCommit: { 'zh-CN': '两遍录入一致，可以提交计票', en: 'Both keyings agree: ready to commit' },
  committed: { 'zh-CN': '已计票', en: 'Counted' },
  heldStatus: { 'zh-CN': '待决定（场次无效）', en: 'Held (void sitting)' },
  rejectedStatus: { 'zh-CN': '不计入', en: 'Rejected' },
  pass: { 'zh-CN': '第{n}遍', en: 'Keying {n}' },
  done: { 'zh-CN': '已完成', en: 'done' },
  inProgress: { 'zh-CN': '录入中', en: 'in progress' },
  sheets: { 'zh-CN': '张', en: 'slips' },
  mismatches: { 'zh-CN': '两遍录入不一致之处', en: 'Where the two keyings disagree' },
  noMismatch: { 'zh-CN': '两遍录入完全一致。', en: 'The two keyings agree.' },
  waiting: { 'zh-CN': '两名录入员都完成录入后，这里列出不一致之处。', en: 'Mismatches are listed once two people have finished keying.' },
  sheetNo: { 'zh-CN': '票号', en: 'Slip' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  dimension: { 'zh-CN': '项目', en: 'Dimension' },
  first: { 'zh-CN': '第一遍', en: 'First' },
  second: { 'zh-CN': '第二遍', en: 'Second' },
  third: { 'zh-CN': '第三遍', en: 'Third' },
  resolution: { 'zh-CN': '以纸质票为准', en: 'As on the paper' },
  resolve: { 'zh-CN': '保存处理结果', en: 'Save resolutions' },
  commit: { 'zh-CN': '提交计票', en: 'Commit to the count' },
  category: { 'zh-CN': '评议人类别', en: 'Evaluator category' },
  spoiled: { 'zh-CN': '作废票', en: 'Spoiled' },
  present: { 'zh-CN': '有这张票', en: 'Slip exists' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  blankCell: { 'zh-CN': '空', en: 'blank' },
  missing: { 'zh-CN': '（未录入）', en: '(not keyed)' },
  slip: { 'zh-CN': '第 {n} 张', en: 'Slip {n}' },
  saveSheet: { 'zh-CN': '保存这张票', en: 'Save this slip' },
  finish: { 'zh-CN': '本批录入完成', en: 'Finish keying this batch' },
  keyedSoFar: { 'zh-CN': '您已录入 {n} 张。', en: 'You have keyed {n} slips.' },
  passDone: { 'zh-CN': '您已完成本批录入。', en: 'You have finished keying this batch.' },
  saved: { 'zh-CN': '已保存第 {n} 张。', en: 'Slip {n} saved.' },
  keysHelp: {
    'zh-CN': '键盘录入：先按数字键选评议人类别；再逐格按 1–{n} 选等次{abstain}，空格留空，自动跳到下一格；Backspace 撤销上一格，Enter 把余下各格留空并保存，X 标记作废票。空白票和作废票可不选类别：作废票按 X 再按 Enter，空白票连按两次 Enter（第一次先确认）。',
    en: 'Keyboard: press a digit for the category; then 1–{n} for each level{abstain}, Space for blank, moving on by itself; Backspace undoes the last cell, Enter leaves the rest blank and saves, X marks the slip spoiled. Blank and spoiled slips need no category: X then Enter for a spoiled slip, Enter twice for a blank one (the first asks).',
  },
  abstainKey: { 'zh-CN': '、0 为“{label}”', en: ', 0 for “{label}”' },
  thirdKeying: {
    'zh-CN': '第三遍核录：两遍录入在以下票号上不一致，请只录入这些票（先填票号）：{list}。与前两遍之一相同的值即为最终结果。',
    en: 'Third keying: the first two keyings disagree on slips {list}. Key only these (enter the slip number first); a value matching one of the first two settles it.',
  },
  back: { 'zh-CN': '返回', en: 'Back' },
  opinionsEnter: {
    'zh-CN': '纸质评议票上的意见建议不在这里录入，请在「{place}」中逐条录入，单位按票上注明的填。',
    en: 'Opinions and suggestions written on the paper ballots are not keyed here: enter them one by one under “{place}”, with the unit named on the slip.',
  },
  opinionsLink: { 'zh-CN': '录入意见建议 →', en: 'Enter opinions →' },
  opinionsHandIn: {
    'zh-CN': '纸质评议票上的意见建议不在这里录入。请把写有意见建议的评议票交活动办公室，由其在「{place}」中逐条录入。',
    en: 'Opinions and suggestions written on the paper ballots are not keyed here. Hand the slips that carry them to the campaign office, which enters them under “{place}”.',
  },
  okCommitted: { 'zh-CN': '本批次已计票。', en: 'The batch is counted.' },
} satisfies Record<string, Record<Lang, string>>

/** The keying script's words (web/clerk.ts), handed to it in the entry page's data. */
const clerkText = {
  slip: { 'zh-CN': '第 {n} 张', en: 'Slip {n}' },
  category: { 'zh-CN': '按数字键选评议人类别', en: 'Press a digit for the evaluator category' },
  noCategory: { 'zh-CN': '没有第 {n} 类评议人。', en: 'There is no category {n}.' },
  cell: { 'zh-CN': '{unit} · {dim}：按等次键', en: '{unit} · {dim}: press a level key' },
  askBlank: { 'zh-CN': '这是一张空白票？再按一次 Enter 确认保存。', en: 'A blank slip? Press Enter again to save it.' },
  saving: { 'zh-CN': '正在保存第 {n} 张……', en: 'Saving slip {n}…' },
  saved: { 'zh-CN': '已保存第 {n} 张，共 {total} 张。', en: 'Slip {n} saved; {total} in all.' },
  savedOne: { 'zh-CN': '已保存第 {n} 张。', en: 'Slip {n} saved.' },
  failed: { 'zh-CN': '第 {n} 张未能保存：{why}', en: 'Slip {n} was not saved: {why}' },
  spoiled: { 'zh-CN': '作废票', en: 'spoiled' },
} satisfies Record<string, Record<Lang, string>>

/** The keying script's words in one language, `{name}` placeholders left for it to fill. */
export type ClerkWords = Record<keyof typeof clerkText, string>

/** {@link ClerkWords} in the request's language. */
export function clerkWords(lang: Lang): ClerkWords {
  return inLanguage(clerkText, lang)
}

/** Paper-entry console text in the request's language, with `{name}` placeholders filled. */
export function pt(lang: Lang, key: keyof typeof text, values: Record<string, string | number> = {}): string {
  return text[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
}
