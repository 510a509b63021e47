import type { Context } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { attachment, type Register, registerCsv, registerXlsx } from '../exports/register'
import { colon, type Lang, listJoin } from '../i18n'
import { campaignHead } from '../tracking/console-data'
import { kt } from '../tracking/console-text'
import { shanghaiDate } from '../tracking/dates'
import { type Tracking, trackingFromUrl } from '../tracking/access'
import type { Db } from '../tracking/db'
import { filledQuery, parseOrThrow } from '../validate'
import { channelNames } from './channels'
import { OpinionFilter } from './schemas'
import { listQuery, withChannels } from './store'
import { ot } from './text'

/** The list's filter and the file's format (CSV unless `format=xlsx`, as the unit export). */
export const ExportQuery = v.object({ ...OpinionFilter.entries, format: v.optional(v.picklist(['csv', 'xlsx']), 'csv') })

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The filter in words, for the export's notes: each condition the list was narrowed by. */
async function describeFilter(db: Db, campaignId: string, filter: OpinionFilter, lang: Lang): Promise<string> {
  const name = async (table: 'opinion_area' | 'unit' | 'round', id: string) =>
    (await db.selectFrom(table).select('name').where('id', '=', id).where('campaign_id', '=', campaignId).executeTakeFirst())?.name ?? id
  const parts: string[] = []
  const say = (label: string, value: string) => parts.push(`${label}${colon(lang)}${value}`)
  if (filter.q?.trim()) say(ot(lang, 'aboutSearch'), filter.q.trim())
  if (filter.area) say(kt(lang, 'area'), filter.area === 'none' ? kt(lang, 'unclassified') : await name('opinion_area', filter.area))
  if (filter.channel) say(kt(lang, 'channel'), channelNames[filter.channel][lang])
  if (filter.unit) say(kt(lang, 'unit'), await name('unit', filter.unit))
  if (filter.replied) say(kt(lang, 'reply'), kt(lang, filter.replied === 'yes' ? 'replied' : 'unreplied'))
  if (filter.round) say(kt(lang, 'round'), await name('round', filter.round))
  return parts.length > 0 ? parts.join(lang === 'zh-CN' ? '；' : '; ') : ot(lang, 'aboutAll')
}

/**
 * The opinions register: every row the list shows for this filter and this caller — the same query
 * (listQuery), so the k rule and a liaison's scope apply as on the page — in the list's order,
 * with the columns an office hands on, and what was exported in words.
 */
export async function opinionRegister(db: Db, t: Tracking, filter: OpinionFilter, lang: Lang, today: string): Promise<{ campaign: string; register: Register }> {
  const campaign = await campaignHead(db, t.campaignId)
  const opinions = await withChannels(db, await listQuery(db, t.campaignId, filter, t.scope).execute())
  const rows = opinions.map((o, i) => [
    i + 1,
    o.receivedOn,
    listJoin(lang, o.channels.map((ch) => channelNames[ch][lang])),
    o.unitName,
    o.assignedUnitName,
    o.areaName ?? kt(lang, 'unclassified'),
    o.body,
    o.mergedCount,
    o.reply,
    o.repliedOn,
    o.repliedBy,
    kt(lang, o.reply ? 'replied' : 'unreplied'),
  ])
  const collected = opinions.reduce((n, o) => n + o.mergedCount, 0)
  return {
    campaign: campaign.name,
    register: {
      sheet: ot(lang, 'registerSheet'),
      columns: [
        { header: ot(lang, 'serial'), kind: 'int', width: 7 },
        { header: kt(lang, 'received'), kind: 'date', width: 12 },
        { header: kt(lang, 'channel'), kind: 'text', width: 12 },
        { header: kt(lang, 'unit'), kind: 'text', width: 18 },
        { header: kt(lang, 'assigned'), kind: 'text', width: 18 },
        { header: kt(lang, 'area'), kind: 'text', width: 12 },
        { header: kt(lang, 'body'), kind: 'text', width: 50, wrap: true },
        { header: ot(lang, 'mergedCount'), kind: 'int', width: 9 },
        { header: kt(lang, 'reply'), kind: 'text', width: 40, wrap: true },
        { header: ot(lang, 'repliedOn'), kind: 'date', width: 12 },
        { header: ot(lang, 'repliedBy'), kind: 'text', width: 10 },
        { header: ot(lang, 'status'), kind: 'text', width: 9 },
      ],
      rows,
      about: {
        sheet: ot(lang, 'aboutSheet'),
        lines: [
          [ot(lang, 'aboutCampaign'), campaign.name],
          [ot(lang, 'aboutDate'), today],
          [ot(lang, 'aboutFilter'), await describeFilter(db, t.campaignId, filter, lang)],
          [ot(lang, 'aboutScope'), ot(lang, t.scope === null ? 'scopeAll' : 'scopeUnits')],
          [ot(lang, 'aboutCount'), ot(lang, 'aboutCountText', { n: opinions.length, collected })],
          [ot(lang, 'aboutNote'), ot(lang, 'aboutNoteText')],
        ],
      },
    },
  }
}

/**
 * Answers a download of the opinions register: `?format=csv|xlsx` and the list's filter
 * (q, area, channel, unit, replied, round). A bad filter or format is a 422 in the one error
 * envelope, as on the list. The file is named `<campaign>-意见建议-<date>.<ext>` (Shanghai date).
 */
export async function opinionExport(c: Context<AppEnv>) {
  const t = await trackingFromUrl(c)
  const lang = c.get('lang')
  const { format, ...filter } = parseOrThrow(ExportQuery, filledQuery(c.req.query()), lang)
  const today = shanghaiDate(c.get('now')())
  const { campaign, register } = await opinionRegister(c.get('db'), t, filter, lang, today)
  c.header('cache-control', 'private, no-store')
  c.header('content-disposition', attachment(`opinions-${today}.${format}`, `${campaign}-${ot(lang, 'registerName')}-${today}.${format}`))
  if (format === 'csv') return c.body(registerCsv(register), 200, { 'content-type': 'text/csv; charset=utf-8' })
  return c.body((await registerXlsx(register)) as Uint8Array<ArrayBuffer>, 200, { 'content-type': XLSX_TYPE })
}
