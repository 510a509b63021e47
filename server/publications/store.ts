import type { Kysely, Selectable, Transaction } from 'kysely'
import { jsonb } from '../db/jsonb'
import type { Database, PublicationTable } from '../db/schema'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import type { Audience } from './audience'
import { contentHash } from './canonical'

type Db = Kysely<Database> | Transaction<Database>
type Row = Selectable<PublicationTable>

/** A publication without its content, as lists and answers show it. */
export interface PublicationMeta {
  id: string
  roundId: string
  slug: string
  audience: { leaders: boolean; units: string[]; public: boolean }
  window: { start: string | null; end: string | null }
  hash: string
  publishedAt: string
  revokedAt: string | null
  /** The public page, for a publication to the public. */
  url: string | null
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function metaOf(row: Row): PublicationMeta {
  return {
    id: row.id,
    roundId: row.round_id,
    slug: row.slug,
    audience: { leaders: row.to_leaders, units: row.unit_ids, public: row.to_public },
    window: { start: iso(row.window_start), end: iso(row.window_end) },
    hash: row.hash,
    publishedAt: iso(row.published_at)!,
    revokedAt: iso(row.revoked_at),
    url: row.to_public ? `/p/${row.slug}` : null,
  }
}

export function audienceOf(row: Row): Audience {
  return {
    campaignId: row.campaign_id,
    toLeaders: row.to_leaders,
    unitIds: row.unit_ids,
    toPublic: row.to_public,
    windowStart: row.window_start === null ? null : new Date(row.window_start),
    windowEnd: row.window_end === null ? null : new Date(row.window_end),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  }
}

function newSlug(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

/** Inserts a publication; the hash is computed here from the content it stores. */
export async function insertPublication(
  trx: Db,
  p: { roundId: string; campaignId: string; audience: PublicationMeta['audience']; window: { start: Date | null; end: Date | null }; content: unknown; by: string; at: Date },
): Promise<Row> {
  const hash = await contentHash(p.content)
  return trx
    .insertInto('publication')
    .values({
      round_id: p.roundId,
      campaign_id: p.campaignId,
      slug: newSlug(),
      to_leaders: p.audience.leaders,
      unit_ids: jsonb(p.audience.units),
      to_public: p.audience.public,
      window_start: p.window.start,
      window_end: p.window.end,
      content: jsonb(p.content),
      hash,
      published_by: p.by,
      published_at: p.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The publications of a round, newest first (content left out). */
export async function listPublications(db: Db, roundId: string): Promise<Row[]> {
  return db.selectFrom('publication').selectAll().where('round_id', '=', roundId).orderBy('published_at', 'desc').orderBy('id').execute()
}

/** One publication by id, or null (also for a malformed id). */
export async function findPublication(db: Db, id: string | undefined): Promise<Row | null> {
  if (!isUuid(id)) return null
  return (await db.selectFrom('publication').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/** One publication by its public slug, or null. */
export async function findBySlug(db: Db, slug: string | undefined): Promise<Row | null> {
  if (!slug || !/^[a-z0-9]{12}$/.test(slug)) return null
  return (await db.selectFrom('publication').selectAll().where('slug', '=', slug).executeTakeFirst()) ?? null
}

/** Revokes a publication once; 409 `publication_revoked` when it already is. */
export async function revokePublication(trx: Db, id: string, at: Date): Promise<Row> {
  const row = await trx.updateTable('publication').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst()
  if (!row) throw new ApiError(409, 'publication_revoked')
  return row
}

/**
 * Recomputes a publication's hash from the content as stored and compares it with the stored
 * hash: `ok` is false if either was altered after publication.
 * @example const { ok } = await verifyPublication(db, id)
 */
export async function verifyPublication(db: Db, id: string): Promise<{ stored: string; recomputed: string; ok: boolean }> {
  const row = await db.selectFrom('publication').select(['hash', 'content']).where('id', '=', id).executeTakeFirstOrThrow()
  const recomputed = await contentHash(row.content)
  return { stored: row.hash, recomputed, ok: recomputed === row.hash }
}
