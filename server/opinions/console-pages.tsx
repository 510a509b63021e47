import { Select } from '../console/form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import type { OpinionChannel } from '../db/schema'
import { JsonData } from '../pages/layout'
import { Field, FormError, type FormState, invalid } from '../console/form-kit'
import { colon, listJoin } from '../i18n'
import { kt } from '../tracking/console-text'
import { statusNames } from '../tracking/text'
import { channelNames, STAFF_CHANNELS } from './channels'
import type { OpinionFilter } from './schemas'
import type { OpinionView } from './store'
import { ot } from './text'

type Campaign = { id: string; name: string }
type Named = { id: string; name: string }

function ChannelName(props: { lang: ConsoleRequest['lang']; channel: OpinionChannel | null }) {
  return <>{props.channel ? channelNames[props.channel][props.lang] : '—'}</>
}

/** An opinion's channels: its own, or a merged one's originals'. */
function ChannelNames(props: { lang: ConsoleRequest['lang']; channels: OpinionChannel[] }) {
  return <>{props.channels.length > 0 ? listJoin(props.lang, props.channels.map((ch) => channelNames[ch][props.lang])) : '—'}</>
}

/** What a refused bulk post had chosen, shown again with its error. */
export interface BulkPosted {
  action: string
  ids: string[]
  areaId: string
  unitId: string
  body: string
  allMatching: boolean
}

/** `/console/c/:campaign/opinions`: search and filters, the list, bulk actions with progress, staff entry and ballot import. */
export function OpinionsPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  filter: OpinionFilter
  page: { total: number; collected: number; opinions: (OpinionView & { channels: OpinionChannel[] })[] }
  offset: number
  limit: number
  areas: Named[]
  units: Named[]
  rounds: Named[]
  state?: FormState
  notice?: string
  /** A link after the notice (the opinion a bulk merge made). */
  noticeLink?: { href: string; label: string }
  posted?: BulkPosted
}) {
  const { req, campaign, filter, page, posted } = props
  const lang = req.lang
  const base = `/console/c/${campaign.id}`
  const organiser = req.user.role === 'organiser'
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''))
  const pageLink = (offset: number) => `${base}/opinions?${new URLSearchParams([...query.entries(), ['offset', String(offset)]]).toString()}`
  // the download carries the filter, not the page: every opinion the list finds
  const exportLink = (format: 'xlsx' | 'csv') => `${base}/opinions/export?${new URLSearchParams([...query.entries(), ['format', format]]).toString()}`
  return (
    <ConsoleLayout req={req} title={kt(lang, 'opinions')} active="opinions" scripts={organiser ? ['/assets/opinions.js'] : []}>
      <h1>
        {kt(lang, 'opinions')} · {campaign.name}
      </h1>
      <p class="muted">
        {organiser ? (
          <>
            <a href={`${base}/opinions/new`}>{kt(lang, 'newOpinion')}</a> · <a href={`${base}/areas`}>{kt(lang, 'areas')}</a> ·{' '}
          </>
        ) : null}
        <a href={`${base}/items`}>{kt(lang, 'tracking')}</a>
      </p>
      {props.notice ? (
        <p class="ok" role="status" id="notice">
          {props.notice}
          {props.noticeLink ? (
            <>
              {' '}
              <a href={props.noticeLink.href}>{props.noticeLink.label}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <FormError state={props.state} />
      <form method="get" action={`${base}/opinions`} class="inline filters">
        <input type="search" name="q" value={filter.q ?? ''} placeholder={kt(lang, 'search')} aria-label={kt(lang, 'search')} maxlength={200} />
        <Select name="area" label={kt(lang, 'area')} value={filter.area} blank={`${kt(lang, 'area')}: ${kt(lang, 'all')}`} options={[{ value: 'none', label: kt(lang, 'unclassified') }, ...props.areas.map((a) => ({ value: a.id, label: a.name }))]} />
        <Select name="channel" label={kt(lang, 'channel')} value={filter.channel} blank={`${kt(lang, 'channel')}: ${kt(lang, 'all')}`} options={[...STAFF_CHANNELS, 'ballot' as const].map((ch) => ({ value: ch, label: channelNames[ch][lang] }))} />
        <Select name="unit" label={kt(lang, 'unit')} value={filter.unit} blank={`${kt(lang, 'unit')}: ${kt(lang, 'all')}`} options={props.units.map((u) => ({ value: u.id, label: u.name }))} />
        <Select
          name="replied"
          label={kt(lang, 'reply')}
          value={filter.replied}
          blank={`${kt(lang, 'reply')}: ${kt(lang, 'all')}`}
          options={[
            { value: 'yes', label: kt(lang, 'replied') },
            { value: 'no', label: kt(lang, 'unreplied') },
          ]}
        />
        <button type="submit">{kt(lang, 'filter')}</button>
      </form>
      <p>
        <strong>{kt(lang, 'found', page.total)}</strong> <span class="muted">{kt(lang, 'collected', page.collected)}</span>
        <span class="export" title={ot(lang, 'exportHelp')}>
          {' · '}
          <a href={exportLink('xlsx')}>{ot(lang, 'exportXlsx')}</a> · <a href={exportLink('csv')}>{ot(lang, 'exportCsv')}</a>
        </span>
      </p>
      <form method="post" action={`${base}/opinions/bulk?${query.toString()}`} class="bulk-form" data-api={`/api/tracking/${campaign.id}/opinions/bulk`}>
        {organiser ? (
          <fieldset class="bulk">
            <legend>{kt(lang, 'bulk')}</legend>
            <CsrfField token={req.csrfToken} />
            <JsonData id="bulk-filter" data={filter} />
            <div class="inline">
              <label>
                <input type="radio" name="action" value="classify" checked={(posted?.action ?? 'classify') === 'classify'} /> {kt(lang, 'classify')}
              </label>
              <select name="areaId" aria-label={kt(lang, 'area')}>
                <option value="">{kt(lang, 'unclassified')}</option>
                {props.areas.map((a) => (
                  <option value={a.id} selected={posted?.areaId === a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              <label>
                <input type="radio" name="action" value="assign" checked={posted?.action === 'assign'} /> {kt(lang, 'assign')}
              </label>
              <select name="unitId" aria-label={kt(lang, 'assigned')}>
                <option value="">—</option>
                {props.units.map((u) => (
                  <option value={u.id} selected={posted?.unitId === u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <label>
                <input type="radio" name="action" value="merge" checked={posted?.action === 'merge'} /> {kt(lang, 'merge')}
              </label>
              <input name="body" maxlength={2000} value={posted?.body ?? ''} placeholder={kt(lang, 'mergedBody')} aria-label={kt(lang, 'mergedBody')} />
            </div>
            <label class="check">
              <input type="checkbox" name="allMatching" value="on" checked={posted?.allMatching ?? false} /> {kt(lang, 'allMatching')} ({page.total})
            </label>
            <button type="submit">{kt(lang, 'run')}</button>
            <progress class="bulk-progress" max={1} value={0} hidden />
            <p class="bulk-status" role="status" aria-live="polite" data-working={kt(lang, 'working')} data-done={kt(lang, 'bulkDone')} />
          </fieldset>
        ) : null}
        {page.opinions.length === 0 ? <p class="muted">{kt(lang, 'noOpinions')}</p> : null}
        <table class="opinions">
          <thead>
            <tr>
              {organiser ? (
                <th>
                  <input type="checkbox" class="select-all" aria-label={kt(lang, 'selectAll')} />
                </th>
              ) : null}
              <th>{kt(lang, 'body')}</th>
              <th>{kt(lang, 'count')}</th>
              <th>{kt(lang, 'area')}</th>
              <th>{kt(lang, 'channel')}</th>
              <th>{kt(lang, 'unit')}</th>
              <th>{kt(lang, 'assigned')}</th>
              <th>{kt(lang, 'reply')}</th>
            </tr>
          </thead>
          <tbody>
            {page.opinions.map((o) => (
              <tr data-opinion={o.id}>
                {organiser ? (
                  <td>
                    <input type="checkbox" name="ids" value={o.id} checked={posted?.ids.includes(o.id) ?? false} aria-label={kt(lang, 'select')} />
                  </td>
                ) : null}
                <td>
                  <a href={`${base}/opinions/${o.id}`}>{o.body}</a>
                </td>
                <td>{o.mergedCount}</td>
                <td>{o.areaName ?? '—'}</td>
                <td>
                  <ChannelNames lang={lang} channels={o.channels} />
                </td>
                <td>{o.unitName ?? '—'}</td>
                <td>{o.assignedUnitName ?? '—'}</td>
                <td>{o.reply ? kt(lang, 'replied') : kt(lang, 'unreplied')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </form>
      <p class="inline">
        {props.offset > 0 ? <a href={pageLink(Math.max(0, props.offset - props.limit))}>{kt(lang, 'prev')}</a> : null}{' '}
        {props.offset + props.limit < page.total ? <a href={pageLink(props.offset + props.limit)}>{kt(lang, 'next')}</a> : null}
      </p>
      {organiser && props.rounds.length > 0 ? (
        <form method="post" action={`${base}/opinion-imports`} class="inline">
          <CsrfField token={req.csrfToken} />
          <h2>{kt(lang, 'importTitle')}</h2>
          <p class="muted small">{kt(lang, 'importHelp')}</p>
          <select name="roundId" aria-label={kt(lang, 'round')}>
            {props.rounds.map((r) => (
              <option value={r.id}>{r.name}</option>
            ))}
          </select>
          <button type="submit">{kt(lang, 'import')}</button>
        </form>
      ) : null}
    </ConsoleLayout>
  )
}

/** `/console/c/:campaign/opinions/:opinion`: the opinion, its originals, the items answering it (and 转为整改事项), classify/assign, reply, un-merge. */
export function OpinionPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  opinion: OpinionView & {
    channels: OpinionChannel[]
    mergedIntoOpinion: { id: string; body: string } | null
    originals: OpinionView[]
    items: { id: string; title: string; status: 'not_started' | 'in_progress' | 'done' }[]
  }
  areas: Named[]
  units: Named[]
  mayReply: boolean
  /** Offers 转为整改事项: the new-item form with this opinion's unit preselected and the opinion linked. */
  mayConvert: boolean
  values?: Record<string, string>
  state?: FormState
  notice?: string
}) {
  const { req, opinion, state } = props
  const lang = req.lang
  const base = `/console/c/${props.campaign.id}`
  const organiser = req.user.role === 'organiser'
  return (
    <ConsoleLayout req={req} title={kt(lang, 'opinions')} active="opinions">
      <p>
        <a href={`${base}/opinions`}>← {kt(lang, 'opinions')}</a>
      </p>
      <h1 class="opinion-body">{opinion.body}</h1>
      {opinion.mergedIntoOpinion ? (
        <p class="notice merged-into">
          {ot(lang, 'mergedIntoNote')}
          {colon(lang)}
          <a href={`${base}/opinions/${opinion.mergedIntoOpinion.id}`}>{opinion.mergedIntoOpinion.body}</a>
          {lang === 'zh-CN' ? '。' : '. '}
          {ot(lang, 'mergedIntoHelp')}
        </p>
      ) : null}
      {props.notice ? (
        <p class="ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <FormError state={state} labels={{ reply: kt(lang, 'reply'), areaId: kt(lang, 'area'), assignedUnitId: kt(lang, 'assigned') }} />
      {organiser && !opinion.mergedInto ? (
        <p class="inline opinion-actions">
          {opinion.source !== 'ballot' ? <a href={`${base}/opinions/${opinion.id}/edit`}>{kt(lang, 'edit')}</a> : null}
          {opinion.source !== 'ballot' ? ' · ' : null}
          <a href={`${base}/opinions/${opinion.id}/delete`}>{ot(lang, 'delete')}</a>
        </p>
      ) : null}
      <dl class="facts">
        <dt>{kt(lang, 'count')}</dt>
        <dd>{opinion.mergedCount}</dd>
        <dt>{kt(lang, 'channel')}</dt>
        <dd>
          <ChannelNames lang={lang} channels={opinion.channels} />
        </dd>
        <dt>{kt(lang, 'received')}</dt>
        <dd>{opinion.receivedOn ?? '—'}</dd>
        <dt>{kt(lang, 'unit')}</dt>
        <dd>{opinion.unitName ?? '—'}</dd>
        <dt>{kt(lang, 'area')}</dt>
        <dd>{opinion.areaName ?? kt(lang, 'unclassified')}</dd>
        <dt>{kt(lang, 'assigned')}</dt>
        <dd>{opinion.assignedUnitName ?? '—'}</dd>
        <dt>{kt(lang, 'reply')}</dt>
        <dd>{opinion.reply ? `${opinion.reply}(${opinion.repliedBy ?? ''} ${opinion.repliedOn ?? ''})` : kt(lang, 'unreplied')}</dd>
      </dl>
      {opinion.items.length > 0 ? (
        <section>
          <h2>{kt(lang, 'answeredBy')}</h2>
          <ul>
            {opinion.items.map((i) => (
              <li>
                <a href={`${base}/items/${i.id}`}>{i.title}</a> · {statusNames[i.status][lang]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.mayConvert && !opinion.mergedInto ? (
        <p>
          <a href={`${base}/items/new?opinion=${opinion.id}`} class="to-item">
            {kt(lang, 'toItem')}
          </a>
        </p>
      ) : null}
      {organiser && !opinion.mergedInto ? (
        <form method="post" action={`${base}/opinions/${opinion.id}/classify`} class="inline">
          <CsrfField token={req.csrfToken} />
          <Field name="areaId" label={kt(lang, 'area')} state={state}>
            <select name="areaId">
              <option value="">{kt(lang, 'unclassified')}</option>
              {props.areas.map((a) => (
                <option value={a.id} selected={opinion.areaId === a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
          <Field name="assignedUnitId" label={kt(lang, 'assigned')} state={state}>
            <select name="assignedUnitId">
              <option value="">—</option>
              {props.units.map((u) => (
                <option value={u.id} selected={opinion.assignedUnitId === u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{kt(lang, 'save')}</button>
        </form>
      ) : null}
      {props.mayReply && !opinion.mergedInto ? (
        <form method="post" action={`${base}/opinions/${opinion.id}/reply`} class="opinion-form" novalidate>
          <CsrfField token={req.csrfToken} />
          <Field name="reply" label={kt(lang, 'reply')} state={state}>
            <textarea name="reply" rows={3} maxlength={2000} required {...invalid(state, 'reply')}>
              {props.values?.reply ?? opinion.reply ?? ''}
            </textarea>
          </Field>
          <button type="submit">{kt(lang, 'save')}</button>
        </form>
      ) : null}
      {opinion.originals.length > 0 ? (
        <section>
          <h2>{kt(lang, 'originals')}</h2>
          <ol>
            {opinion.originals.map((o) => (
              <li>
                <a href={`${base}/opinions/${o.id}`}>{o.body}</a> <span class="muted small">· <ChannelName lang={lang} channel={o.channel} /> · {o.unitName ?? ''} {o.receivedOn ?? ''}</span>
              </li>
            ))}
          </ol>
          {organiser ? (
            <form method="post" action={`${base}/opinions/${opinion.id}/unmerge`} class="inline">
              <CsrfField token={req.csrfToken} />
              <button type="submit">{kt(lang, 'unmerge')}</button>
            </form>
          ) : null}
        </section>
      ) : null}
    </ConsoleLayout>
  )
}

/** `/console/c/:campaign/areas`: rename, add or remove areas; the preset when there are none. */
export function AreasPage(props: { req: ConsoleRequest; campaign: Campaign; areas: (Named & { opinions: string })[]; state?: FormState; notice?: string }) {
  const { req, state } = props
  const lang = req.lang
  const base = `/console/c/${props.campaign.id}`
  return (
    <ConsoleLayout req={req} title={kt(lang, 'areas')} active="opinions">
      <h1>{kt(lang, 'areas')}</h1>
      {props.notice ? (
        <p class="ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <FormError state={state} />
      {props.areas.length === 0 ? (
        <form method="post" action={`${base}/areas/preset`} class="inline">
          <CsrfField token={req.csrfToken} />
          <button type="submit">{kt(lang, 'usePreset')}</button>
        </form>
      ) : null}
      <p class="muted">{kt(lang, 'areasHelp')}</p>
      <form method="post" action={`${base}/areas`} class="opinion-form">
        <CsrfField token={req.csrfToken} />
        {props.areas.map((a, i) => (
          <Field name={`areas.${i}.name`} label={`${i + 1}. (${a.opinions})`} state={state}>
            <input name={`area:${a.id}`} value={a.name} maxlength={50} />
          </Field>
        ))}
        <Field name="new" label={`+ ${kt(lang, 'areas')}`} state={state}>
          <textarea name="new" rows={3} />
        </Field>
        <button type="submit" class="primary">
          {kt(lang, 'save')}
        </button>
      </form>
    </ConsoleLayout>
  )
}
