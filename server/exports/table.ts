import { colon, type Lang } from '../i18n'
import { channelName } from '../results/channels'
import type { RoundDocument } from '../results/document'
import type { PublicationRef } from '../results/readable'
import type { Block } from '../results/view'
import { type LivePublication, publicationNotes } from '../results-pages/publication-status'
import { rt } from '../results-pages/text'

/** One cell of an export: a number keeps its kind so that XLSX can store it as a number. */
export type Cell = { kind: 'text'; value: string } | { kind: 'int'; value: number } | { kind: 'pct'; value: number } | { kind: 'suppressed' } | { kind: 'empty' }

/** A results table with two header rows: groups (合计 and each category) over dimension columns. */
export interface ExportTable {
  title: string
  /** Columns before and after the groups: one header cell spanning both header rows. */
  lead: string[]
  groups: { name: string; columns: string[] }[]
  tail: string[]
  rows: Cell[][]
  /**
   * Ballots received per channel (评议码, 公开链接, 纸质评议票, 评议大会) under the results, as the
   * page's 票源 line; null when the document has no counts (cut to some units, or published before
   * they were kept).
   */
  channels: { header: string[]; rows: Cell[][] } | null
  /** 各等次票数: the count of each level per unit and dimension, as offices report them. */
  levels: { title: string; header: string[]; rows: Cell[][] }
  notes: string[]
}

const text = (value: string): Cell => ({ kind: 'text', value })
const int = (value: number | null): Cell => (value === null ? { kind: 'empty' } : { kind: 'int', value })
const pct = (value: number | null | undefined): Cell => (value == null ? { kind: 'empty' } : { kind: 'pct', value })
const SUPPRESSED: Cell = { kind: 'suppressed' }

/** 满意率 of every dimension and the pooled layer of one block; all suppressed when the block is hidden. */
function satCells(block: Block | null, layers: number): Cell[] {
  return Array.from({ length: layers }, (_, d) => (block ? pct(block.sat[d]) : SUPPRESSED))
}

/**
 * A round's results as Chinese offices lay them out: one row per unit (then all units), 满意率
 * per dimension under 合计 and under each evaluator category, then 加权得分, 排名 and 补课.
 * Hidden blocks stay hidden: a suppressed cell carries no number. The notes end with the
 * publication's hash, or for the organiser's live numbers what has been published (`live`).
 */
export function exportTable(doc: RoundDocument, publication: PublicationRef | null, lang: Lang, live: readonly LivePublication[] = []): ExportTable {
  const layers = doc.dimensions.length + 1
  const columns = [...doc.dimensions.map((d) => d.label), rt(lang, 'pooled')]
  const withCategories = doc.units.some((u) => u.byCategory.length > 0) || (doc.overall?.byCategory.length ?? 0) > 0
  const groups = [{ name: `${rt(lang, 'total')} ${rt(lang, 'satisfaction')}`, columns }, ...(withCategories ? doc.categories.map((c) => ({ name: c.name, columns })) : [])]
  const categoryCells = (blocks: (Block | null)[]) => (withCategories ? doc.categories.flatMap((_, c) => satCells(blocks[c] ?? null, layers)) : [])
  const rows: Cell[][] = doc.units.map((u) => [
    text(u.name),
    text(u.kind),
    int(u.ballots.valid),
    pct(u.ballots.returnRate),
    ...satCells(u.total, layers),
    ...categoryCells(u.byCategory),
    u.total ? (u.weightedScore === null ? { kind: 'empty' } : { kind: 'text', value: u.weightedScore.toFixed(2) }) : SUPPRESSED,
    int(u.rank),
    text(u.remedial ? rt(lang, 'remedial') : ''),
  ])
  if (doc.overall)
    rows.push([text(rt(lang, 'overall')), text(''), int(doc.overall.ballots.valid), pct(doc.overall.ballots.returnRate), ...satCells(doc.overall.total, layers), ...categoryCells(doc.overall.byCategory), { kind: 'empty' }, { kind: 'empty' }, text('')])
  const notes = [`${rt(lang, 'formula')}${colon(lang)}${doc.formula.text[lang]}`, rt(lang, 'suppressedNote')]
  notes.push(...(publication ? [`${rt(lang, 'hash')}${colon(lang)}${publication.hash}`] : publicationNotes(lang, live)))
  return {
    title: `${doc.round.campaign.name} · ${doc.round.name} · ${rt(lang, 'results')}`,
    lead: [rt(lang, 'unit'), rt(lang, 'kind'), rt(lang, 'valid'), rt(lang, 'returnRate')],
    groups,
    tail: [rt(lang, 'weighted'), rt(lang, 'rank'), rt(lang, 'remedial')],
    rows,
    channels: channelTable(doc, lang),
    levels: levelTable(doc, lang),
    notes,
  }
}

/**
 * 单位 | 评议项目 | each level's count | 有效作答数 | 满意率: one row per unit and dimension (and the
 * pooled layer), then all units; a hidden unit is one row of 人数不足, no number.
 */
function levelTable(doc: RoundDocument, lang: Lang): ExportTable['levels'] {
  const L = doc.levels.length
  const layers = [...doc.dimensions.map((d) => d.label), rt(lang, 'pooled')]
  const rows: Cell[][] = []
  const add = (name: string, block: Block | null) => {
    if (!block) return rows.push([text(name), text(''), ...Array.from({ length: L + 2 }, () => SUPPRESSED)])
    layers.forEach((label, d) => rows.push([text(name), text(label), ...doc.levels.map((_, l) => int(block.counts[d * L + l] ?? 0)), int(block.n[d] ?? 0), pct(block.sat[d])]))
  }
  for (const u of doc.units) add(u.name, u.total)
  if (doc.overall) add(rt(lang, 'overall'), doc.overall.total)
  return { title: rt(lang, 'levelCounts'), header: [rt(lang, 'unit'), rt(lang, 'dimension'), ...doc.levels.map((l) => l.label), rt(lang, 'answers'), rt(lang, 'satisfaction')], rows }
}

/** 票源 | 有效票 | 无效票 | 收回票数, one row per channel and a 合计 row. */
function channelTable(doc: RoundDocument, lang: Lang): ExportTable['channels'] {
  if (!doc.channels?.length) return null
  const row = (name: string, valid: number, invalid: number): Cell[] => [text(name), int(valid), int(invalid), int(valid + invalid)]
  const sum = (key: 'valid' | 'invalid') => doc.channels!.reduce((n, c) => n + c[key], 0)
  return {
    header: [rt(lang, 'channel'), rt(lang, 'valid'), rt(lang, 'invalid'), rt(lang, 'received')],
    rows: [...doc.channels.map((c) => row(channelName(c.channel, lang), c.valid, c.invalid)), row(rt(lang, 'total'), sum('valid'), sum('invalid'))],
  }
}

/** The file name of a round's export, ASCII-safe for the header and UTF-8 for browsers that read it. */
export function exportFileName(doc: RoundDocument, ext: 'csv' | 'xlsx'): { ascii: string; utf8: string } {
  return { ascii: `results-${doc.round.id}.${ext}`, utf8: encodeURIComponent(`${doc.round.name}-评议结果.${ext}`) }
}
