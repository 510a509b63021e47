import type { Lang } from '../i18n'
import type { RankingMeasure, Stage } from '../db/schema'
import { type ScoredRound, scoreRound } from './engine'
import { formulaText } from './formula'
import type { ChannelCount } from './channels'
import type { LoadedRound } from './load'
import { type ResultsJson, resultsJson } from './view'

/** A round's results as the API and publications carry them: the round, its formula, the numbers. */
export interface RoundDocument extends ResultsJson {
  round: { id: string; name: string; stage: Stage; status: string; campaign: { id: string; name: string } }
  formula: {
    satisfiedLevels: number[]
    rankingMeasure: RankingMeasure
    minGroupSize: number
    remedialThreshold: number | null
    confidence: 0.95
    text: Record<Lang, string>
  }
  /**
   * Ballots per channel (codes, public link, paper, meeting) over all units; null in a document
   * cut to some units; absent from documents published before migration 047.
   */
  channels?: ChannelCount[] | null
}

/** Scores a loaded round and builds its document (suppression applied). */
export function roundDocument(loaded: LoadedRound, options: { units?: ReadonlySet<string>; categories?: boolean } = {}): { scored: ScoredRound; document: RoundDocument } {
  const scored = scoreRound(loaded.input)
  const { round, campaign, input } = loaded
  return {
    scored,
    document: {
      round: { id: round.id, name: round.name, stage: round.stage, status: round.status, campaign },
      formula: {
        satisfiedLevels: input.levels.filter((l) => l.satisfied).map((l) => l.id),
        ...input.formula,
        confidence: 0.95,
        text: formulaText(input),
      },
      ...resultsJson(scored, options),
      channels: options.units ? null : loaded.channels,
    },
  }
}
