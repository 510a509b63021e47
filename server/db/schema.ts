import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/**
 * Kysely table types, written by hand in the SQL's snake_case. `sql/` is the truth:
 * test/api/schema-types.test.ts checks these against the migrated database.
 */
export interface Database {
  campaign: CampaignTable
  unit: UnitTable
  evaluator_category: EvaluatorCategoryTable
  form: FormTable
  form_dimension: FormDimensionTable
  form_level: FormLevelTable
  round: RoundTable
  round_unit: RoundUnitTable
  ballot: BallotTable
  tally: TallyTable
  ballot_count: BallotCountTable
  channel_count: ChannelCountTable
  app_secret: AppSecretTable
  code_batch: CodeBatchTable
  code_batch_unit: CodeBatchUnitTable
  access_code: AccessCodeTable
  code_use: CodeUseTable
  public_link: PublicLinkTable
  device_use: DeviceUseTable
  submission: SubmissionTable
  staged_group: StagedGroupTable
  staged_ballot: StagedBallotView
  staged_head: StagedHeadView
  app_user: AppUserTable
  user_session: UserSessionTable
  clerk_round: ClerkRoundTable
  login_attempt: LoginAttemptTable
  audit_log: AuditLogTable
  publication: PublicationTable
  sitting: SittingTable
  paper_batch: PaperBatchTable
  paper_pass: PaperPassTable
  paper_entry: PaperEntryTable
  paper_resolution: PaperResolutionTable
  opinion_area: OpinionAreaTable
  opinion: OpinionTable
  opinion_import: OpinionImportTable
  rectification_item: RectificationItemTable
  rectification_opinion: RectificationOpinionTable
  rectification_update: RectificationUpdateTable
  recheck_item: RecheckItemTable
  recheck_use: RecheckUseTable
  recheck_staging: RecheckStagingTable
  recheck_tally: RecheckTallyTable
  results_cache: ResultsCacheTable
  tally_version: TallyVersionTable
}

/** numeric and bigint come back from both drivers as strings; numbers may be written. */
type Numeric = ColumnType<string, number | string, number | string>
type NumericDefault = ColumnType<string, number | string | undefined, number | string>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface CampaignTable {
  id: Generated<string>
  name: string
  theme: Generated<string>
  batch: Generated<string>
  created_at: Generated<Date>
  slug: string | null
}

export interface UnitTable {
  id: Generated<string>
  campaign_id: string
  parent_id: string | null
  name: string
  kind: string
  code: string | null
  position: Generated<number>
  archived_at: Timestamp | null
}

export interface EvaluatorCategoryTable {
  id: Generated<string>
  campaign_id: string
  name: string
  weight: NumericDefault
  position: Generated<number>
}

export interface FormTable {
  id: Generated<string>
  campaign_id: string
  name: string
  version: Generated<number>
  opinion_box: Generated<boolean>
  min_answered: Generated<number>
  frozen_at: Timestamp | null
}

export interface FormDimensionTable {
  id: Generated<number>
  form_id: string
  position: number
  label: string
  kind: ColumnType<DimensionKind, DimensionKind | undefined, DimensionKind>
}

/** A per-unit evaluation dimension, or an overall question (the 整改落实 survey of seed 002). */
export type DimensionKind = 'dimension' | 'overall'

export interface FormLevelTable {
  id: Generated<number>
  form_id: string
  position: number
  label: string
  score: NumericDefault
  satisfied: Generated<boolean>
  abstain: Generated<boolean>
}

export type Stage = 'study' | 'analysis' | 'rectification' | 'review'
export type RoundStatus = 'draft' | 'open' | 'closed' | 'published'
export type Channel = 'mobile' | 'paper' | 'meeting' | 'public'
/** How a round takes ballots: access codes (一人一码), a public link, paper forms, a meeting. */
export type RoundChannel = 'codes' | 'public' | 'paper' | 'meeting'
export type RankingMeasure = 'satisfaction' | 'score' | 'weighted_score'

export interface RoundTable {
  id: Generated<string>
  campaign_id: string
  form_id: string | null
  name: string
  stage: Stage
  status: ColumnType<RoundStatus, RoundStatus | undefined, RoundStatus>
  min_group_size: Generated<number>
  opens_at: Timestamp | null
  closes_at: Timestamp | null
  created_at: Generated<Date>
  channels: ColumnType<RoundChannel[], RoundChannel[] | undefined, RoundChannel[]>
  /** form_level ids counted in 满意率; null until open means the form's satisfied flags. */
  satisfied_levels: ColumnType<number[] | null, number[] | null | undefined, number[] | null>
  ranking_measure: ColumnType<RankingMeasure, RankingMeasure | undefined, RankingMeasure>
  remedial_threshold: ColumnType<string | null, number | string | null | undefined, number | string | null>
  formula_locked_at: Timestamp | null
  /** The close-time work (final flush and rewrites, sql/051) is done; closing sets it false. */
  close_done: Generated<boolean>
}

export interface RoundUnitTable {
  round_id: string
  unit_id: string
  handed_out: Generated<number>
  position: Generated<number>
}

/** Answers by dimension id: `{ "12": 48 }` means dimension 12 got level 48. */
export type Answers = Record<string, number>

export interface BallotTable {
  id: Generated<string>
  round_id: string
  unit_id: string
  category_id: string
  channel: Channel
  answers: ColumnType<Answers, Answers, Answers>
  opinion: string | null
  valid: Generated<boolean>
  invalid_reason: string | null
  day: ColumnType<Date, string | undefined, string>
}

export interface TallyTable {
  round_id: string
  unit_id: string
  category_id: string
  dimension_id: number
  level_id: number
  n: ColumnType<string, number | string | undefined, number | string>
}

export interface BallotCountTable {
  round_id: string
  unit_id: string
  category_id: string
  valid: ColumnType<string, number | string | undefined, number | string>
  invalid: ColumnType<string, number | string | undefined, number | string>
}

export interface ChannelCountTable {
  round_id: string
  unit_id: string
  channel: Channel
  valid: ColumnType<string, number | string | undefined, number | string>
  invalid: ColumnType<string, number | string | undefined, number | string>
}

export interface AppSecretTable {
  name: string
  value: string
}

export interface CodeBatchTable {
  id: Generated<string>
  round_id: string
  category_id: string
  label: Generated<string>
  all_units: boolean
  issued: number
  reissue_of: string | null
  voided_at: Timestamp | null
  created_at: Generated<Date>
}

export interface CodeBatchUnitTable {
  batch_id: string
  unit_id: string
}

export interface AccessCodeTable {
  code_hash: string
  batch_id: string
}

export interface CodeUseTable {
  code_hash: string
  unit_id: string
  /** Keyed hash of the submission that used it (056; null before): a retry is told by it. */
  key_hash: string | null
}

export interface PublicLinkTable {
  round_id: string
  category_id: string
}

export interface DeviceUseTable {
  device_hash: string
  round_id: string
  unit_id: string
}

export interface SubmissionTable {
  key_hash: string
  round_id: string
  valid: boolean
}

/** Ballots of one group commit (or paper batch) waiting to be mixed into `ballot` (043). */
export interface StagedGroupTable {
  id: Generated<string>
  round_id: string
  size: number
  category_ids: string[]
  /** In clear: paper batches' groups and groups staged before sql/052. */
  ballots: ColumnType<StagedBallotJson[] | null, StagedBallotJson[] | undefined, never>
  /** Sealed (sql/052): IV and AES-256-CBC of the ballots' JSON (SealedBallotJson[], in the order of `heads`), under the round's seal key (ingest/seal.ts). */
  sealed: ColumnType<Uint8Array | null, never, never>
  /** With `sealed`: each ballot's unit, category and channel, for turnout. */
  heads: ColumnType<StagedHeadJson[] | null, never, never>
}

/** What a sealed group shows in clear of each of its ballots (what the code and device use rows say already). */
export interface StagedHeadJson {
  unit_id: string
  category_id: string
  channel: Channel
}

/**
 * One ballot inside `staged_group.sealed`, at the position of its head in `heads` (which says
 * its unit, category and channel); an opinion and an invalid reason only when there is one.
 * Groups sealed before this format carry whole StagedBallotJson objects, in an order of their own.
 */
export interface SealedBallotJson {
  answers: Answers
  valid: boolean
  opinion?: string
  invalid_reason?: string
}

/** One ballot inside `staged_group.ballots`. */
export interface StagedBallotJson {
  unit_id: string
  category_id: string
  channel: Channel
  answers: Answers
  opinion: string | null
  valid: boolean
  invalid_reason: string | null
}

/** Each staged ballot's unit, category and channel, sealed or in clear (sql/052; read only). */
export interface StagedHeadView {
  group_id: string
  round_id: string
  unit_id: string
  category_id: string
  channel: Channel
}

/** The view of `staged_group` with one row per staged ballot (read only). */
export interface StagedBallotView {
  group_id: string
  round_id: string
  unit_id: string
  category_id: string
  channel: Channel
  answers: Answers
  opinion: string | null
  valid: boolean
  invalid_reason: string | null
}

/** Where paper slips were filled in: at a meeting (评议大会) or handed out (书面评议). */
export type PaperChannel = 'paper' | 'meeting'

export interface SittingTable {
  id: Generated<string>
  round_id: string
  name: string
  channel: PaperChannel
  handed_out: number | null
  returned: number | null
  decision: 'accepted' | 'rejected' | null
  created_at: Timestamp
}

export type PaperBatchStatus = 'entering' | 'held' | 'committed' | 'rejected'

export interface PaperBatchTable {
  id: Generated<string>
  sitting_id: string
  name: string
  status: Generated<PaperBatchStatus>
  sheets: Generated<number>
  valid: Generated<number>
  invalid: Generated<number>
  blank: Generated<number>
  created_at: Timestamp
}

export interface PaperPassTable {
  batch_id: string
  pass: number
  user_id: string | null
  done: Generated<boolean>
}

/** A slip's cells: unit id → dimension id → level id; blank cells are absent. */
export type PaperCells = Record<string, Record<string, number>>

export interface PaperEntryTable {
  batch_id: string
  pass: number
  sheet: number
  /** Null on a blank or spoiled slip keyed without a category (048). */
  category_id: string | null
  spoiled: Generated<boolean>
  cells: ColumnType<PaperCells, PaperCells, PaperCells>
}

export interface PaperResolutionTable {
  batch_id: string
  sheet: number
  field: string
  value: string
}

export type UserRole = 'organiser' | 'leader' | 'liaison' | 'clerk'

export interface AppUserTable {
  id: Generated<string>
  username: string
  name: string
  role: UserRole
  campaign_id: string | null
  unit_id: string | null
  password_hash: string
  disabled_at: Timestamp | null
  created_at: Generated<Date>
}

export interface UserSessionTable {
  token_hash: string
  user_id: string
  csrf_token: string
  created_at: Timestamp
  last_seen_at: Timestamp
}

export interface ClerkRoundTable {
  user_id: string
  round_id: string
}

export interface LoginAttemptTable {
  id: Generated<string>
  username: string
  address: string | null
  at: Timestamp
}

export interface AuditLogTable {
  id: Generated<string>
  actor_id: string | null
  actor_name: string
  campaign_id: string | null
  action: string
  entity: string
  entity_id: string | null
  before: ColumnType<unknown, unknown, unknown> | null
  after: ColumnType<unknown, unknown, unknown> | null
  at: Timestamp
}

export type Round = Selectable<RoundTable>
export type NewBallot = Insertable<BallotTable>


export interface OpinionAreaTable {
  id: Generated<string>
  campaign_id: string
  name: string
  position: Generated<number>
}

export type OpinionSource = 'ballot' | 'staff' | 'merged'
export type OpinionChannel = 'written_form' | 'meeting' | 'online' | 'home_visit' | 'petition' | 'questionnaire' | 'mailbox' | 'talk' | 'ballot'

export interface OpinionTable {
  id: Generated<string>
  campaign_id: string
  source: OpinionSource
  channel: OpinionChannel | null
  round_id: string | null
  unit_id: string | null
  assigned_unit_id: string | null
  area_id: string | null
  body: string
  search_text: string
  received_on: ColumnType<Date, string, string> | null
  merged_into: string | null
  merged_count: Generated<number>
  reply: string | null
  replied_on: ColumnType<Date, string, string> | null
  replied_by: string | null
  created_at: Timestamp
}

export interface OpinionImportTable {
  round_id: string
  imported: number
  imported_at: Timestamp
}

export type RectificationClass = 'immediate' | 'effort' | 'beyond'
export type RectificationStatus = 'not_started' | 'in_progress' | 'done'

export interface RectificationItemTable {
  id: Generated<string>
  campaign_id: string
  unit_id: string
  title: string
  target: Generated<string>
  deadline: ColumnType<Date, string, string>
  measures: Generated<string>
  owner: string
  commitment: Generated<string>
  class: RectificationClass
  status: ColumnType<RectificationStatus, RectificationStatus | undefined, RectificationStatus>
  public: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
  /** The date the item was done (Shanghai calendar); null unless done (a CHECK holds them together). */
  done_on: ColumnType<Date, string, string> | null
}

export interface RectificationOpinionTable {
  item_id: string
  opinion_id: string
}

export interface RectificationUpdateTable {
  id: Generated<string>
  item_id: string
  on_date: ColumnType<Date, string, string>
  body: string
  author_id: string | null
  author_name: string
  created_at: Timestamp
}

export interface RecheckItemTable {
  round_id: string
  item_id: string
}

export interface RecheckUseTable {
  code_hash: string
  item_id: string
}

export type RecheckAnswer = 'satisfied' | 'basic' | 'unsatisfied' | 'unknown'

export interface RecheckStagingTable {
  id: Generated<string>
  round_id: string
  item_id: string
  /** In clear only for answers staged before sql/053. */
  answer: ColumnType<RecheckAnswer | null, RecheckAnswer | undefined, never>
  /** The answer sealed (sql/053), under the round's seal key (ingest/seal.ts). */
  sealed: ColumnType<Uint8Array | null, Uint8Array | undefined, never>
  /** One random id per evaluator's POST, tied to nothing else (sql/050). */
  submission_id: string
  /** The submission was its code's first in the round: the flush counts distinct codes by these. */
  first_of_code: boolean
}

export interface RecheckTallyTable {
  round_id: string
  item_id: string
  answer: RecheckAnswer
  n: NumericDefault
}

/** A closed round's computed results document, valid while its fingerprint matches (sql/038). */
export interface ResultsCacheTable {
  round_id: string
  fingerprint: string
  body: string
  computed_at: Generated<Date>
}

/** Raised by every statement that writes a round's tallies or ballot counts (sql/045): part of the results fingerprint. */
export interface TallyVersionTable {
  round_id: string
  version: Numeric
}

/** An immutable snapshot of a round's results for an audience (sql/030_publication.sql). */
export interface PublicationTable {
  id: Generated<string>
  round_id: string
  campaign_id: string
  slug: string
  to_leaders: Generated<boolean>
  /** Unit ids named as audience, each with its subtree. */
  unit_ids: ColumnType<string[], string[] | undefined, string[]>
  to_public: Generated<boolean>
  window_start: Timestamp | null
  window_end: Timestamp | null
  content: ColumnType<unknown, unknown, unknown>
  hash: string
  published_by: string | null
  published_at: Timestamp
  revoked_at: Timestamp | null
}
