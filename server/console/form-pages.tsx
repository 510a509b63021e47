import type { CampaignView } from '../campaigns/store'
import { formPresets, presetNames, scalePresets } from '../forms/presets'
import type { FormView, listForms } from '../forms/store'
import { colon, type Lang } from '../i18n'
import { CampaignFrame } from './campaign-pages'
import { Field, FieldError, FormError, type FormState } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { sw } from './setup-text'

/** Level rows on the edit form (the API allows at most 10 levels). */
export const LEVEL_ROWS = 10

const text = {
  fromPreset: { 'zh-CN': '从预设新建评议表', en: 'New form from a preset' },
  questions: { 'zh-CN': '题目', en: 'Questions' },
  scale: { 'zh-CN': '评价等次', en: 'Answer scale' },
  abstain: { 'zh-CN': '增加“不了解”选项（不计入任何比率的分母）', en: 'Add 不了解 (don’t know), counted in no denominator' },
  formName: { 'zh-CN': '评议表名称（可不填，默认用预设名称；同名即为新版本）', en: 'Form name (optional: the preset’s; the same name makes a new version)' },
  frozen: { 'zh-CN': '已冻结', en: 'Frozen' },
  editable: { 'zh-CN': '可修改', en: 'Editable' },
  dimensions: { 'zh-CN': '评议项目（每行一项，对每个单位评议）', en: 'Dimensions (one per line, rated for each unit)' },
  overall: { 'zh-CN': '总体评价题（每行一题，可不填）', en: 'Overall questions (one per line, optional)' },
  levels: { 'zh-CN': '评价等次', en: 'Levels' },
  label: { 'zh-CN': '等次', en: 'Label' },
  score: { 'zh-CN': '分值', en: 'Score' },
  satisfied: { 'zh-CN': '计入满意', en: 'Satisfied' },
  abstainCol: { 'zh-CN': '不了解', en: 'Abstain' },
  opinionBox: { 'zh-CN': '设意见建议栏', en: 'Opinion box' },
  minAnswered: { 'zh-CN': '有效票至少应答题数（0 为不限）', en: 'Valid ballot: minimum questions answered (0: no minimum)' },
  edit: { 'zh-CN': '修改评议表', en: 'Edit the form' },
  frozenNote: {
    'zh-CN': '此版本已被已开始的评议使用，已冻结，不能再改动。保存修改将生成新版本（第 {0} 版），原版本及其评议数据保持不变。',
    en: 'This version is used by a round that has opened and is frozen. Saving makes a new version ({0}); this version and its data stay as they are.',
  },
  draftNote: { 'zh-CN': '此版本尚未被开始的评议使用，修改将直接保存在本版本上。', en: 'No round using this version has opened: changes are saved to this version.' },
  newVersion: { 'zh-CN': '已生成新版本。', en: 'A new version was made.' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  dimension: { 'zh-CN': '评议项目', en: 'Dimension' },
  overallKind: { 'zh-CN': '总体评价', en: 'Overall' },
  create: { 'zh-CN': '生成评议表', en: 'Make the form' },
} satisfies Record<string, Record<Lang, string>>

type FormList = Awaited<ReturnType<typeof listForms>>

/** `/console/campaigns/:campaign/forms`: every version, and a form built from a preset. */
export function FormsPage(props: { req: ConsoleRequest; campaign: CampaignView; forms: FormList; state?: FormState }) {
  const { req, campaign, forms, state } = props
  const lang = req.lang
  const base = `/console/campaigns/${campaign.id}/forms`
  const chosenPreset = state?.values.preset ?? 'analysis5'
  const chosenScale = state?.values.scale ?? 'satisfied4'
  return (
    <CampaignFrame req={req} campaign={campaign} section="forms" title={sw(lang, 'forms')}>
      <h1>{sw(lang, 'forms')}</h1>
      {forms.length === 0 ? <p class="muted">{sw(lang, 'none')}</p> : null}
      {forms.length ? (
        <table id="form-list">
          <thead>
            <tr>
              <th>{sw(lang, 'name')}</th>
              <th>{sw(lang, 'version')}</th>
              <th>{text.questions[lang]}</th>
              <th>{sw(lang, 'status')}</th>
            </tr>
          </thead>
          <tbody>
            {forms.map((f) => (
              <tr>
                <td>
                  <a href={`${base}/${f.id}`}>{f.name}</a>
                </td>
                <td>v{f.version}</td>
                <td>{f.questions}</td>
                <td>{f.frozenAt ? text.frozen[lang] : text.editable[lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{text.fromPreset[lang]}</h2>
      <form method="post" action={`${base}/preset`} id="form-preset">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={{ preset: text.questions[lang], scale: text.scale[lang], name: text.formName[lang] }} />
        <fieldset class="choices">
          <legend>{text.questions[lang]}</legend>
          {Object.entries(formPresets).map(([id, preset]) => (
            <label class="choice">
              <input type="radio" name="preset" value={id} checked={id === chosenPreset} />
              <span>
                <strong>{presetNames[id as keyof typeof formPresets][lang]}</strong>
                <small class="muted"> {[...preset.dimensions, ...preset.overall].join(' / ')}</small>
              </span>
            </label>
          ))}
          <FieldError state={state} name="preset" />
        </fieldset>
        <fieldset class="choices">
          <legend>{text.scale[lang]}</legend>
          {Object.keys(scalePresets).map((id) => (
            <label class="choice">
              <input type="radio" name="scale" value={id} checked={id === chosenScale} />
              <span>{presetNames[id as keyof typeof scalePresets][lang]}</span>
            </label>
          ))}
          <label class="choice">
            <input type="checkbox" name="abstain" value="1" checked={state ? state.values.abstain === '1' : true} />
            <span>{text.abstain[lang]}</span>
          </label>
          <FieldError state={state} name="scale" />
        </fieldset>
        <Field state={state} name="name" label={text.formName[lang]} maxlength={200} />
        <button type="submit" class="primary">
          {text.create[lang]}
        </button>
      </form>
    </CampaignFrame>
  )
}

/** The edit form's values from a saved version (one line per question, one row per level). */
export function formValues(form: FormView): Record<string, string> {
  const values: Record<string, string> = {
    name: form.name,
    dimensions: form.dimensions.filter((d) => d.kind === 'dimension').map((d) => d.label).join('\n'),
    overall: form.dimensions.filter((d) => d.kind === 'overall').map((d) => d.label).join('\n'),
    opinionBox: form.opinionBox ? '1' : '',
    minAnswered: String(form.minAnswered),
  }
  form.levels.forEach((l, i) => {
    values[`label.${i}`] = l.label
    values[`score.${i}`] = String(l.score)
    if (l.satisfied) values[`satisfied.${i}`] = '1'
    if (l.abstain) values[`abstain.${i}`] = '1'
  })
  return values
}

/** `/console/campaigns/:campaign/forms/:form`: a version's questions and levels, and its edit form. */
export function FormPage(props: { req: ConsoleRequest; campaign: CampaignView; form: FormView; nextVersion: number; state?: FormState; notice?: string }) {
  const { req, campaign, form, state } = props
  const lang = req.lang
  const values = state?.values ?? formValues(form)
  const check = (name: string) => values[name] === '1' || values[name] === 'on'
  return (
    <CampaignFrame req={req} campaign={campaign} section="forms" title={form.name}>
      <h1>
        {form.name} <span class="muted">v{form.version}</span> {form.frozenAt ? <span class="status closed">{text.frozen[lang]}</span> : null}
      </h1>
      {props.notice ? <p class="ok">{props.notice}</p> : null}
      <h2>{text.questions[lang]}</h2>
      <ol id="form-questions">
        {form.dimensions.map((d) => (
          <li>
            {d.label} {d.kind === 'overall' ? <span class="muted small">({text.overallKind[lang]})</span> : null}
          </li>
        ))}
      </ol>
      <h2>{text.levels[lang]}</h2>
      <table id="form-levels">
        <thead>
          <tr>
            <th>{text.label[lang]}</th>
            <th>{text.score[lang]}</th>
            <th>{text.satisfied[lang]}</th>
            <th>{text.abstainCol[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {form.levels.map((l) => (
            <tr>
              <td>{l.label}</td>
              <td>{l.score}</td>
              <td>{l.satisfied ? text.yes[lang] : text.no[lang]}</td>
              <td>{l.abstain ? text.yes[lang] : text.no[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        {text.opinionBox[lang]}
        {colon(lang)}
        {form.opinionBox ? text.yes[lang] : text.no[lang]} · {text.minAnswered[lang]}
        {colon(lang)}
        {form.minAnswered}
      </p>
      <h2>{text.edit[lang]}</h2>
      <p class={form.frozenAt ? 'notice' : 'muted'} id="version-note">
        {form.frozenAt ? text.frozenNote[lang].replace('{0}', `v${props.nextVersion}`) : text.draftNote[lang]}
      </p>
      <form method="post" action={`/console/campaigns/${campaign.id}/forms/${form.id}`} id="form-edit">
        <CsrfField token={req.csrfToken} />
        <FormError
          state={state}
          labels={{ name: sw(lang, 'name'), dimensions: text.dimensions[lang], overall: text.overall[lang], levels: text.levels[lang], 'label.*': text.label[lang], 'score.*': text.score[lang], 'abstain.*': text.abstainCol[lang], minAnswered: text.minAnswered[lang] }}
        />
        <Field state={state} name="name" label={sw(lang, 'name')} value={values.name} required maxlength={200} />
        <Field state={state} name="dimensions" label={text.dimensions[lang]}>
          <textarea name="dimensions" rows={7}>
            {values.dimensions ?? ''}
          </textarea>
        </Field>
        <Field state={state} name="overall" label={text.overall[lang]}>
          <textarea name="overall" rows={3}>
            {values.overall ?? ''}
          </textarea>
        </Field>
        <table id="level-rows">
          <thead>
            <tr>
              <th>{text.label[lang]}</th>
              <th>{text.score[lang]}</th>
              <th>{text.satisfied[lang]}</th>
              <th>{text.abstainCol[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: LEVEL_ROWS }, (_, i) => (
              <tr>
                <td>
                  <input name={`label.${i}`} value={values[`label.${i}`] ?? ''} maxlength={50} aria-label={`${text.label[lang]} ${i + 1}`} />
                  <FieldError state={state} name={`label.${i}`} />
                </td>
                <td>
                  <input name={`score.${i}`} value={values[`score.${i}`] ?? ''} size={5} inputmode="decimal" aria-label={`${text.score[lang]} ${i + 1}`} />
                  <FieldError state={state} name={`score.${i}`} />
                </td>
                <td>
                  <input type="checkbox" name={`satisfied.${i}`} value="1" checked={check(`satisfied.${i}`)} aria-label={`${text.satisfied[lang]} ${i + 1}`} />
                </td>
                <td>
                  <input type="checkbox" name={`abstain.${i}`} value="1" checked={check(`abstain.${i}`)} aria-label={`${text.abstainCol[lang]} ${i + 1}`} />
                  <FieldError state={state} name={`abstain.${i}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldError state={state} name="levels" />
        <label class="choice">
          <input type="checkbox" name="opinionBox" value="1" checked={check('opinionBox')} />
          <span>{text.opinionBox[lang]}</span>
        </label>
        <Field state={state} name="minAnswered" label={text.minAnswered[lang]} value={values.minAnswered} type="number" />
        <button type="submit" class="primary">
          {sw(lang, 'save')}
        </button>
      </form>
    </CampaignFrame>
  )
}

export const formNotices = { newVersion: (lang: Lang) => text.newVersion[lang], saved: (lang: Lang) => sw(lang, 'saved') }
