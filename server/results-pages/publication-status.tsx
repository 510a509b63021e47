import { shanghaiLocal } from '../console/times'
import { bracketed, colon, comma, type Lang, listJoin } from '../i18n'
import type { PublicationRef } from '../results/readable'
import { rt } from './text'

/** A publication of the round that is not revoked, as the organiser's live view names it. */
export interface LivePublication {
  publishedAt: string
  leaders: boolean
  public: boolean
  /** The names of the units it is published to (each with its subtree). */
  units: string[]
  /** The public page, `/p/<slug>`, for a publication to the public. */
  path: string | null
  /** The same page as a full address (the configured public origin), for print and exports. */
  url: string | null
}

/** An instant as `2025-06-01 10:00（北京时间）`, as the console shows times. */
export const beijingMinute = (lang: Lang, iso: string) => `${shanghaiLocal(iso).replace('T', ' ')}${bracketed(lang, rt(lang, 'beijing'))}`

/**
 * When and to whom a publication went out.
 * @example publishedLine('zh-CN', p) // '已公布 2025-06-01 10:00（北京时间），范围：领导、侯口街道、公众'
 */
export function publishedLine(lang: Lang, p: LivePublication): string {
  const audience = [p.leaders ? rt(lang, 'audienceLeaders') : null, ...p.units, p.public ? rt(lang, 'audiencePublic') : null].filter((a): a is string => a !== null)
  return `${rt(lang, 'published')} ${beijingMinute(lang, p.publishedAt)}${comma(lang)}${rt(lang, 'audience')}${colon(lang)}${listJoin(lang, audience)}`
}

/**
 * The publication notes of an export or printout: each live publication (with its public page)
 * and that these are the live numbers; or 未公布 when nothing is published.
 */
export function publicationNotes(lang: Lang, live: readonly LivePublication[]): string[] {
  if (live.length === 0) return [rt(lang, 'unpublished')]
  return [...live.map((p) => (p.url ? `${publishedLine(lang, p)}${comma(lang)}${rt(lang, 'publicPage')}${colon(lang)}${p.url}` : publishedLine(lang, p))), rt(lang, 'liveView')]
}

/**
 * Where the numbers on a results page come from: a reader's publication (when it was published);
 * for the organiser's live view, each live publication with its audience and public page, and
 * plainly that the page itself is live; or 未公布 when nothing is published.
 */
export function PublicationStatus(props: { lang: Lang; publication: PublicationRef | null; live: readonly LivePublication[] }) {
  const { lang, publication, live } = props
  if (publication)
    return (
      <p class="publication-status" id="publication-status">
        {rt(lang, 'published')} {beijingMinute(lang, publication.publishedAt)}
      </p>
    )
  if (live.length === 0)
    return (
      <p class="publication-status" id="publication-status">
        {rt(lang, 'unpublished')}
      </p>
    )
  return (
    <div class="publication-status" id="publication-status">
      <ul>
        {live.map((p) => (
          <li>
            {publishedLine(lang, p)}
            {p.path ? (
              <>
                {comma(lang)}
                {rt(lang, 'publicPage')}
                {colon(lang)}
                <a href={p.path}>{p.url}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <p class="muted">{rt(lang, 'liveView')}</p>
    </div>
  )
}
