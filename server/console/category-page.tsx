import type { CampaignView } from '../campaigns/store'
import { categoryPresets } from '../categories/presets'
import type { CategoryView } from '../categories/store'
import { type Lang, listJoin } from '../i18n'
import { CampaignFrame } from './campaign-pages'
import { FieldError, FormError, type FormState } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { sw } from './setup-text'

/** Blank rows offered under the existing categories for new ones. */
export const BLANK_ROWS = 3

const text = {
  weight: { 'zh-CN': '权重（%）', en: 'Weight (%)' },
  sum: { 'zh-CN': '合计', en: 'Total' },
  sumOk: { 'zh-CN': '权重合计为 100%。', en: 'The weights add up to 100%.' },
  sumUnused: { 'zh-CN': '权重全部为 0：排名不按加权得分时可以不用权重。', en: 'All weights are 0: fine when rounds do not rank by weighted score.' },
  sumBad: { 'zh-CN': '权重合计为 {0}%，应为 100%（或全部为 0）。', en: 'The weights add up to {0}%; they must add up to 100% (or all be 0).' },
  how: { 'zh-CN': '清空名称即删除该类别（已有评议票的类别不能删除）。', en: 'Clear a name to delete that category (not possible once it has ballots).' },
  preset: { 'zh-CN': '套用标准评议人类别', en: 'Add the standard categories' },
  presetList: { 'zh-CN': '标准类别：', en: 'Standard set: ' },
} satisfies Record<string, Record<Lang, string>>

/** The sum of weights in percent, to two decimals (cents, as the API checks them). */
export function weightSum(weights: number[]): number {
  return weights.reduce((sum, w) => sum + Math.round(w * 100), 0) / 100
}

/** How the page states the sum: 100, all zero, or wrong. */
export function sumMessage(lang: Lang, sum: number): { ok: boolean; text: string } {
  if (sum === 100) return { ok: true, text: text.sumOk[lang] }
  if (sum === 0) return { ok: true, text: text.sumUnused[lang] }
  return { ok: false, text: text.sumBad[lang].replace('{0}', String(sum)) }
}

/** `/console/campaigns/:campaign/categories`: the categories with weights, editable in one form. */
export function CategoriesPage(props: { req: ConsoleRequest; campaign: CampaignView; categories: CategoryView[]; state?: FormState; saved?: boolean }) {
  const { req, campaign, categories, state } = props
  const lang = req.lang
  const action = `/console/campaigns/${campaign.id}/categories`
  // After a refused post the rows show what was typed; otherwise the saved categories and blank rows.
  const posted = state?.values.rows !== undefined ? state.values : undefined
  const rowCount = posted ? Number(posted.rows) || 0 : categories.length + BLANK_ROWS
  const rows = Array.from({ length: Math.min(rowCount, 60) }, (_, i) => ({
    id: posted ? (posted[`id.${i}`] ?? '') : (categories[i]?.id ?? ''),
    name: posted ? (posted[`name.${i}`] ?? '') : (categories[i]?.name ?? ''),
    weight: posted ? (posted[`weight.${i}`] ?? '') : categories[i] ? String(categories[i].weight) : '',
  }))
  const sum = weightSum(rows.filter((r) => r.name.trim()).map((r) => Number(r.weight) || 0))
  const check = sumMessage(lang, sum)
  return (
    <CampaignFrame req={req} campaign={campaign} section="categories" title={sw(lang, 'categories')} scripts={['/assets/console-ui.js']}>
      <h1>{sw(lang, 'categories')}</h1>
      {props.saved ? <p class="ok">{sw(lang, 'saved')}</p> : null}
      {categories.length === 0 ? (
        <form method="post" action={`${action}/preset`} class="inline" id="category-preset">
          <CsrfField token={req.csrfToken} />
          <input type="hidden" name="preset" value="standard" />
          <button type="submit">{text.preset[lang]}</button>
          <span class="muted small">
            {text.presetList[lang]}
            {listJoin(lang, categoryPresets.standard.map((c) => `${c.name} ${c.weight}%`))}
          </span>
        </form>
      ) : null}
      <form method="post" action={action} id="category-form">
        <CsrfField token={req.csrfToken} />
        <input type="hidden" name="rows" value={String(rows.length)} />
        {/* the weights' sum is said below the table, beside the live sum (#weight-check), not in the summary */}
        <FormError state={state && { ...state, errors: Object.fromEntries(Object.entries(state.errors).filter(([key]) => key !== 'weightCheck')) }} labels={{ 'name.*': sw(lang, 'name'), 'weight.*': text.weight[lang], weightSum: text.sum[lang] }} />
        <table id="category-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{sw(lang, 'name')}</th>
              <th>{text.weight[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr>
                <td>{i + 1}</td>
                <td>
                  <input type="hidden" name={`id.${i}`} value={row.id} />
                  <input name={`name.${i}`} value={row.name} maxlength={100} aria-label={`${sw(lang, 'name')} ${i + 1}`} aria-invalid={state?.errors[`name.${i}`] ? 'true' : undefined} />
                  <FieldError state={state} name={`name.${i}`} />
                </td>
                <td>
                  <input class="weight" name={`weight.${i}`} value={row.weight} inputmode="decimal" size={6} aria-label={`${text.weight[lang]} ${i + 1}`} aria-invalid={state?.errors[`weight.${i}`] ? 'true' : undefined} />
                  <FieldError state={state} name={`weight.${i}`} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th />
              <th>{text.sum[lang]}</th>
              <th>
                <output id="weight-sum" data-ok={check.ok ? 'true' : 'false'}>
                  {sum}%
                </output>
              </th>
            </tr>
          </tfoot>
        </table>
        {/* a refused save is said here once, with the sum (the page's only weightCheck message) */}
        <p id="weight-check" class={check.ok ? 'muted' : 'alert'} role={state?.errors.weightCheck ? 'alert' : undefined} data-messages={JSON.stringify({ ok: text.sumOk[lang], unused: text.sumUnused[lang], bad: text.sumBad[lang] })}>
          {check.text}
        </p>
        <FieldError state={state} name="weightSum" />
        <p class="muted small">{text.how[lang]}</p>
        <button type="submit" class="primary">
          {sw(lang, 'save')}
        </button>
      </form>
    </CampaignFrame>
  )
}
