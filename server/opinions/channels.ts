import type { OpinionChannel } from '../db/schema'
import type { Lang } from '../i18n'

/** The eight channels staff enter opinions from (DOMAIN.md, seeds 000/002), in the seeds' order. */
export const STAFF_CHANNELS = ['written_form', 'meeting', 'online', 'home_visit', 'petition', 'questionnaire', 'mailbox', 'talk'] as const
export type StaffChannel = (typeof STAFF_CHANNELS)[number]

/** Channel names as the office says them. */
export const channelNames: Record<OpinionChannel, Record<Lang, string>> = {
  written_form: { 'zh-CN': '书面填表', en: 'Written form' },
  meeting: { 'zh-CN': '会议座谈', en: 'Meeting' },
  online: { 'zh-CN': '网络信息', en: 'Online' },
  home_visit: { 'zh-CN': '上门走访', en: 'Home visit' },
  petition: { 'zh-CN': '信访接访', en: 'Petition' },
  questionnaire: { 'zh-CN': '问卷调查', en: 'Questionnaire' },
  mailbox: { 'zh-CN': '意见信箱', en: 'Suggestion box' },
  talk: { 'zh-CN': '当面谈话', en: 'Face-to-face talk' },
  ballot: { 'zh-CN': '评议票', en: 'Ballot' },
}

/**
 * The 13 areas preset. Seed 002 names four of its 13 areas (经济发展、社情民意、文化教育、医疗卫生 "等13个方面");
 * the other nine are the areas such campaigns commonly use, chosen here — organisers edit the list.
 */
export const AREA_PRESET = ['经济发展', '社情民意', '文化教育', '医疗卫生', '社会保障', '城乡建设', '生态环境', '交通出行', '农业农村', '社会治安', '政务服务', '干部作风', '党的建设'] as const
