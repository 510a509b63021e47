import type { Channel } from '../db/schema'
import { colon, type Lang } from '../i18n'

/** Ballots counted from one channel over a round's units. */
export interface ChannelCount {
  channel: Channel
  valid: number
  invalid: number
}

/** The order channels are listed in: codes, the public link, paper, meetings. */
export const channelOrder: readonly Channel[] = ['mobile', 'public', 'paper', 'meeting']

const names: Record<Channel, Record<Lang, string>> = {
  mobile: { 'zh-CN': '评议码', en: 'access codes' },
  public: { 'zh-CN': '公开链接', en: 'public link' },
  paper: { 'zh-CN': '纸质评议票', en: 'paper' },
  meeting: { 'zh-CN': '评议大会', en: 'meeting' },
}

/** The name of a channel as results show it: 评议码, 公开链接, 纸质评议票, 评议大会. */
export const channelName = (channel: Channel, lang: Lang): string => names[channel][lang]

const label: Record<Lang, string> = { 'zh-CN': '票源（收回票数）', en: 'Ballots received by channel' }

/**
 * Where a round's ballots came from, in a line: "票源(收回票数):评议码 122 · 公开链接 98".
 * Null without counts (a document cut to some units, or one published before they were kept).
 */
export function channelSummary(channels: readonly ChannelCount[] | null | undefined, lang: Lang): string | null {
  if (!channels?.length) return null
  const parts = channels.map((c) => `${channelName(c.channel, lang)} ${c.valid + c.invalid}`)
  return `${label[lang]}${colon(lang)}${parts.join(' · ')}`
}
