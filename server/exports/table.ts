import { colon, type Lang, listJoin } from '../i18n'
import { channelName } from '../results/channels'
import type { RoundDocument } from '../results/document'
import type { PublicationRef } from '../results/readable'
import { type Block, type UnitRow, weightedWithheld as withheld } from '../results/view'
import { type LivePublication, publicationNotes } from '../results-pages/publication-status'
import { remedialLegend, rt } from '../results-pages/text'

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
const EMPTY: Cell = { kind: 'empty' }

/**
 * One group's cells for a block: (its 有效票,) 满意率 of every dimension and the pooled layer, then
 * the pooled layer's 95% interval, low and high; all suppressed when the block is hidden.
 */
function blockCells(block: Block | null, layers: number, withValid: boolean): Cell[] {
  const width = (withValid ? 1 : 0) + layers + 2
  if (!block) return Array.from({ length: width }, () => SUPPRESSED)
  const pooled = layers - 1
  return [...(withValid ? [int(block.valid)] : []), ...Array.from({ length: layers }, (_, d) => pct(block.sat[d])), pct(block.ci[2 * pooled]), pct(block.ci[2 * pooled + 1])]
}

/** 加权得分 as the page writes it: the score, '—†' when withheld for a hidden category (a note says why), else empty. */
function weightedCell(u: UnitRow): Cell {
  if (!u.total) return SUPPRESSED
  if (u.weightedScore !== null) return text(u.weightedScore.toFixed(2))
  return withheld(u) ? text('—†') : EMPTY
}

/**
 * A round's results as Chinese offices lay them out: one row per unit (then all units), 满意率
 * per dimension with the pooled rate's 95% interval under 合计, and under each evaluator category
 * its 有效票 too (the page's 按评议人类别), then 加权得分, 排名, 需补课 (the unit's overall 满意率
 * under the line, as on every page) and the dimensions under the line. Hidden blocks stay hidden:
 * a suppressed cell carries no number. The notes say what 补课 and a withheld 加权得分 mean, and end
 * with the publication's hash, or for the organiser's live numbers what has been published (`live`).
 */
export function exportTable(doc: RoundDocument, publication: PublicationRef | null, lang: Lang, live: readonly LivePublication[] = []): ExportTable {
  const layers = doc.dimensions.length + 1
  const rates = [...doc.dimensions.map((d) => d.label), rt(lang, 'pooled'), rt(lang, 'intervalLow'), rt(lang, 'intervalHigh')]
  const withCategories = doc.units.some((u) => u.byCategory.length > 0) || (doc.overall?.byCategory.length ?? 0) > 0
  const groups = [{ name: `${rt(lang, 'total')} ${rt(lang, 'satisfaction')}`, columns: rates }, ...(withCategories ? doc.categories.map((c) => ({ name: c.name, columns: [rt(lang, 'valid'), ...rates] })) : [])]
  const categoryCells = (blocks: (Block | null)[]) => (withCategories ? doc.categories.flatMap((_, c) => blockCells(blocks[c] ?? null, layers, true)) : [])
  const below = (u: UnitRow) => listJoin(lang, u.belowThreshold.map((d) => doc.dimensions[d]?.label ?? ''))
  const rows: Cell[][] = doc.units.map((u) => [
    text(u.name),
    text(u.kind),
    int(u.ballots.valid),
    pct(u.ballots.returnRate),
    ...blockCells(u.total, layers, false),
    ...categoryCells(u.byCategory),
    weightedCell(u),
    int(u.rank),
    u.remedial ? text(rt(lang, 'remedial')) : EMPTY,
    u.belowThreshold.length > 0 ? text(below(u)) : EMPTY,
  ])
  if (doc.overall)
    rows.push([
      text(rt(lang, 'overall')),
      text(''),
      int(doc.overall.ballots.valid),
      pct(doc.overall.ballots.returnRate),
      ...blockCells(doc.overall.total, layers, false),
      ...categoryCells(doc.overall.byCategory),
      EMPTY,
      EMPTY,
      EMPTY,
      EMPTY,
    ])
  const notes = [`${rt(lang, 'formula')}${colon(lang)}${doc.formula.text[lang]}`, rt(lang, 'suppressedNote')]
  if (doc.formula.remedialThreshold !== null) notes.push(remedialLegend(lang, doc.formula.remedialThreshold))
  if (doc.units.some((u) => u.total && withheld(u))) notes.push(rt(lang, 'weightedNote'))
  notes.push(...(publication ? [`${rt(lang, 'hash')}${colon(lang)}${publication.hash}`] : publicationNotes(lang, live)))
  return {
    title: `${doc.round.campaign.name} · ${doc.round.name} · ${rt(lang, 'results')}`,
    lead: [rt(lang, 'unit'), rt(lang, 'kind'), rt(lang, 'valid'), rt(lang, 'returnRate')],
    groups,
    tail: [rt(lang, 'weighted'), rt(lang, 'rank'), rt(lang, 'remedial'), rt(lang, 'belowLineColumn')],
    rows,
    channels: channelTable(doc, lang),
    levels: levelTable(doc, lang),
    notes,
  }
}

/**
 * 单位 | 评议项目 | each level's count | 有效作答数 | 满意率 | its 95% interval, low and high: one row
 * per unit and dimension (and the pooled layer), then all units; a hidden unit is one row of
 * 人数不足, no number.
 */
function levelTable(doc: RoundDocument, lang: Lang): ExportTable['levels'] {
  const L = doc.levels.length
  const layers = [...doc.dimensions.map((d) => d.label), rt(lang, 'pooled')]
  const rows: Cell[][] = []
  const add = (name: string, block: Block | null) => {
    if (!block) return rows.push([text(name), text(''), ...Array.from({ length: L + 4 }, () => SUPPRESSED)])
    layers.forEach((label, d) =>
      rows.push([text(name), text(label), ...doc.levels.map((_, l) => int(block.counts[d * L + l] ?? 0)), int(block.n[d] ?? 0), pct(block.sat[d]), pct(block.ci[2 * d]), pct(block.ci[2 * d + 1])]),
    )
  }
  for (const u of doc.units) add(u.name, u.total)
  if (doc.overall) add(rt(lang, 'overall'), doc.overall.total)
  return {
    title: rt(lang, 'levelCounts'),
    header: [rt(lang, 'unit'), rt(lang, 'dimension'), ...doc.levels.map((l) => l.label), rt(lang, 'answers'), rt(lang, 'satisfaction'), rt(lang, 'intervalLow'), rt(lang, 'intervalHigh')],
    rows,
  }
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

/**
 * The file name of a round's export, ASCII-safe for the header and UTF-8 for browsers that read
 * it, in the reader's language (the round's name as it is).
 * @example exportFileName(doc, 'csv', 'en').utf8 // encodeURIComponent('分析检查报告群众评议-results.csv')
 */
export function exportFileName(doc: RoundDocument, ext: 'csv' | 'xlsx', lang: Lang): { ascii: string; utf8: string } {
  return { ascii: `results-${doc.round.id}.${ext}`, utf8: encodeURIComponent(`${doc.round.name}-${rt(lang, 'resultsFile')}.${ext}`) }
}
