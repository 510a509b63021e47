import * as v from 'valibot'
import { ApiError, type Issue } from './errors'
import type { Lang } from './i18n'

const zh: Record<string, string> = {
  string: '应为文本',
  number: '应为数字',
  integer: '应为整数',
  boolean: '应为是或否',
  object: '应为对象',
  strict_object: '包含不认识的字段',
  record: '格式不正确',
  uuid: '编号格式不正确',
  picklist: '不是可选的值',
  min_length: '不能为空',
  max_length: '内容过长',
  min_value: '数值过小',
  max_value: '数值过大',
  non_empty: '不能为空',
  regex: '格式不正确',
}

const BOTH = '\u0000'

/**
 * A check's message in both languages, for schemas: `v.check(ok, says('结束时间应晚于开始时间', 'must be after the start'))`.
 * Without it a failed check reads 格式不正确 in Chinese.
 */
export const says = (zh: string, en: string): string => `${zh}${BOTH}${en}`

function issueMessage(issue: v.BaseIssue<unknown>, lang: Lang): string {
  if (issue.message.includes(BOTH)) return issue.message.split(BOTH)[lang === 'en' ? 1 : 0]!
  if (lang === 'en') return issue.message
  if (issue.received === 'undefined') return '必须填写'
  // A select of a form left at its blank choice: not a bad id, a choice not made.
  if (issue.input === '' && (issue.type === 'uuid' || issue.type === 'picklist')) return '请选择'
  // "不能为空" would be wrong for a 5-character password that needs 10.
  if (issue.type === 'min_length' && typeof issue.requirement === 'number' && issue.requirement > 1) {
    return Array.isArray(issue.input) ? `至少需要 ${issue.requirement} 项` : `至少需要 ${issue.requirement} 个字符`
  }
  return zh[issue.type] ?? '格式不正确'
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => String(item.key)).join('.')
}

/**
 * Checks `input` against a valibot schema; on failure throws a 422 ApiError whose issues
 * name each field, so every bad input answers in the one error envelope.
 */
/** A GET form's query without its empty fields: a select left at 全部 sends `unit=`, which means no filter. */
export function filledQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''))
}

export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, lang: Lang): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true })
  if (result.success) return result.output
  const issues: Issue[] = result.issues.slice(0, 50).map((issue) => ({ path: issuePath(issue), message: issueMessage(issue, lang) }))
  throw new ApiError(422, 'invalid_input', issues)
}
