import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import type { PaperBatchStatus } from '../db/schema'
import { colon, errorMessages, type ErrorCode } from '../i18n'
import type { StaffChannel } from '../opinions/channels'
import type { RoundContext } from '../rounds/store'
import { kt } from '../tracking/console-text'
import type { Mismatch } from './reconcile'

/** A mismatch as shown: its values are null for a clerk who may not see them yet. */
type MismatchView = Omit<Mismatch, 'first' | 'second'> & { first: string | null; second: string | null }
import type { BatchView, SittingView } from './store'
import { ct } from '../console/text'
import { pt } from './text'

/** Where a round's paper pages live. */
export const paperBase = (roundId: string) => `/console/rounds/${roundId}/paper`

/** The outcome message of a form post, carried back by the redirect (`?error=` or `?ok=`). */
export function Flash(props: { req: ConsoleRequest; error?: string; ok?: string }) {
  const { lang } = props.req
  if (props.error && props.error in errorMessages) return <p class="alert" role="alert">{errorMessages[props.error as ErrorCode][lang]}</p>
  if (props.ok) return <p class="ok" role="status">{props.ok}</p>
  return null
}

/**
 * Where the opinions written on the paper ballots go (the form has an opinion box): they are not
 * keyed with the slips. Organisers get the new-opinion form with the channel preset (书面填表; a
 * staff opinion has no round: the opinion table keeps round_id for imported ballot opinions only);
 * clerks cannot open the opinions console, so they are told to hand the slips to the office.
 */
function PaperOpinions(props: { req: ConsoleRequest; ctx: RoundContext }) {
  const { req, ctx } = props
  if (!ctx.form.opinionBox) return null
  const place = kt(req.lang, 'opinions')
  if (req.user.role !== 'organiser') return <p class="notice">{pt(req.lang, 'opinionsHandIn', { place })}</p>
  const channel: StaffChannel = 'written_form'
  return (
    <p class="notice">
      {pt(req.lang, 'opinionsEnter', { place })} <a href={`/console/c/${ctx.campaign.id}/opinions/new?channel=${channel}`}>{pt(req.lang, 'opinionsLink')}</a>
    </p>
  )
}

/** `/console/paper`: the rounds the user may key paper ballots for. */
export function PaperRoundsPage(props: { req: ConsoleRequest; rounds: { id: string; name: string; campaign: string }[] }) {
  const { lang } = props.req
  return (
    <ConsoleLayout req={props.req} title={pt(lang, 'paper')} active="paper">
      <h1>{pt(lang, 'paper')}</h1>
      {props.rounds.length === 0 ? (
        <>
          <p class="muted">{pt(lang, 'noRounds')}</p>
          <p class="muted small">{pt(lang, 'noRoundsHow')}</p>
        </>
      ) : null}
      <ul class="cards">
        {props.rounds.map((r) => (
          <li>
            <a href={paperBase(r.id)}>
              {r.name}
              <span class="muted small"> · {r.campaign}</span>
            </a>
          </li>
        ))}
      </ul>
    </ConsoleLayout>
  )
}

function statusLabel(lang: ConsoleRequest['lang'], status: PaperBatchStatus) {
  return pt(lang, status === 'entering' ? 'entering' : status === 'committed' ? 'committed' : status === 'held' ? 'heldStatus' : 'rejectedStatus')
}

function Passes(props: { req: ConsoleRequest; batch: BatchView }) {
  const { lang } = props.req
  return (
    <>
      {props.batch.passes.map((p) => (
        <span class="pass">
          {pt(lang, 'pass', { n: p.pass })}
          {colon(lang)}
          {p.userName ?? '—'}
          {/* Once counted, the keyed slips are deleted: their number would read 0. */}
          {props.batch.status === 'entering' ? ` · ${p.sheets} ${pt(lang, 'sheets')} · ${pt(lang, p.done ? 'done' : 'inProgress')}` : ''}
        </span>
      ))}
    </>
  )
}

/** A sitting's register and batches, with the forms that change them. */
function SittingSection(props: { req: ConsoleRequest; roundId: string; sitting: SittingView }) {
  const { req, roundId, sitting: s } = props
  const { lang } = req
  const base = paperBase(roundId)
  const locked = s.decision !== null || s.batches.some((b) => b.status !== 'entering')
  return (
    <section class="sitting" id={`s-${s.id}`}>
      <h2>
        {s.name} <span class="muted small">· {pt(lang, s.channel === 'meeting' ? 'meeting' : 'paperChannel')}</span>
      </h2>
      {s.void ? <p class={s.decision ? 'notice' : 'alert'}>{pt(lang, 'voidSitting')} {s.decision ? pt(lang, s.decision) : ''}</p> : null}
      <table class="register">
        <thead>
          <tr>
            {(['handedOut', 'returned', 'valid', 'invalid', 'blank', 'held', 'returnRate'] as const).map((k) => (
              <th>{pt(lang, k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{s.handedOut ?? '—'}</td>
            <td>{s.returned ?? '—'}</td>
            <td>{s.valid}</td>
            <td>{s.invalid}</td>
            <td>{s.blank}</td>
            <td>{s.held}</td>
            <td>{s.returnRate === null ? '—' : `${(s.returnRate * 100).toFixed(2)}%`}</td>
          </tr>
        </tbody>
      </table>
      {locked ? null : (
        <form method="post" action={`${base}/sittings/${s.id}/register`} class="inline">
          <CsrfField token={req.csrfToken} />
          <label>
            {pt(lang, 'handedOut')} <input name="handedOut" type="number" min="0" value={s.handedOut ?? ''} required />
          </label>
          <label>
            {pt(lang, 'returned')} <input name="returned" type="number" min="0" value={s.returned ?? ''} required />
          </label>
          <button type="submit">{pt(lang, 'saveRegister')}</button>
        </form>
      )}
      {s.void && s.decision === null && req.user.role === 'organiser' ? (
        <form method="post" action={`${base}/sittings/${s.id}/decision`} class="inline">
          <CsrfField token={req.csrfToken} />
          <button type="submit" name="decision" value="accept" data-confirm={ct(lang, 'confirmAccept')}>
            {pt(lang, 'accept')}
          </button>
          <button type="submit" name="decision" value="reject" data-confirm={ct(lang, 'confirmReject')}>
            {pt(lang, 'reject')}
          </button>
        </form>
      ) : null}
      <h3>{pt(lang, 'batches')}</h3>
      <table class="batches">
        <thead>
          <tr>
            <th>{pt(lang, 'batch')}</th>
            <th>{pt(lang, 'status')}</th>
            <th>{pt(lang, 'keyings')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {s.batches.map((b) => (
            <tr>
              <td>{b.name}</td>
              <td>
                {statusLabel(lang, b.status)}
                {b.status === 'entering' ? '' : ` · ${b.sheets} ${pt(lang, 'sheets')}`}
              </td>
              <td>
                <Passes req={req} batch={b} />
              </td>
              <td>
                {b.status === 'entering' ? <a href={`${base}/batches/${b.id}/enter`}>{pt(lang, 'enter')}</a> : null} <a href={`${base}/batches/${b.id}`}>{pt(lang, 'check')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.decision === 'rejected' ? null : (
        <form method="post" action={`${base}/sittings/${s.id}/batches`} class="inline">
          <CsrfField token={req.csrfToken} />
          <label>
            {pt(lang, 'batchName')} <input name="name" maxlength={200} required placeholder={pt(lang, 'batchPlaceholder', { n: s.batches.length + 1 })} />
          </label>
          <button type="submit">{pt(lang, 'newBatch')}</button>
        </form>
      )}
    </section>
  )
}

/** `/console/rounds/:round/paper`: the round's sittings with their registers and batches. */
export function RoundPaperPage(props: { req: ConsoleRequest; ctx: RoundContext; sittings: SittingView[]; error?: string; ok?: string }) {
  const { req, ctx } = props
  const { lang } = req
  const base = paperBase(ctx.round.id)
  const channels = (['meeting', 'paper'] as const).filter((c) => ctx.round.channels.includes(c))
  return (
    <ConsoleLayout req={req} title={`${ctx.round.name} · ${pt(lang, 'paper')}`} active="paper">
      <h1>
        {ctx.round.name} · {pt(lang, 'sittings')}
      </h1>
      <p>
        <a href={`${base}/ballot`} target="_blank">
          {pt(lang, 'printBallot')}
        </a>
      </p>
      <PaperOpinions req={req} ctx={ctx} />
      <Flash req={req} error={props.error} ok={props.ok} />
      {props.sittings.map((s) => (
        <SittingSection req={req} roundId={ctx.round.id} sitting={s} />
      ))}
      {channels.length > 0 ? (
        <form method="post" action={`${base}/sittings`} class="inline">
          <CsrfField token={req.csrfToken} />
          <label>
            {pt(lang, 'sittingName')} <input name="name" maxlength={200} required />
          </label>
          <select name="channel" aria-label={pt(lang, 'channel')}>
            {channels.map((c) => (
              <option value={c}>{pt(lang, c === 'meeting' ? 'meeting' : 'paperChannel')}</option>
            ))}
          </select>
          <button type="submit">{pt(lang, 'newSitting')}</button>
        </form>
      ) : null}
    </ConsoleLayout>
  )
}

/** Labels for one field value of a slip, as people read them. */
function valueLabel(lang: ConsoleRequest['lang'], ctx: RoundContext, m: MismatchView, value: string | null): string {
  if (value === null) return '—'
  if (m.field === 'present') return value === '1' ? pt(lang, 'yes') : pt(lang, 'missing')
  if (m.field === 'spoiled') return pt(lang, value === '1' ? 'yes' : 'no')
  if (m.field === 'category') return ctx.categories.find((k) => k.id === value)?.name ?? value
  if (value === '') return pt(lang, 'blankCell')
  return ctx.levels.find((l) => String(l.id) === value)?.label ?? value
}

/** The values an organiser may choose for a mismatched field. */
function choices(ctx: RoundContext, m: MismatchView): string[] {
  if (m.field === 'present' || m.field === 'spoiled') return ['1', '']
  if (m.field === 'category') return ctx.categories.map((k) => k.id)
  return [...ctx.levels.map((l) => String(l.id)), '']
}

/** `/console/rounds/:round/paper/batches/:batch`: keyings, mismatches side by side, resolutions, commit. */
export function BatchPage(props: {
  req: ConsoleRequest
  ctx: RoundContext
  sitting: { id: string; name: string }
  batch: BatchView
  mismatches: MismatchView[] | null
  reconciled: boolean
  error?: string
  ok?: string
}) {
  const { req, ctx, batch, mismatches } = props
  const { lang } = req
  const base = `${paperBase(ctx.round.id)}/batches/${batch.id}`
  const organiser = req.user.role === 'organiser'
  const fieldUnit = (m: MismatchView) => (m.unitId ? (ctx.units.find((u) => u.id === m.unitId)?.name ?? m.unitId) : '—')
  const fieldDim = (m: MismatchView) =>
    m.dimensionId !== null ? (ctx.dimensions.find((d) => d.id === m.dimensionId)?.label ?? String(m.dimensionId)) : pt(lang, m.field === 'category' ? 'category' : m.field === 'spoiled' ? 'spoiled' : 'present')
  const editable = organiser && batch.status === 'entering'
  return (
    <ConsoleLayout req={req} title={`${batch.name} · ${pt(lang, 'check')}`} active="paper">
      <p>
        <a href={`${paperBase(ctx.round.id)}#s-${props.sitting.id}`}>← {pt(lang, 'back')}</a>
      </p>
      <h1>
        {props.sitting.name} · {batch.name}
      </h1>
      <Flash req={req} error={props.error} ok={props.ok} />
      <p>
        {pt(lang, 'status')}
        {colon(lang)}
        {batch.status !== 'entering'
          ? statusLabel(lang, batch.status)
          : mismatches === null
            ? pt(lang, 'entering')
            : props.reconciled
              ? pt(lang, 'readyToCommit')
              : pt(lang, 'toSettle', { n: mismatches.filter((m) => m.resolved === null).length })}
        {batch.status === 'entering' ? '' : ` · ${batch.sheets} ${pt(lang, 'sheets')} (${pt(lang, 'valid')} ${batch.valid} · ${pt(lang, 'invalid')} ${batch.invalid} · ${pt(lang, 'blank')} ${batch.blank})`}
      </p>
      <p class="passes">
        <Passes req={req} batch={batch} />
      </p>
      <PaperOpinions req={req} ctx={ctx} />
      {batch.status === 'entering' ? <h2>{pt(lang, 'mismatches')}</h2> : null}
      {batch.status !== 'entering' ? null : mismatches === null ? (
        <p class="muted">{pt(lang, 'waiting')}</p>
      ) : mismatches.length === 0 ? (
        <p class="ok">{pt(lang, 'noMismatch')}</p>
      ) : (
        <form method="post" action={`${base}/resolutions`}>
          <CsrfField token={req.csrfToken} />
          <table class="mismatches">
            <thead>
              <tr>
                <th>{pt(lang, 'sheetNo')}</th>
                <th>{pt(lang, 'unit')}</th>
                <th>{pt(lang, 'dimension')}</th>
                <th>{pt(lang, 'first')}</th>
                <th>{pt(lang, 'second')}</th>
                <th>{pt(lang, 'third')}</th>
                <th>{pt(lang, 'resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {mismatches.map((m) => (
                <tr class={m.resolved === null ? 'open' : 'settled'}>
                  <td>{m.sheet}</td>
                  <td>{fieldUnit(m)}</td>
                  <td>{fieldDim(m)}</td>
                  <td>{valueLabel(lang, ctx, m, m.first)}</td>
                  <td>{valueLabel(lang, ctx, m, m.second)}</td>
                  <td>{valueLabel(lang, ctx, m, m.third)}</td>
                  <td>
                    {editable ? (
                      <select name={`r.${m.sheet}.${m.field}`} aria-label={`${pt(lang, 'sheetNo')} ${m.sheet} ${fieldUnit(m)} ${fieldDim(m)}`}>
                        <option value="-">—</option>
                        {choices(ctx, m).map((v) => (
                          <option value={v} selected={m.resolved === v}>
                            {valueLabel(lang, ctx, m, v)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      valueLabel(lang, ctx, m, m.resolved)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {editable ? <button type="submit">{pt(lang, 'resolve')}</button> : null}
        </form>
      )}
      {batch.status === 'entering' && props.reconciled ? (
        <form method="post" action={`${base}/commit`} class="inline">
          <CsrfField token={req.csrfToken} />
          <button type="submit" data-confirm={ct(lang, 'confirmCommit')}>
            {pt(lang, 'commit')}
          </button>
        </form>
      ) : null}
    </ConsoleLayout>
  )
}
