import type { CampaignView } from '../campaigns/store'
import { ct } from './text'
import type { CategoryView } from '../categories/store'
import type { BatchSummary } from '../codes/batches'
import type { listForms } from '../forms/store'
import { colon, errorMessages, type Lang, listJoin } from '../i18n'
import { nextStatus } from '../rounds/lifecycle'
import { rankingMeasures, roundActions, roundChannels, stages } from '../rounds/schemas'
import type { listCampaignRounds, RoundView } from '../rounds/setup-store'
import { stageNames } from '../rounds/stages'
import { buildTree, flattenTree, type UnitRow } from '../units/tree'
import { CampaignFrame } from './campaign-pages'
import { Field, FieldError, type FieldLabels, FormError, type FormState, Select } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { PlainHttpWarning, PublicLinkSection, publicCategoryOptions } from './public-link-section'
import { PublishSection } from './publish-section'
import type { PendingBatch } from '../paper/store'
import type { PublicationMeta } from '../publications/store'
import { channelNames, measureNames, statusNames, sw } from './setup-text'
import { shanghaiLocal } from './times'

const text = {
  pendingPaper: { 'zh-CN': '还有 {n} 个纸质票批次没有提交计票。纸质票只能在评议进行中提交，结束评议后它们不再计入：', en: '{n} paper batch(es) are keyed and not counted. Paper is committed only while the round is open; closing leaves them out:' },
  pendingKeyed: { 'zh-CN': '已录入 {n} 张，未提交计票', en: '{n} slips keyed, not committed' },
  pendingHeld: { 'zh-CN': '{n} 张，待决定（收回多于发出）', en: '{n} slips held for a decision (more returned than handed out)' },
  leavePaper: { 'zh-CN': '仍然结束评议，这些纸质票不计入', en: 'Close anyway; these slips stay uncounted' },
  newRound: { 'zh-CN': '新建评议', en: 'New round' },
  roundName: { 'zh-CN': '评议名称', en: 'Round name' },
  form: { 'zh-CN': '评议表（版本）', en: 'Form (version)' },
  noForm: { 'zh-CN': '（稍后选择）', en: '(choose later)' },
  channels: { 'zh-CN': '评议方式', en: 'Channels' },
  opensAt: { 'zh-CN': '开始时间（北京时间，可不填）', en: 'Opens (Beijing time, optional)' },
  closesAt: { 'zh-CN': '结束时间（北京时间，可不填）', en: 'Closes (Beijing time, optional)' },
  opensShort: { 'zh-CN': '开始时间', en: 'Opens' },
  closesShort: { 'zh-CN': '结束时间', en: 'Closes' },
  formula: { 'zh-CN': '计算方法（开始评议后锁定）', en: 'Formula (locked when the round opens)' },
  measure: { 'zh-CN': '排名依据', en: 'Ranking measure' },
  minGroupShort: { 'zh-CN': '最少票数 k', en: 'Minimum group size k' },
  remedialLabel: { 'zh-CN': '补课线', en: 'Re-do threshold' },
  minGroup: { 'zh-CN': '最少票数 k（少于 k 票的单元公布时不显示比率）', en: 'Minimum group size k (cells under k show no rates when published)' },
  remedialShort: { 'zh-CN': '补课线', en: 're-do under' },
  remedial: { 'zh-CN': '补课线：满意率低于此值（%）的单位需要补课（可不填）', en: 'Re-do threshold: units under this satisfaction rate (%) need a re-do (optional)' },
  units: { 'zh-CN': '被评议单位', en: 'Units evaluated' },
  handedOut: { 'zh-CN': '发放票数', en: 'Ballots handed out' },
  pick: { 'zh-CN': '选中', en: 'Pick' },
  subtree: { 'zh-CN': '含全部下级', en: 'With subtree' },
  pickHow: {
    'zh-CN': '勾选“选中”评议该单位；勾选“含全部下级”同时评议其所有下级单位（下级的发放票数为 0，可单独选中填写）。发放票数用于计算回收率。',
    en: 'Pick a unit to evaluate it; “with subtree” adds all its descendants too (their handed-out count is 0 unless picked themselves). Ballots handed out give the return rate.',
  },
  saveUnits: { 'zh-CN': '保存被评议单位', en: 'Save the units' },
  settings: { 'zh-CN': '修改评议设置', en: 'Change the settings' },
  lockedNote: { 'zh-CN': '评议已开始：评议表、阶段、评议方式和计算方法已锁定，只能修改名称和结束时间。', en: 'The round has opened: only its name and closing time may change.' },
  saveHandedOut: { 'zh-CN': '保存发放票数', en: 'Save ballots handed out' },
  paper: { 'zh-CN': '纸质票录入', en: 'Paper ballot entry' },
  multi: { 'zh-CN': '按住 Ctrl(Mac 上为 ⌘)可选多个单位。', en: 'Hold Ctrl (⌘ on a Mac) to choose several units.' },
  lifecycle: { 'zh-CN': '评议进程', en: 'Lifecycle' },
  open: { 'zh-CN': '开始评议', en: 'Open the round' },
  close: { 'zh-CN': '结束评议', en: 'Close the round' },
  reopen: { 'zh-CN': '重新开始评议', en: 'Reopen the round' },
  publish: { 'zh-CN': '标记为已公布', en: 'Mark as published' },
  openNote: { 'zh-CN': '开始后评议表冻结，计算方法锁定，被评议单位不能再改。', en: 'Opening freezes the form and locks the formula and the units.' },
  noActions: { 'zh-CN': '当前状态下没有可进行的操作。', en: 'Nothing to do in this status.' },
  locked: { 'zh-CN': '已锁定', en: 'locked' },
  codes: { 'zh-CN': '评议码', en: 'Access codes' },
  newBatch: { 'zh-CN': '生成一批评议码', en: 'Make a batch of codes' },
  category: { 'zh-CN': '评议人类别', en: 'Evaluator category' },
  count: { 'zh-CN': '数量', en: 'How many' },
  label: { 'zh-CN': '备注（如 发放对象）', en: 'Label (e.g. who gets them)' },
  scope: { 'zh-CN': '可评议单位', en: 'Units they may rate' },
  allUnits: { 'zh-CN': '本次评议的全部单位', en: 'Every unit of the round' },
  someUnits: { 'zh-CN': '仅以下选中的单位', en: 'Only the units chosen below' },
  format: { 'zh-CN': '取得方式', en: 'Deliver as' },
  csv: { 'zh-CN': '下载 CSV', en: 'CSV download' },
  slips: { 'zh-CN': '打印评议条（A4）', en: 'Printable slips (A4)' },
  once: { 'zh-CN': '评议码只在生成时显示一次，系统只保存其加密摘要。', en: 'Codes are shown once, when made; only keyed hashes are stored.' },
  make: { 'zh-CN': '生成', en: 'Make' },
  batches: { 'zh-CN': '已生成的批次', en: 'Batches' },
  noBatches: { 'zh-CN': '本次评议没有生成评议码。', en: 'No codes were made for this round.' },
  issued: { 'zh-CN': '发出', en: 'Issued' },
  used: { 'zh-CN': '已使用', en: 'Used' },
  voided: { 'zh-CN': '已作废', en: 'Void' },
  void: { 'zh-CN': '作废', en: 'Void' },
  reissue: { 'zh-CN': '作废并重新生成', en: 'Reissue' },
  noCategories: { 'zh-CN': '请先设置评议人类别。', en: 'Set up evaluator categories first.' },
  created: { 'zh-CN': '创建时间', en: 'Made' },
  all: { 'zh-CN': '全部单位', en: 'all units' },
  nUnits: { 'zh-CN': '{0} 个单位', en: '{0} units' },
  timesNone: { 'zh-CN': '未设定', en: 'not set' },
  results: { 'zh-CN': '查看结果', en: 'Results' },
  turnout: { 'zh-CN': '实时回收（大屏）', en: 'Live turnout (hall screen)' },
} satisfies Record<string, Record<Lang, string>>

type Forms = Awaited<ReturnType<typeof listForms>>
const formLabel = (f: Forms[number]) => `${f.name} v${f.version}`

/** What a new round's form starts with: stage 分析检查, the newest form, access codes, k = 5. */
function newRoundDefaults(forms: Forms): Record<string, string> {
  return { stage: 'analysis', formId: forms[0]?.id ?? '', channels: 'codes', 'formula.rankingMeasure': 'satisfaction', 'formula.minGroupSize': '5' }
}

/** A round's settings as form values (times in Beijing time), for its edit form. */
export function roundValues(round: RoundView): Record<string, string> {
  return {
    name: round.name,
    stage: round.stage,
    formId: round.formId ?? '',
    channels: round.channels.join(','),
    publicCategoryId: round.publicCategoryId ?? '',
    opensAt: round.opensAt ? shanghaiLocal(round.opensAt) : '',
    closesAt: round.closesAt ? shanghaiLocal(round.closesAt) : '',
    'formula.rankingMeasure': round.formula.rankingMeasure,
    'formula.minGroupSize': String(round.formula.minGroupSize),
    'formula.remedialThreshold': round.formula.remedialThreshold === null ? '' : String(round.formula.remedialThreshold),
  }
}

/** The round settings' fields by name, for the error summary. */
function roundLabels(lang: Lang, categories: CategoryView[]): FieldLabels {
  return {
    name: text.roundName[lang],
    stage: sw(lang, 'stage'),
    formId: text.form[lang],
    channels: text.channels[lang],
    publicCategoryId: publicCategoryOptions(lang, categories).label,
    opensAt: text.opensShort[lang],
    closesAt: text.closesShort[lang],
    'formula.rankingMeasure': text.measure[lang],
    'formula.minGroupSize': text.minGroupShort[lang],
    'formula.remedialThreshold': text.remedialLabel[lang],
  }
}

/** The units' rows by field name (`handedOut.<unit>`), named as their inputs are, for the error summary. */
function handedOutLabels(lang: Lang, units: { id: string; name: string }[]): FieldLabels {
  return Object.fromEntries([['units', text.units[lang]], ...units.map((u) => [`handedOut.${u.id}`, `${text.handedOut[lang]} ${u.name}`])])
}

/**
 * The settings fields of a round, for creating one and for editing it: everything while it is
 * a draft; once open only the name and the closing time (the rest is locked, as the API says).
 */
function RoundFields(props: { lang: Lang; forms: Forms; categories: CategoryView[]; state: FormState; draft: boolean }) {
  const { lang, forms, state } = props
  const publicCategory = publicCategoryOptions(lang, props.categories)
  const chosenChannels = new Set((state.values.channels ?? '').split(','))
  const name = <Field state={state} name="name" label={text.roundName[lang]} required maxlength={200} />
  const closes = <Field state={state} name="closesAt" label={text.closesAt[lang]} type="datetime-local" />
  if (!props.draft) return <>{name}{closes}</>
  return (
    <>
      {name}
      <Field state={state} name="stage" label={sw(lang, 'stage')}>
        <Select state={state} name="stage" options={stages.map((s) => ({ value: s, label: stageNames[s][lang] }))} />
      </Field>
      <Field state={state} name="formId" label={text.form[lang]}>
        <Select state={state} name="formId" blank={text.noForm[lang]} options={forms.map((f) => ({ value: f.id, label: formLabel(f) }))} />
      </Field>
      <fieldset class="choices">
        <legend>{text.channels[lang]}</legend>
        {roundChannels.map((ch) => (
          <label class="choice">
            <input type="checkbox" name="channels" value={ch} checked={chosenChannels.has(ch)} />
            <span>{channelNames[ch][lang]}</span>
          </label>
        ))}
        <FieldError state={state} name="channels" />
      </fieldset>
      {props.categories.length > 0 ? (
        <Field state={state} name="publicCategoryId" label={publicCategory.label}>
          <Select state={state} name="publicCategoryId" blank={publicCategory.blank} options={publicCategory.options} />
        </Field>
      ) : null}
      <Field state={state} name="opensAt" label={text.opensAt[lang]} type="datetime-local" />
      {closes}
      <fieldset class="choices">
        <legend>{text.formula[lang]}</legend>
        <Field state={state} name="formula.rankingMeasure" label={text.measure[lang]}>
          <Select state={state} name="formula.rankingMeasure" options={rankingMeasures.map((m) => ({ value: m, label: measureNames[m][lang] }))} />
        </Field>
        <Field state={state} name="formula.minGroupSize" label={text.minGroup[lang]} type="number" />
        <Field state={state} name="formula.remedialThreshold" label={text.remedial[lang]} type="number" />
      </fieldset>
    </>
  )
}

/** `/console/campaigns/:campaign/rounds`: the rounds, and a form to create one as a draft. */
export function RoundsPage(props: {
  req: ConsoleRequest
  campaign: CampaignView
  rounds: Awaited<ReturnType<typeof listCampaignRounds>>
  forms: Forms
  categories: CategoryView[]
  state?: FormState
}) {
  const { req, campaign, rounds, forms, state } = props
  const lang = req.lang
  const base = `/console/campaigns/${campaign.id}/rounds`
  return (
    <CampaignFrame req={req} campaign={campaign} section="rounds" title={sw(lang, 'rounds')}>
      <h1>{sw(lang, 'rounds')}</h1>
      {rounds.length === 0 ? <p class="muted">{sw(lang, 'none')}</p> : null}
      <ul class="list" id="round-list">
        {rounds.map((r) => (
          <li>
            <a href={`${base}/${r.id}`}>{r.name}</a>
            <span class="muted">
              {stageNames[r.stage][lang]} · {text.nUnits[lang].replace('{0}', String(r.units))}
            </span>
            <span class={`status ${r.status}`}>{statusNames[r.status][lang]}</span>
          </li>
        ))}
      </ul>
      <h2>{text.newRound[lang]}</h2>
      <form method="post" action={base} class="narrow" id="round-form">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={roundLabels(lang, props.categories)} />
        <RoundFields lang={lang} forms={forms} categories={props.categories} state={state ?? { values: newRoundDefaults(forms), errors: {} }} draft />
        <button type="submit" class="primary">
          {text.newRound[lang]}
        </button>
      </form>
    </CampaignFrame>
  )
}

/** What the round page shows besides the round: the campaign's units, forms, categories and code batches. */
export interface RoundPageData {
  round: RoundView
  rows: UnitRow[]
  forms: Forms
  categories: CategoryView[]
  batches: BatchSummary[]
  /** The round's publications, newest first (revoked ones too). */
  publications: PublicationMeta[]
  /** Scheme, host and port of the request, for the public link's address. */
  origin: string
  /** Paper batches keyed and not counted: closing would leave them out. */
  pendingPaper: PendingBatch[]
  /** Someone has read the closed round's results: it may no longer reopen (setup-store.ts resultsRead). */
  resultsRead: boolean
}

/** Which form on the round page a refused post belongs to. */
export type RoundFormKey = 'settings' | 'lifecycle' | 'units' | 'handedOut' | 'codes' | 'publish'

function Facts(props: { lang: Lang; data: RoundPageData; base: string }) {
  const { lang, data } = props
  const { round } = data
  const form = data.forms.find((f) => f.id === round.formId)
  const when = (iso: string | null) => (iso ? shanghaiLocal(iso).replace('T', ' ') : text.timesNone[lang])
  return (
    <dl class="facts" id="round-facts">
      <dt>{sw(lang, 'status')}</dt>
      <dd>
        <span class={`status ${round.status}`} id="round-status">
          {statusNames[round.status][lang]}
        </span>
      </dd>
      <dt>{sw(lang, 'stage')}</dt>
      <dd>{stageNames[round.stage][lang]}</dd>
      <dt>{text.form[lang]}</dt>
      <dd>{form ? <a href={`${props.base}/forms/${form.id}`}>{formLabel(form)}</a> : text.noForm[lang]}</dd>
      <dt>{text.channels[lang]}</dt>
      <dd>{listJoin(lang, round.channels.map((ch) => channelNames[ch][lang]))}</dd>
      <dt>{text.opensShort[lang]}</dt>
      <dd>{when(round.opensAt)}</dd>
      <dt>{text.closesShort[lang]}</dt>
      <dd>{when(round.closesAt)}</dd>
      <dt>{text.measure[lang]}</dt>
      <dd>
        {measureNames[round.formula.rankingMeasure][lang]} · k = {round.formula.minGroupSize}
        {round.formula.remedialThreshold !== null ? ` · ${text.remedialShort[lang]} ${round.formula.remedialThreshold}%` : ''}
        {round.formula.lockedAt ? <span class="muted"> ({text.locked[lang]})</span> : null}
      </dd>
      <dt>{text.units[lang]}</dt>
      <dd id="round-unit-count">{round.units.length}</dd>
    </dl>
  )
}

function UnitPicker(props: { req: ConsoleRequest; data: RoundPageData; action: string; state?: FormState }) {
  const { req, data, state } = props
  const lang = req.lang
  const inRound = new Map(data.round.units.map((u) => [u.unitId, u.handedOut]))
  const picked = state ? new Set((state.values.pick ?? '').split(',')) : new Set(inRound.keys())
  const subtree = new Set((state?.values.subtree ?? '').split(','))
  const rows = flattenTree(buildTree(data.rows))
  return (
    <form method="post" action={props.action} id="round-units">
      <CsrfField token={req.csrfToken} />
      {state ? <FormError state={state} labels={handedOutLabels(lang, rows.map((r) => r.node))} /> : null}
      <p class="muted small">{text.pickHow[lang]}</p>
      <table class="tree">
        <thead>
          <tr>
            <th>{sw(lang, 'name')}</th>
            <th>{text.pick[lang]}</th>
            <th>{text.subtree[lang]}</th>
            <th>{text.handedOut[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, depth }) => (
            <tr>
              <td class={`depth-${Math.min(depth, 6)}`}>{node.name}</td>
              <td>
                <input type="checkbox" name="pick" value={node.id} checked={picked.has(node.id)} aria-label={`${text.pick[lang]} ${node.name}`} />
              </td>
              <td>{node.children.length ? <input type="checkbox" name="subtree" value={node.id} checked={subtree.has(node.id)} aria-label={`${text.subtree[lang]} ${node.name}`} /> : null}</td>
              <td>
                <input
                  type="number"
                  min="0"
                  name={`handedOut.${node.id}`}
                  value={state?.values[`handedOut.${node.id}`] ?? String(inRound.get(node.id) ?? '')}
                  size={6}
                  aria-label={`${text.handedOut[lang]} ${node.name}`}
                />
                <FieldError state={state} name={`handedOut.${node.id}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" class="primary">
        {text.saveUnits[lang]}
      </button>
    </form>
  )
}

/** An opened round's units with their ballots handed out, editable until the round is published (回收率). */
function HandedOut(props: { req: ConsoleRequest; data: RoundPageData; action: string; state?: FormState }) {
  const { req, data, state } = props
  const lang = req.lang
  const editable = data.round.status !== 'published'
  // A posted unit that is not in the round has no row to stand beside: said above the table, as the form's.
  const onPage = new Set(data.round.units.map((u) => `handedOut.${u.unitId}`))
  const stray = Object.entries(state?.errors ?? {}).filter(([key]) => !onPage.has(key))
  const shown = state && { ...state, errors: Object.fromEntries(Object.entries(state.errors).filter(([key]) => onPage.has(key))), error: [state.error, ...stray.map(([, message]) => message)].filter(Boolean).join(' ') || undefined }
  return (
    <form method="post" action={props.action} id="round-handed-out">
      <CsrfField token={req.csrfToken} />
      {shown ? <FormError state={shown} labels={handedOutLabels(lang, data.round.units.map((u) => ({ id: u.unitId, name: u.name })))} /> : null}
      <table id="round-unit-list">
        <thead>
          <tr>
            <th>{sw(lang, 'name')}</th>
            <th>{text.handedOut[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {data.round.units.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td>
                {editable ? (
                  <>
                    <input type="number" min="0" name={`handedOut.${u.unitId}`} value={state?.values[`handedOut.${u.unitId}`] ?? String(u.handedOut)} aria-label={`${text.handedOut[lang]} ${u.name}`} />
                    <FieldError state={state} name={`handedOut.${u.unitId}`} />
                  </>
                ) : (
                  u.handedOut
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable ? <button type="submit">{text.saveHandedOut[lang]}</button> : null}
    </form>
  )
}

function CodeBatches(props: { req: ConsoleRequest; data: RoundPageData; action: string; state?: FormState }) {
  const { req, data, state } = props
  const lang = req.lang
  const categoryName = new Map(data.categories.map((c) => [c.id, c.name]))
  const canMake = data.round.status === 'draft' || data.round.status === 'open'
  return (
    <section id="code-batches">
      <h2>{text.codes[lang]}</h2>
      {canMake ? <PlainHttpWarning lang={lang} origin={data.origin} /> : null}
      {data.batches.length ? (
        <table id="batch-list">
          <thead>
            <tr>
              <th>{text.created[lang]}</th>
              <th>{text.category[lang]}</th>
              <th>{text.label[lang]}</th>
              <th>{text.scope[lang]}</th>
              <th>{text.issued[lang]}</th>
              <th>{text.used[lang]}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.batches.map((b) => (
              <tr>
                <td>{shanghaiLocal(b.createdAt.toISOString()).replace('T', ' ')}</td>
                <td>{categoryName.get(b.categoryId) ?? ''}</td>
                <td>{b.label}</td>
                <td>{b.allUnits ? text.all[lang] : text.nUnits[lang].replace('{0}', String(b.unitIds.length))}</td>
                <td>{b.issued}</td>
                <td>{b.used}</td>
                <td>
                  {b.voided ? (
                    <span class="muted">{text.voided[lang]}</span>
                  ) : (
                    <>
                      <form method="post" action={`${props.action}/${b.id}/void`} class="inline">
                        <CsrfField token={req.csrfToken} />
                        <button type="submit">{text.void[lang]}</button>
                      </form>
                      {canMake ? (
                        <form method="post" action={`${props.action}/${b.id}/reissue`} class="inline">
                          <CsrfField token={req.csrfToken} />
                          <select name="format" aria-label={text.format[lang]}>
                            <option value="slips">{text.slips[lang]}</option>
                            <option value="csv">{text.csv[lang]}</option>
                          </select>
                          <button type="submit">{text.reissue[lang]}</button>
                        </form>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {!canMake && data.batches.length === 0 ? <p class="muted">{text.noBatches[lang]}</p> : null}
      {canMake && data.categories.length === 0 ? <p class="muted">{text.noCategories[lang]}</p> : null}
      {canMake && data.categories.length ? (
        <form method="post" action={props.action} class="narrow" id="batch-form">
          <h3>{text.newBatch[lang]}</h3>
          <CsrfField token={req.csrfToken} />
          <FormError state={state} labels={{ categoryId: text.category[lang], count: text.count[lang], label: text.label[lang], units: text.scope[lang], format: text.format[lang] }} />
          <Field state={state} name="categoryId" label={text.category[lang]}>
            <Select state={state} name="categoryId" options={data.categories.map((c) => ({ value: c.id, label: c.name }))} />
          </Field>
          <Field state={state} name="count" label={text.count[lang]} type="number" value="50" required />
          <Field state={state} name="label" label={text.label[lang]} maxlength={200} />
          <Field state={state} name="units" label={text.scope[lang]}>
            <select name="units" multiple size={Math.min(6, data.round.units.length + 1)}>
              <option value="all" selected>
                {text.allUnits[lang]}
              </option>
              {data.round.units.map((u) => (
                <option value={u.unitId}>{u.name}</option>
              ))}
            </select>
            <small class="muted">{text.multi[lang]}</small>
          </Field>
          <fieldset class="choices">
            <legend>{text.format[lang]}</legend>
            <label class="choice">
              <input type="radio" name="format" value="slips" checked={(state?.values.format ?? 'slips') === 'slips'} />
              <span>{text.slips[lang]}</span>
            </label>
            <label class="choice">
              <input type="radio" name="format" value="csv" checked={state?.values.format === 'csv'} />
              <span>{text.csv[lang]}</span>
            </label>
          </fieldset>
          <p class="muted small">{text.once[lang]}</p>
          <button type="submit" class="primary">
            {text.make[lang]}
          </button>
        </form>
      ) : null}
    </section>
  )
}

/**
 * `/console/campaigns/:campaign/rounds/:round`: the round's facts, its lifecycle buttons (only
 * the steps its status allows; the server's checks answer in plain words), its units (picked by
 * subtree while a draft) and its code batches.
 */
export function RoundPage(props: { req: ConsoleRequest; campaign: CampaignView; data: RoundPageData; state?: FormState; failed?: RoundFormKey; notice?: string }) {
  const { req, campaign, data, state, failed } = props
  const lang = req.lang
  const { round } = data
  const base = `/console/campaigns/${campaign.id}`
  const action = `${base}/rounds/${round.id}`
  // Publishing makes a snapshot for an audience: the section below, not a bare status change.
  // Nor does a round whose results were read reopen: the page says why instead of a button.
  const steps = roundActions.filter((a) => a !== 'publish' && nextStatus(round.status, a) && !(a === 'reopen' && data.resultsRead))
  return (
    <CampaignFrame req={req} campaign={campaign} section="rounds" title={round.name}>
      <h1>{round.name}</h1>
      {props.notice ? <p class="ok">{props.notice}</p> : null}
      <Facts lang={lang} data={data} base={base} />
      <p class="actions">
        {round.status === 'closed' || round.status === 'published' ? <a href={`/results/rounds/${round.id}`}>{text.results[lang]}</a> : null}
        {round.status !== 'draft' ? <a href={`/results/rounds/${round.id}/turnout`}>{text.turnout[lang]}</a> : null}
        {round.channels.includes('paper') || round.channels.includes('meeting') ? <a href={`/console/rounds/${round.id}/paper`}>{text.paper[lang]}</a> : null}
      </p>
      {round.status !== 'published' ? (
        <details open={failed === 'settings'} id="round-settings">
          <summary>{text.settings[lang]}</summary>
          <form method="post" action={`${action}/settings`} class="narrow">
            <CsrfField token={req.csrfToken} />
            {failed === 'settings' ? <FormError state={state} labels={roundLabels(lang, data.categories)} /> : null}
            <RoundFields lang={lang} forms={data.forms} categories={data.categories} state={failed === 'settings' && state ? state : { values: roundValues(round), errors: {} }} draft={round.status === 'draft'} />
            {round.status === 'draft' ? null : <p class="muted small">{text.lockedNote[lang]}</p>}
            <button type="submit">{sw(lang, 'save')}</button>
          </form>
        </details>
      ) : null}
      <h2>{text.lifecycle[lang]}</h2>
      {failed === 'lifecycle' ? <FormError state={state} /> : null}
      {steps.length === 0 && !(round.status === 'closed' && data.resultsRead) ? <p class="muted">{text.noActions[lang]}</p> : null}
      {round.status === 'closed' && data.resultsRead ? (
        <p class="muted small" id="no-reopen">
          {errorMessages.round_results_read[lang]}
        </p>
      ) : null}
      <div class="actions" id="lifecycle">
        {steps.map((step) => (
          <form method="post" action={`${action}/${step}`} class="inline">
            <CsrfField token={req.csrfToken} />
            {step === 'close' && data.pendingPaper.length > 0 ? <PendingPaper lang={lang} batches={data.pendingPaper} /> : null}
            <button type="submit" class={step === 'open' ? 'primary-inline' : undefined} data-action={step} data-confirm={ct(lang, step === 'open' ? 'confirmOpen' : step === 'close' ? 'confirmClose' : 'confirmReopen')}>
              {text[step][lang]}
            </button>
          </form>
        ))}
      </div>
      {round.status === 'draft' ? <p class="muted small">{text.openNote[lang]}</p> : null}
      {round.status !== 'draft' ? <PublishSection req={req} round={round} publications={data.publications} action={`${action}/publications`} state={failed === 'publish' ? state : undefined} /> : null}
      <h2>{text.units[lang]}</h2>
      {round.status === 'draft' ? (
        <UnitPicker req={req} data={data} action={`${action}/units`} state={failed === 'units' ? state : undefined} />
      ) : (
        <HandedOut req={req} data={data} action={`${action}/handed-out`} state={failed === 'handedOut' ? state : undefined} />
      )}
      {round.channels.includes('public') ? (
        <PublicLinkSection lang={lang} round={round} categories={data.categories} origin={data.origin} posterHref={`${action}/poster`} />
      ) : null}
      {round.channels.includes('codes') || data.batches.length ? <CodeBatches req={req} data={data} action={`${action}/code-batches`} state={failed === 'codes' ? state : undefined} /> : null}
    </CampaignFrame>
  )
}

/** Above 结束评议: the paper batches closing would leave uncounted, and the box that closes anyway. */
function PendingPaper(props: { lang: Lang; batches: PendingBatch[] }) {
  const { lang, batches } = props
  return (
    <div class="notice" id="pending-paper">
      <p>{text.pendingPaper[lang].replace('{n}', String(batches.length))}</p>
      <ul>
        {batches.map((b) => (
          <li>
            {b.sitting} · {b.name}
            {colon(lang)}
            {(b.status === 'held' ? text.pendingHeld : text.pendingKeyed)[lang].replace('{n}', String(b.sheets))}
          </li>
        ))}
      </ul>
      <label class="check">
        <input type="checkbox" name="leavePaper" value="1" /> {text.leavePaper[lang]}
      </label>
    </div>
  )
}
