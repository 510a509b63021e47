import { FormError, type FormState } from '../console/form-kit'
import { type ConsoleRequest, CsrfField } from '../console/layout'
import type { OpinionChannel } from '../db/schema'
import { channelNames } from '../opinions/channels'
import type { OpinionView } from '../opinions/store'
import { kt } from '../tracking/console-text'

/** An opinion an item answers, as `linkedOpinions` reads it. */
export interface LinkedOpinion {
  id: string
  body: string
  mergedCount: number
  channel: OpinionChannel | null
  receivedOn: string | null
  unitId: string | null
}

/** One page of the opinions an item may answer (its unit's subtree), found by words. */
export interface Picker {
  q: string
  offset: number
  limit: number
  total: number
  opinions: OpinionView[]
}

const SHORT = 60

/** The first 60 characters (not UTF-16 units) of a text, with … when cut. */
function shorten(text: string, max = SHORT): string {
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text
}

function ChannelName(props: { lang: ConsoleRequest['lang']; channel: OpinionChannel | null }) {
  return <>{props.channel ? channelNames[props.channel][props.lang] : '—'}</>
}

/**
 * The opinions an item answers (text, channel, date, an unlink button) and, for those who may
 * act on the item, the picker: the unit subtree's opinions, searchable by words (a GET form),
 * ticked when linked; saving links the ticked ones and unlinks the listed ones left unticked.
 * Plain forms, no script.
 */
export function LinkSection(props: { req: ConsoleRequest; base: string; itemId: string; linked: LinkedOpinion[]; scope: string[] | null; picker?: Picker; state?: FormState }) {
  const { req, base, itemId, picker } = props
  const lang = req.lang
  const action = `${base}/items/${itemId}/opinions`
  const linkedIds = new Set(props.linked.map((o) => o.id))
  const mayUnlink = (o: LinkedOpinion) => picker !== undefined && (props.scope === null || (o.unitId !== null && props.scope.includes(o.unitId)))
  const pageLink = (offset: number) => `${base}/items/${itemId}?${new URLSearchParams({ ...(picker?.q ? { q: picker.q } : {}), offset: String(offset) }).toString()}#opinions`
  return (
    <section id="opinions" class="linked-opinions">
      <h2>{kt(lang, 'linked')}</h2>
      <FormError state={props.state} />
      {props.linked.length === 0 ? <p class="muted">{kt(lang, 'none')}</p> : null}
      {props.linked.length > 0 ? (
        <table class="opinions linked">
          <thead>
            <tr>
              <th>{kt(lang, 'body')}</th>
              <th>{kt(lang, 'channel')}</th>
              <th>{kt(lang, 'received')}</th>
              {picker ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {props.linked.map((o) => (
              <tr data-linked={o.id}>
                <td>
                  <a href={`${base}/opinions/${o.id}`}>{o.body}</a> {o.mergedCount > 1 ? <span class="muted">×{o.mergedCount}</span> : null}
                </td>
                <td>
                  <ChannelName lang={lang} channel={o.channel} />
                </td>
                <td>{o.receivedOn ?? '—'}</td>
                {picker ? (
                  <td>
                    {mayUnlink(o) ? (
                      <form method="post" action={action} class="inline">
                        <CsrfField token={req.csrfToken} />
                        <input type="hidden" name="listed" value={o.id} />
                        <button type="submit">{kt(lang, 'unlink')}</button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {picker ? (
        <>
          <h3>{kt(lang, 'linkOpinions')}</h3>
          <p class="muted small">{kt(lang, 'linkHelp')}</p>
          <form method="get" action={`${base}/items/${itemId}#opinions`} class="inline filters">
            <input type="search" name="q" value={picker.q} placeholder={kt(lang, 'search')} aria-label={kt(lang, 'search')} maxlength={200} />
            <button type="submit">{kt(lang, 'filter')}</button>
          </form>
          <p>{kt(lang, 'found', picker.total)}</p>
          {picker.opinions.length === 0 ? (
            <p class="muted">{kt(lang, 'noOpinions')}</p>
          ) : (
            <form method="post" action={action} class="opinion-picker">
              <CsrfField token={req.csrfToken} />
              <input type="hidden" name="q" value={picker.q} />
              <input type="hidden" name="offset" value={String(picker.offset)} />
              <table class="opinions">
                <thead>
                  <tr>
                    <th>{kt(lang, 'body')}</th>
                    <th>{kt(lang, 'channel')}</th>
                    <th>{kt(lang, 'received')}</th>
                    <th>{kt(lang, 'unit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {picker.opinions.map((o) => (
                    <tr data-candidate={o.id}>
                      <td>
                        <input type="hidden" name="listed" value={o.id} />
                        <label title={o.body}>
                          <input type="checkbox" name="ids" value={o.id} checked={linkedIds.has(o.id)} /> {shorten(o.body)}
                        </label>
                        {o.mergedCount > 1 ? <span class="muted"> ×{o.mergedCount}</span> : null}
                      </td>
                      <td>
                        <ChannelName lang={lang} channel={o.channel} />
                      </td>
                      <td>{o.receivedOn ?? '—'}</td>
                      <td>
                        {o.unitName ?? '—'}
                        {o.assignedUnitName ? ` → ${o.assignedUnitName}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="submit" class="primary">
                {kt(lang, 'saveLinks')}
              </button>
            </form>
          )}
          <p class="inline">
            {picker.offset > 0 ? <a href={pageLink(Math.max(0, picker.offset - picker.limit))}>{kt(lang, 'prev')}</a> : null}{' '}
            {picker.offset + picker.limit < picker.total ? <a href={pageLink(picker.offset + picker.limit)}>{kt(lang, 'next')}</a> : null}
          </p>
        </>
      ) : null}
    </section>
  )
}
