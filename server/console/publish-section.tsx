import { type Lang, listJoin } from '../i18n'
import { ct } from './text'
import type { PublicationMeta } from '../publications/store'
import type { RoundView } from '../rounds/setup-store'
import { Field, FieldError, FormError, type FormState } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { shanghaiLocal } from './times'

const text = {
  title: { 'zh-CN': '公布结果', en: 'Publish results' },
  intro: {
    'zh-CN': '公布即把当前结果存为不可更改的快照（附计算公式和 SHA-256 哈希）。组织者总能看到；另选领导、指定单位（含下级）或社会公众。',
    en: 'Publishing freezes the current results as an immutable snapshot (with its formula and a SHA-256 hash). Organisers always see it; add leaders, named units (with their subtrees) or the public.',
  },
  leaders: { 'zh-CN': '领导', en: 'Leaders' },
  public: { 'zh-CN': '社会公众（公开链接）', en: 'The public (public link)' },
  units: { 'zh-CN': '指定单位（可多选）', en: 'Named units (several allowed)' },
  start: { 'zh-CN': '公示开始（北京时间，可空）', en: 'Notice period starts (Beijing time, optional)' },
  end: { 'zh-CN': '公示结束（北京时间，可空）', en: 'Notice period ends (Beijing time, optional)' },
  submit: { 'zh-CN': '公布', en: 'Publish' },
  none: { 'zh-CN': '尚未公布。', en: 'Not published yet.' },
  when: { 'zh-CN': '公布时间', en: 'Published' },
  audience: { 'zh-CN': '对象', en: 'Audience' },
  window: { 'zh-CN': '公示期', en: 'Notice period' },
  hash: { 'zh-CN': '哈希', en: 'Hash' },
  organisers: { 'zh-CN': '组织者', en: 'Organisers' },
  unitsN: { 'zh-CN': '{n} 个单位', en: '{n} units' },
  revoke: { 'zh-CN': '撤销', en: 'Revoke' },
  revoked: { 'zh-CN': '已撤销', en: 'Revoked' },
  open: { 'zh-CN': '公开页面', en: 'Public page' },
  closedOnly: { 'zh-CN': '评议结束后才能公布结果。', en: 'Results can be published once the round is closed.' },
} satisfies Record<string, Record<Lang, string>>

const day = (iso: string | null) => (iso ? shanghaiLocal(iso).replace('T', ' ') : '—')

/** The round page's publication section: what has been published (with revoke) and the form to publish. */
export function PublishSection(props: { req: ConsoleRequest; round: RoundView; publications: PublicationMeta[]; action: string; state?: FormState }) {
  const { req, round, publications, action, state } = props
  const lang = req.lang
  const t = (key: keyof typeof text) => text[key][lang]
  const closed = round.status === 'closed' || round.status === 'published'
  const picked = new Set((state?.values.units ?? '').split(',').filter(Boolean))
  return (
    <section id="publications">
      <h2>{t('title')}</h2>
      {publications.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('when')}</th>
              <th>{t('audience')}</th>
              <th>{t('window')}</th>
              <th>{t('hash')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {publications.map((p) => (
              <tr>
                <td>{day(p.publishedAt)}</td>
                <td>
                  {listJoin(lang, [t('organisers'), p.audience.leaders ? t('leaders') : null, p.audience.units.length ? text.unitsN[lang].replace('{n}', String(p.audience.units.length)) : null, p.audience.public ? t('public') : null].filter((x): x is string => Boolean(x)))}
                </td>
                <td>{p.window.start || p.window.end ? `${day(p.window.start)} – ${day(p.window.end)}` : '—'}</td>
                <td>
                  <code>{p.hash.slice(0, 12)}</code>
                </td>
                <td>
                  {p.revokedAt ? (
                    <span class="muted">{t('revoked')}</span>
                  ) : (
                    <>
                      {p.url ? <a href={p.url}>{t('open')}</a> : null}{' '}
                      <form method="post" action={`${action}/${p.id}/revoke`} class="inline">
                        <CsrfField token={req.csrfToken} />
                        <button type="submit" class="secondary" data-action="revoke" data-confirm={ct(lang, 'confirmRevoke')}>
                          {t('revoke')}
                        </button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {closed ? (
        <form method="post" action={action} class="narrow" id="publish-form">
          <CsrfField token={req.csrfToken} />
          <p class="muted small">{t('intro')}</p>
          <FormError state={state} labels={{ leaders: t('leaders'), public: t('public'), units: t('units'), 'window.start': t('start'), 'window.end': t('end') }} />
          <label class="check">
            <input type="checkbox" name="leaders" value="1" checked={state?.values.leaders === '1'} /> {t('leaders')}
          </label>
          <label class="check">
            <input type="checkbox" name="public" value="1" checked={state?.values.public === '1'} /> {t('public')}
          </label>
          <label class="field">
            <span>{t('units')}</span>
            <select name="units" multiple size={Math.min(8, Math.max(3, round.units.length))}>
              {round.units.map((u) => (
                <option value={u.unitId} selected={picked.has(u.unitId)}>
                  {u.name}
                </option>
              ))}
            </select>
            <FieldError state={state} name="units" />
          </label>
          <Field state={state} name="window.start" label={t('start')} type="datetime-local" />
          <Field state={state} name="window.end" label={t('end')} type="datetime-local" />
          <button type="submit" class="primary" data-confirm={ct(lang, 'confirmPublish')}>
            {t('submit')}
          </button>
        </form>
      ) : (
        <p class="muted small">{t('closedOnly')}</p>
      )}
    </section>
  )
}
