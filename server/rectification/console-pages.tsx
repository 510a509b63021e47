import { Select } from '../console/form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import { RecheckLine } from '../board/page'
import type { RecheckResult } from '../recheck/store'
import { kt } from '../tracking/console-text'
import { Field, FormError, type FormState, invalid } from '../console/form-kit'
import { classNames, statusNames, tt } from '../tracking/text'
import { excerpt } from './excerpt'
import { type LinkedOpinion, LinkSection, type Picker } from './link-section'
import { CLASSES, ORGANISER_FIELDS, STATUSES } from './schemas'
import type { countsByUnit, ItemView } from './store'
import { rx } from './text'

type Campaign = { id: string; name: string; slug: string | null }
type Unit = { id: string; name: string }

function StatusBadges(props: { lang: ConsoleRequest['lang']; item: ItemView }) {
  const { lang, item } = props
  return (
    <span class="badges">
      <span class={`badge s-${item.status}`}>{statusNames[item.status][lang]}</span>
      {item.overdue ? <span class="badge late">{tt(lang, 'overdueDays', item.daysOverdue)}</span> : null}
      {item.doneLate ? <span class="badge late">{rx(lang, 'doneLate', item.daysLate)}</span> : null}
      {item.stalled ? <span class="badge stalled">{tt(lang, 'stalled')}</span> : null}
    </span>
  )
}

/** `/console/c/:campaign/items`: the items a user may see, filters, and (organisers, leaders) counts per unit. */
export function ItemsPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  items: ItemView[]
  units: Unit[]
  perUnit: ReturnType<typeof countsByUnit>
  filter: { unit?: string; status?: string; overdue?: string; stalled?: string; stalledDays: number }
  today: string
  state?: FormState
  notice?: string
}) {
  const { req, campaign, filter } = props
  const lang = req.lang
  const role = req.user.role
  const base = `/console/c/${campaign.id}`
  return (
    <ConsoleLayout req={req} title={kt(lang, 'tracking')} active="tracking">
      <h1>
        {kt(lang, 'tracking')} · {campaign.name}
      </h1>
      <p class="muted">
        {tt(lang, 'today')} {props.today} ·{' '}
        <a href={`/board/${campaign.slug ?? campaign.id}`}>{kt(lang, 'boardLink')}</a>
        {role !== 'leader' ? (
          <>
            {' · '}
            <a href={`${base}/items/new`}>{kt(lang, 'newItem')}</a>
          </>
        ) : null}
        {' · '}
        <a href={`${base}/opinions`}>{kt(lang, 'opinions')}</a>
        {role === 'organiser' ? (
          <>
            {' · '}
            <a href={`${base}/recheck`}>{kt(lang, 'recheckResults')}</a>
          </>
        ) : null}
      </p>
      {props.notice ? <p class="ok">{props.notice}</p> : null}
      {role !== 'liaison' ? (
        <section>
          <h2>{kt(lang, 'perUnit')}</h2>
          <table class="per-unit">
            <thead>
              <tr>
                <th>{tt(lang, 'unit')}</th>
                <th>{kt(lang, 'total')}</th>
                <th>{tt(lang, 'done')}</th>
                <th>{tt(lang, 'overdue')}</th>
                <th>{tt(lang, 'stalled')}</th>
              </tr>
            </thead>
            <tbody>
              {props.perUnit.map((u) => (
                <tr>
                  <td>
                    <a href={`${base}/items?unit=${u.unitId}`}>{u.unitName}</a>
                  </td>
                  <td>{u.items}</td>
                  <td>
                    {u.done}
                    {u.doneLate ? <span class="alert small done-late">{rx(lang, 'doneLateCount', u.doneLate)}</span> : null}
                  </td>
                  <td class={u.overdue ? 'alert' : undefined}>{u.overdue}</td>
                  <td class={u.stalled ? 'alert' : undefined}>{u.stalled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <form method="get" action={`${base}/items`} class="inline filters item-filters">
        <label class="filter">
          <span>{tt(lang, 'unit')}</span>
          <Select name="unit" label={tt(lang, 'unit')} value={filter.unit} blank={kt(lang, 'all')} options={props.units.map((u) => ({ value: u.id, label: u.name }))} />
        </label>
        <label class="filter">
          <span>{tt(lang, 'status')}</span>
          <Select name="status" label={tt(lang, 'status')} value={filter.status} blank={kt(lang, 'all')} options={STATUSES.map((s) => ({ value: s, label: statusNames[s][lang] }))} />
        </label>
        <label>
          <input type="checkbox" name="overdue" value="1" checked={filter.overdue === '1'} /> {kt(lang, 'onlyOverdue')}
        </label>
        <label>
          <input type="checkbox" name="stalled" value="1" checked={filter.stalled === '1'} /> {kt(lang, 'onlyStalled')}
        </label>
        <label>
          {kt(lang, 'stalledDays')} <input type="number" name="stalledDays" min={1} max={365} value={String(filter.stalledDays)} class="short" />
        </label>
        <button type="submit">{kt(lang, 'filter')}</button>
      </form>
      {props.items.length === 0 ? <p class="muted">{kt(lang, 'noItems')}</p> : null}
      <table class="items">
        <thead>
          <tr>
            <th>{kt(lang, 'title')}</th>
            <th>{tt(lang, 'unit')}</th>
            <th>{tt(lang, 'deadline')}</th>
            <th>{tt(lang, 'status')}</th>
            <th>{tt(lang, 'progress')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr data-item={item.id}>
              <td class="item-title">
                <a href={`${base}/items/${item.id}`}>{item.title}</a>
                {item.public ? <span class="badge">{kt(lang, 'publicShort')}</span> : null}
              </td>
              <td data-label={tt(lang, 'unit')}>{item.unitName}</td>
              <td data-label={tt(lang, 'deadline')} class="date">{item.deadline}</td>
              <td data-label={tt(lang, 'status')}>
                <StatusBadges lang={lang} item={item} />
                {item.doneOn ? <span class="muted small done-on">{`${rx(lang, 'doneOn')} ${item.doneOn}`}</span> : null}
              </td>
              <td data-label={tt(lang, 'progress')} class="progress-cell">
                {item.latest ? (
                  <>
                    <span>{rx(lang, 'reports', item.updates, item.latest.onDate)}</span>
                    <span class="muted small excerpt" title={item.latest.body}>
                      {excerpt(item.latest.body, 40)}
                    </span>
                  </>
                ) : (
                  <span class="muted">{rx(lang, 'noReports')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {role === 'organiser' ? (
        <form method="post" action={`${base}/board`} class="inline">
          <CsrfField token={req.csrfToken} />
          <Field name="slug" label={kt(lang, 'boardSlug')} state={props.state}>
            <input name="slug" value={campaign.slug ?? ''} pattern="[a-z0-9][a-z0-9\-]{1,62}" {...invalid(props.state, 'slug')} />
          </Field>
          <button type="submit">{kt(lang, 'save')}</button>
        </form>
      ) : null}
    </ConsoleLayout>
  )
}

/** Values of the item form, as posted (strings). */
export type ItemFormValues = Partial<Record<'unitId' | 'title' | 'target' | 'deadline' | 'measures' | 'owner' | 'commitment' | 'class' | 'status' | 'public', string>>

/**
 * `/console/c/:campaign/items/new` and `/…/:item/edit`: 四明确一承诺, errors next to the fields.
 * A liaison's edit shows what the office sets (`ORGANISER_FIELDS`) greyed out: disabled fields are
 * not posted. A new item made from opinions (转为整改事项) carries them as hidden fields.
 */
export function ItemFormPage(props: { req: ConsoleRequest; campaign: Campaign; units: Unit[]; values: ItemFormValues; itemId?: string; opinions?: { id: string; body: string }[]; state?: FormState }) {
  const { req, campaign, values, state } = props
  const lang = req.lang
  const title = props.itemId ? kt(lang, 'editItem') : kt(lang, 'newItem')
  const action = props.itemId ? `/console/c/${campaign.id}/items/${props.itemId}/edit` : `/console/c/${campaign.id}/items/new`
  const locked = (name: keyof ItemFormValues) => Boolean(props.itemId) && req.user.role !== 'organiser' && (ORGANISER_FIELDS as readonly string[]).includes(name)
  const text = (name: keyof ItemFormValues, label: string, max: number, required = false) => (
    <Field name={name} label={label} state={state}>
      <input name={name} value={values[name] ?? ''} maxlength={max} required={required} disabled={locked(name)} {...invalid(state, name)} />
    </Field>
  )
  const area = (name: keyof ItemFormValues, label: string, max: number) => (
    <Field name={name} label={label} state={state}>
      <textarea name={name} rows={3} maxlength={max} disabled={locked(name)} {...invalid(state, name)}>
        {values[name] ?? ''}
      </textarea>
    </Field>
  )
  const opinions = props.opinions ?? []
  return (
    <ConsoleLayout req={req} title={title} active="tracking">
      <h1>{title}</h1>
      <FormError state={state} />
      {locked('deadline') ? <p class="muted">{kt(lang, 'officeSets')}</p> : null}
      <form method="post" action={action} class="item-form" novalidate>
        <CsrfField token={req.csrfToken} />
        {opinions.length > 0 ? (
          <section class="from-opinions">
            <h2>{kt(lang, 'fromOpinions')}</h2>
            <ul>
              {opinions.map((o) => (
                <li>
                  <input type="hidden" name="opinionIds" value={o.id} />
                  {o.body}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {text('title', kt(lang, 'title'), 200, true)}
        <Field name="unitId" label={tt(lang, 'unit')} state={state}>
          <select name="unitId" required disabled={locked('unitId')} {...invalid(state, 'unitId')}>
            <option value="">—</option>
            {props.units.map((u) => (
              <option value={u.id} selected={values.unitId === u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        {text('owner', tt(lang, 'owner'), 100, true)}
        {area('target', tt(lang, 'target'), 2000)}
        <Field name="deadline" label={tt(lang, 'deadline')} state={state}>
          <input type="date" name="deadline" value={values.deadline ?? ''} required disabled={locked('deadline')} {...invalid(state, 'deadline')} />
        </Field>
        {area('measures', tt(lang, 'measures'), 4000)}
        {area('commitment', tt(lang, 'commitment'), 2000)}
        <Field name="class" label={tt(lang, 'class')} state={state}>
          <select name="class" required disabled={locked('class')} {...invalid(state, 'class')}>
            <option value="">—</option>
            {CLASSES.map((k) => (
              <option value={k} selected={values.class === k}>
                {classNames[k][lang]}
              </option>
            ))}
          </select>
        </Field>
        {props.itemId ? (
          <Field name="status" label={tt(lang, 'status')} state={state}>
            <select name="status">
              {STATUSES.map((s) => (
                <option value={s} selected={values.status === s}>
                  {statusNames[s][lang]}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {req.user.role === 'organiser' ? (
          <label class="check">
            <input type="checkbox" name="public" value="on" checked={values.public === 'on'} /> {kt(lang, 'public')}
          </label>
        ) : null}
        <button type="submit" class="primary">
          {kt(lang, 'save')}
        </button>
      </form>
    </ConsoleLayout>
  )
}

/** `/console/c/:campaign/items/:item`: the item, its progress (with the report form), the opinions it answers (with the picker) and re-check results. */
export function ItemPage(props: {
  req: ConsoleRequest
  campaign: Campaign
  item: ItemView & { progress: { onDate: string; body: string; author: string }[]; linkedOpinions: LinkedOpinion[]; recheck: RecheckResult[] }
  mayAct: boolean
  /** The caller's units (a liaison's subtree), null for the whole campaign: who may unlink what. */
  scope: string[] | null
  /** The opinion picker, for those who may act on the item. */
  picker?: Picker
  values?: { onDate?: string; body?: string; status?: string }
  state?: FormState
  linkState?: FormState
  notice?: string
  today: string
}) {
  const { req, campaign, item, state } = props
  const lang = req.lang
  const base = `/console/c/${campaign.id}`
  return (
    <ConsoleLayout req={req} title={item.title} active="tracking">
      <p>
        <a href={`${base}/items`}>← {kt(lang, 'tracking')}</a>
      </p>
      <h1>{item.title}</h1>
      <StatusBadges lang={lang} item={item} />
      {props.notice ? (
        <p class="ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{tt(lang, 'unit')}</dt>
        <dd>{item.unitName}</dd>
        <dt>{tt(lang, 'owner')}</dt>
        <dd>{item.owner}</dd>
        <dt>{tt(lang, 'deadline')}</dt>
        <dd>{item.deadline}</dd>
        {item.doneOn ? (
          <>
            <dt>{rx(lang, 'doneOn')}</dt>
            <dd>{item.doneOn}</dd>
          </>
        ) : null}
        <dt>{tt(lang, 'class')}</dt>
        <dd>{classNames[item.class][lang]}</dd>
        <dt>{tt(lang, 'target')}</dt>
        <dd>{item.target || '—'}</dd>
        <dt>{tt(lang, 'measures')}</dt>
        <dd>{item.measures || '—'}</dd>
        <dt>{tt(lang, 'commitment')}</dt>
        <dd>{item.commitment || '—'}</dd>
        <dt>{kt(lang, 'publicShort')}</dt>
        <dd>{item.public ? '✓' : '—'}</dd>
      </dl>
      {props.mayAct ? (
        <p>
          <a href={`${base}/items/${item.id}/edit`}>{kt(lang, 'edit')}</a>
        </p>
      ) : null}
      <h2>{tt(lang, 'progress')}</h2>
      {item.progress.length === 0 ? <p class="muted">{tt(lang, 'noProgress')}</p> : null}
      <ol class="progress">
        {item.progress.map((u) => (
          <li>
            <time>{u.onDate}</time> {u.body} <span class="muted small">— {u.author}</span>
          </li>
        ))}
      </ol>
      {props.mayAct ? (
        <form method="post" action={`${base}/items/${item.id}/updates`} class="narrow progress-form" novalidate>
          <h3>{kt(lang, 'addProgress')}</h3>
          <FormError state={state} />
          <CsrfField token={req.csrfToken} />
          <Field name="onDate" label={kt(lang, 'onDate')} state={state}>
            <input type="date" name="onDate" value={props.values?.onDate ?? props.today} max={props.today} required {...invalid(state, 'onDate')} />
          </Field>
          <Field name="body" label={kt(lang, 'progressText')} state={state}>
            <textarea name="body" rows={3} maxlength={2000} required {...invalid(state, 'body')}>
              {props.values?.body ?? ''}
            </textarea>
          </Field>
          <Field name="status" label={kt(lang, 'newStatus')} state={state}>
            <select name="status">
              <option value="">{kt(lang, 'keepStatus')}</option>
              {STATUSES.map((s) => (
                <option value={s} selected={props.values?.status === s}>
                  {statusNames[s][lang]}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="primary">
            {kt(lang, 'addProgress')}
          </button>
        </form>
      ) : null}
      <LinkSection req={req} base={base} itemId={item.id} linked={item.linkedOpinions} scope={props.scope} picker={props.picker} state={props.linkState} />
      {item.recheck.length > 0 ? (
        <section>
          <h2>{kt(lang, 'recheckResults')}</h2>
          {item.recheck.map((r) => (
            <RecheckLine lang={lang} result={r} />
          ))}
        </section>
      ) : null}
    </ConsoleLayout>
  )
}
