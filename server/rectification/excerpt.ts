/**
 * The start of a text, cut on characters (not UTF-16 units) with an ellipsis when longer than
 * `max`, for a one-line glance at a progress report.
 * @example excerpt('已组织执法队开展集中整治，设置临时疏导点三处', 10) // '已组织执法队开展集…'
 */
export function excerpt(text: string, max: number): string {
  const chars = Array.from(text.trim())
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('')
}
