import { inLanguage, type Lang } from '../i18n'

const text = {
  progress: { 'zh-CN': '已评 {n} / {N}', en: 'Rated {n} / {N}' },
  counted: { 'zh-CN': '已计入', en: 'Counted' },
  countedInvalid: { 'zh-CN': '已计入（无效票）', en: 'Counted (invalid)' },
  queued: { 'zh-CN': '等待网络', en: 'Waiting for network' },
  sending: { 'zh-CN': '正在提交…', en: 'Sending…' },
  error: { 'zh-CN': '出错', en: 'Error' },
  todo: { 'zh-CN': '未评', en: 'Not rated' },
  partial: { 'zh-CN': '未提交', en: 'Not sent' },
  used: { 'zh-CN': '已评过', en: 'Already rated' },
  one: { 'zh-CN': '逐个评议', en: 'One by one' },
  grid: { 'zh-CN': '表格评议', en: 'Grid' },
  prev: { 'zh-CN': '上一个', en: 'Previous' },
  next: { 'zh-CN': '下一个', en: 'Next' },
  submitOne: { 'zh-CN': '提交本单位评议', en: 'Submit this unit' },
  comment: { 'zh-CN': '写意见', en: 'Add comment' },
  opinion: { 'zh-CN': '意见和建议（选填）', en: 'Opinions and suggestions (optional)' },
  submitGrid: { 'zh-CN': '提交已评完的单位（{n}）', en: 'Submit completed units ({n})' },
  useCode: { 'zh-CN': '使用此评议码', en: 'Use this code' },
  enterCode: { 'zh-CN': '请输入评议条上的评议码。', en: 'Please type the code on your slip.' },
  changeCode: { 'zh-CN': '更换评议码', en: 'Change code' },
  codeIs: { 'zh-CN': '评议码 {c} · {k}', en: 'Code {c} · {k}' },
  offline: { 'zh-CN': '网络已断开：评议已保存在本机，联网后自动提交，请勿清除浏览器数据。', en: 'Offline: your ballots are saved here and will be sent when the network returns.' },
  allDone: { 'zh-CN': '全部单位已评议并计入，感谢参与！', en: 'Every unit is rated and counted. Thank you!' },
  codeSpent: { 'zh-CN': '这个评议码已经评议过全部单位，不能再次使用。', en: 'This code has already rated every unit; it cannot be used again.' },
  incomplete: { 'zh-CN': '还有评议项目没有选择，请逐项评议。', en: 'Please answer every dimension.' },
  nothing: { 'zh-CN': '还没有评完的单位：每个单位的每一项都选好后才能提交。', en: 'No unit is complete yet.' },
  unitOf: { 'zh-CN': '第 {i} / {N} 个单位', en: 'Unit {i} of {N}' },
  colon: { 'zh-CN': '：', en: ': ' },
  separator: { 'zh-CN': '；', en: '; ' },
} satisfies Record<string, Record<Lang, string>>

export type ScriptText = Record<keyof typeof text, string>

/** The phone form script's words in the page's language (shipped in the page's JSON data). */
export function scriptText(lang: Lang): ScriptText {
  return inLanguage(text, lang)
}
