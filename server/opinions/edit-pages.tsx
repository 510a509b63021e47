import { Field, FormError, type FormState, invalid } from '../console/form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import type { OpinionSource } from '../db/schema'
import { type Lang, listJoin } from '../i18n'
import { kt } from '../tracking/console-text'
import { channelNames, STAFF_CHANNELS } from './channels'
import { ot } from './text'

type Campaign = { id: string; name: string }
type Named = { id: string; name: string }

/** The attributes of a required control. */
const required = { required: true, 'aria-required': 'true' } as const

/**
 * `/console/c/:campaign/opinions/new` and `…/:opinion/edit`: an opinion from one of the eight
 * channels, with date, unit concerned and area. Editing a merged opinion offers its wording and area
 * only (the rest comes from its originals).
 */
export function OpinionFormPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  areas: Named[]
  units: Named[]
  values: Record<string, string>
  state?: FormState
  today: string
  /** The opinion edited; a new one when absent. */
  editing?: { id: string; source: OpinionSource }
}) {
  const { req, values, state, editing } = props
  const lang = req.lang
  const base = `/console/c/${props.campaign.id}/opinions`
  const title = editing ? ot(lang, 'editOpinion') : kt(lang, 'newOpinion')
  const wordingOnly = editing?.source === 'merged'
  return (
    <ConsoleLayout req={req} title={title} active="opinions">
      {editing ? (
        <p>
          <a href={`${base}/${editing.id}`}>← {kt(lang, 'opinions')}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <FormError state={state} labels={{ body: kt(lang, 'body'), channel: kt(lang, 'channel'), receivedOn: kt(lang, 'received'), unitId: kt(lang, 'unit'), areaId: kt(lang, 'area') }} />
      <p class="muted small">{wordingOnly ? ot(lang, 'mergedHelp') : ot(lang, 'requiredHelp')}</p>
      <form method="post" action={editing ? `${base}/${editing.id}/edit` : `${base}/new`} class="opinion-form" novalidate>
        <CsrfField token={req.csrfToken} />
        <Field state={state} name="body" label={kt(lang, 'body')} mark={ot(lang, 'required')}>
          <textarea name="body" rows={4} maxlength={2000} {...required} {...invalid(state, 'body')}>
            {values.body ?? ''}
          </textarea>
        </Field>
        {wordingOnly ? null : (
          <>
            <Field state={state} name="channel" label={kt(lang, 'channel')} mark={ot(lang, 'required')}>
              <select name="channel" {...required} {...invalid(state, 'channel')}>
                <option value="">—</option>
                {STAFF_CHANNELS.map((ch) => (
                  <option value={ch} selected={values.channel === ch}>
                    {channelNames[ch][lang]}
                  </option>
                ))}
              </select>
            </Field>
            <Field state={state} name="receivedOn" label={kt(lang, 'received')} mark={ot(lang, 'required')}>
              <input type="date" name="receivedOn" value={values.receivedOn ?? props.today} {...required} {...invalid(state, 'receivedOn')} />
            </Field>
            <Field state={state} name="unitId" label={kt(lang, 'unit')} mark={ot(lang, 'required')}>
              <select name="unitId" {...required} {...invalid(state, 'unitId')}>
                <option value="">—</option>
                {props.units.map((u) => (
                  <option value={u.id} selected={values.unitId === u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
        <Field state={state} name="areaId" label={kt(lang, 'area')}>
          <select name="areaId" {...invalid(state, 'areaId')}>
            <option value="">{kt(lang, 'unclassified')}</option>
            {props.areas.map((a) => (
              <option value={a.id} selected={values.areaId === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          {kt(lang, 'save')}
        </button>
      </form>
    </ConsoleLayout>
  )
}

/**
 * `/console/c/:campaign/opinions/:opinion/delete`: the confirmation step (it works without
 * JavaScript), or why this opinion cannot be deleted.
 */
export function DeleteOpinionPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  opinion: { id: string; body: string; channels: string[]; unitName: string | null; receivedOn: string | null; mergedCount: number }
  /** Why deletion is refused, in the user's language; the confirm button shows only without it. */
  refusal?: string
}) {
  const { req, opinion } = props
  const lang = req.lang
  const back = `/console/c/${props.campaign.id}/opinions/${opinion.id}`
  return (
    <ConsoleLayout req={req} title={ot(lang, 'deleteOpinion')} active="opinions">
      <p>
        <a href={back}>← {kt(lang, 'opinions')}</a>
      </p>
      <h1>{props.refusal ? ot(lang, 'cannotDelete') : ot(lang, 'deleteOpinion')}</h1>
      <blockquote class="opinion-body">{opinion.body}</blockquote>
      <p class="muted">
        {[listJoin(lang, opinion.channels) || '—', opinion.unitName ?? '—', opinion.receivedOn ?? '—'].join(' · ')} · {kt(lang, 'count')} {opinion.mergedCount}
      </p>
      {props.refusal ? (
        <p class="alert" role="alert">
          {props.refusal}
        </p>
      ) : (
        <form method="post" action={`${back}/delete`} class="inline">
          <CsrfField token={req.csrfToken} />
          <p>{ot(lang, 'deleteHelp')}</p>
          <button type="submit" class="danger">
            {ot(lang, 'confirmDelete')}
          </button>{' '}
          <a href={back}>{ot(lang, 'cancel')}</a>
        </form>
      )}
    </ConsoleLayout>
  )
}
