import type { Lang } from '../i18n'
import { columnHeader } from './import-header'

/** A problem (an error, or a warning to check) with one cell of an import, by spreadsheet row number. */
export interface ImportIssue {
  row: number
  column: string
  message: string
}

/**
 * How the import names its columns in issues: the template's headers (stable, also in `path`);
 * `columnName` says them in the page's language.
 */
export const label = { name: columnHeader('name', 'zh-CN'), parent: columnHeader('parent', 'zh-CN'), kind: columnHeader('kind', 'zh-CN'), code: columnHeader('code', 'zh-CN') }

const messages = {
  noName: { 'zh-CN': '缺少“单位名称”列', en: 'There is no 单位名称 (Unit name) column' },
  noRows: { 'zh-CN': '文件中没有单位', en: 'The file has no units' },
  tooMany: { 'zh-CN': '一次最多导入 20000 个单位', en: 'At most 20,000 units per import' },
  nameMissing: { 'zh-CN': '单位名称不能为空', en: 'The name is empty' },
  nameLong: { 'zh-CN': '单位名称不能超过 200 个字', en: 'The name is longer than 200 characters' },
  kindLong: { 'zh-CN': '单位类型不能超过 20 个字', en: 'The kind is longer than 20 characters' },
  codeBad: { 'zh-CN': '单位编码只能包含字母、数字和 - _ . /，且不超过 50 个字符', en: 'A code has only letters, digits and - _ . / (at most 50)' },
  codeTwice: { 'zh-CN': '单位编码在文件中重复（另见第 {0} 行）', en: 'The code appears twice in the file (see row {0})' },
  codeTaken: { 'zh-CN': '单位编码已被现有单位“{0}”使用', en: 'The code is already used by the unit “{0}”' },
  parentMissing: { 'zh-CN': '找不到上级单位“{0}”', en: 'The parent unit “{0}” was not found' },
  parentAmbiguous: { 'zh-CN': '有多个名为“{0}”的单位，请填写上级单位编码', en: 'Several units are named “{0}”; give the parent’s code' },
  parentSelf: { 'zh-CN': '上级单位不能是本单位', en: 'A unit cannot be its own parent' },
  cycle: { 'zh-CN': '上级单位关系形成了循环', en: 'The parent references form a loop' },
  nameExists: {
    'zh-CN': '同一上级下已有单位“{0}”，导入会再建一个同名单位；如确为另一单位，请改名或填写单位编码区分',
    en: 'A unit named “{0}” already exists under the same parent; importing would make a second one (rename it or tell them apart by code)',
  },
  nameTwice: { 'zh-CN': '同一上级下的单位“{0}”在文件中重复（另见第 {1} 行）', en: '“{0}” appears twice under the same parent in the file (see row {1})' },
  twinInFile: {
    'zh-CN': '同一上级下已有同名单位“{0}”（第 {1} 行，编码 {2}），导入后将有两个“{0}”，只能靠单位编码区分；如是同一单位，请删去一行',
    en: 'Another “{0}” under the same parent is on row {1} (code {2}): both will be imported, told apart only by their codes. If they are the same unit, delete one row.',
  },
  twinExists: {
    'zh-CN': '同一上级下已有单位“{0}”（{1}），导入后将有两个“{0}”，只能靠单位编码区分；如是同一单位，请删去此行',
    en: 'A unit named “{0}” ({1}) already exists under the same parent: this row makes a second one, told apart only by its code. If it is the same unit, delete this row.',
  },
  code: { 'zh-CN': '编码 {0}', en: 'code {0}' },
  noCode: { 'zh-CN': '无编码', en: 'no code' },
} satisfies Record<string, Record<Lang, string>>

/**
 * An import message in the request's language, `{0}`, `{1}`… filled in.
 * @example say('zh-CN', 'codeTwice', 2) // '单位编码在文件中重复（另见第 2 行）'
 */
export const say = (lang: Lang, key: keyof typeof messages, ...args: (string | number)[]): string =>
  args.reduce<string>((out, arg, i) => out.replaceAll(`{${i}}`, String(arg)), messages[key][lang])
