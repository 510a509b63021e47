import type { CampaignView } from '../campaigns/store'
import { colon, type Lang } from '../i18n'
import { unitKinds } from '../units/schemas'
import { buildTree, flattenTree, subtreeIds, type UnitRow } from '../units/tree'
import { CampaignFrame } from './campaign-pages'
import { Field, type FieldLabels, type FormState, FormError, Select } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { sw } from './setup-text'

const text = {
  tree: { 'zh-CN': '单位树', en: 'Unit tree' },
  total: { 'zh-CN': '共 {0} 个单位', en: '{0} units' },
  addUnit: { 'zh-CN': '添加单位', en: 'Add a unit' },
  edit: { 'zh-CN': '修改', en: 'Edit' },
  editUnit: { 'zh-CN': '修改单位', en: 'Edit unit' },
  unitName: { 'zh-CN': '单位名称', en: 'Unit name' },
  codeHint: { 'zh-CN': '可不填；只能包含字母、数字和 - _ . /', en: 'Optional; letters, digits and - _ . / only' },
  moveHint: { 'zh-CN': '改变上级单位即移动本单位及其全部下级单位。', en: 'Changing the parent moves the unit with all its descendants.' },
  archive: { 'zh-CN': '归档', en: 'Archive' },
  archiveHint: {
    'zh-CN': '归档后，本单位及其全部下级单位（共 {0} 个）将不再出现在单位树和新的评议中；已有评议数据保留。',
    en: 'Archiving removes this unit and its descendants ({0} units) from the tree and from new rounds; existing data is kept.',
  },
  archiveHintAlone: {
    'zh-CN': '归档后，本单位将不再出现在单位树和新的评议中；已有评议数据保留。',
    en: 'Archiving removes this unit from the tree and from new rounds; existing data is kept.',
  },
  archived: { 'zh-CN': '已归档 {0} 个单位。', en: '{0} units archived.' },
  imported: { 'zh-CN': '已导入 {0} 个单位。', en: '{0} units imported.' },
  import: { 'zh-CN': '从文件导入', en: 'Import from a file' },
  export: { 'zh-CN': '导出', en: 'Export' },
  empty: { 'zh-CN': '还没有单位。可逐个添加，或从 Excel / CSV 文件导入。', en: 'No units yet. Add them one by one, or import an Excel / CSV file.' },
} satisfies Record<string, Record<Lang, string>>

const fill = (s: string, n: number | string) => s.replace('{0}', String(n))

/** The units as parent-select options, indented by depth; `exclude` leaves out a unit and its subtree. */
export function parentOptions(rows: UnitRow[], exclude?: string) {
  const skip = exclude ? subtreeIds(rows, [exclude]) : new Set<string>()
  return flattenTree(buildTree(rows))
    .filter(({ node }) => !skip.has(node.id))
    .map(({ node, depth }) => ({ value: node.id, label: `${'　'.repeat(depth)}${node.name}${node.code ? ` (${node.code})` : ''}` }))
}

/** A unit's fields by name, for the error summary. */
const unitLabels = (lang: Lang): FieldLabels => ({ name: text.unitName[lang], kind: sw(lang, 'kind'), code: sw(lang, 'code'), parentId: sw(lang, 'parent') })

function KindField(props: { state?: FormState; lang: Lang; value?: string }) {
  return (
    <Field state={props.state} name="kind" label={sw(props.lang, 'kind')} value={props.value}>
      <input name="kind" list="unit-kinds" required maxlength={20} value={props.state?.values.kind ?? props.value ?? ''} aria-describedby="kind-error" />
      <datalist id="unit-kinds">
        {unitKinds.map((k) => (
          <option value={k} />
        ))}
      </datalist>
    </Field>
  )
}

/** `/console/campaigns/:campaign/units`: the tree with indentation, a form to add a unit, import and export. */
export function UnitsPage(props: { req: ConsoleRequest; campaign: CampaignView; rows: UnitRow[]; state?: FormState; notice?: string }) {
  const { req, campaign, rows, state } = props
  const lang = req.lang
  const base = `/console/campaigns/${campaign.id}/units`
  const flat = flattenTree(buildTree(rows))
  return (
    <CampaignFrame req={req} campaign={campaign} section="units" title={sw(lang, 'units')}>
      <h1>{sw(lang, 'units')}</h1>
      {props.notice ? <p class="ok">{props.notice}</p> : null}
      <p class="actions">
        <a class="button-link" href={`${base}/import`}>
          {text.import[lang]}
        </a>
        <a href={`/api/campaigns/${campaign.id}/units/export?format=xlsx`}>{text.export[lang]} XLSX</a>
        <a href={`/api/campaigns/${campaign.id}/units/export`}>{text.export[lang]} CSV</a>
      </p>
      <h2>
        {text.tree[lang]} <span class="muted small">{fill(text.total[lang], rows.length)}</span>
      </h2>
      {flat.length === 0 ? <p class="muted">{text.empty[lang]}</p> : null}
      {flat.length ? (
        <table class="tree" id="unit-tree">
          <thead>
            <tr>
              <th>{text.unitName[lang]}</th>
              <th>{sw(lang, 'kind')}</th>
              <th>{sw(lang, 'code')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {flat.map(({ node, depth }) => (
              <tr data-depth={depth}>
                <td class={`depth-${Math.min(depth, 6)}`}>{node.name}</td>
                <td>{node.kind}</td>
                <td>{node.code ?? ''}</td>
                <td>
                  <a href={`${base}/${node.id}`}>{text.edit[lang]}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2 id="add">{text.addUnit[lang]}</h2>
      <form method="post" action={base} class="narrow" id="unit-form">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={unitLabels(lang)} />
        <Field state={state} name="name" label={text.unitName[lang]} required maxlength={200} />
        <KindField state={state} lang={lang} />
        <Field state={state} name="code" label={sw(lang, 'code')} maxlength={50} hint={text.codeHint[lang]} />
        <Field state={state} name="parentId" label={sw(lang, 'parent')}>
          <Select state={state} name="parentId" options={parentOptions(rows)} blank={sw(lang, 'noParent')} />
        </Field>
        <button type="submit" class="primary">
          {text.addUnit[lang]}
        </button>
      </form>
    </CampaignFrame>
  )
}

/** `/console/campaigns/:campaign/units/:unit`: rename, re-kind, re-code, move, archive. */
export function UnitEditPage(props: { req: ConsoleRequest; campaign: CampaignView; unit: UnitRow; rows: UnitRow[]; state?: FormState }) {
  const { req, campaign, unit, rows, state } = props
  const lang = req.lang
  const action = `/console/campaigns/${campaign.id}/units/${unit.id}`
  const subtree = subtreeIds(rows, [unit.id]).size
  return (
    <CampaignFrame req={req} campaign={campaign} section="units" title={text.editUnit[lang]}>
      <h1>
        {text.editUnit[lang]}
        {colon(lang)}
        {unit.name}
      </h1>
      <form method="post" action={action} class="narrow" id="unit-edit-form">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={unitLabels(lang)} />
        <Field state={state} name="name" label={text.unitName[lang]} value={unit.name} required maxlength={200} />
        <KindField state={state} lang={lang} value={unit.kind} />
        <Field state={state} name="code" label={sw(lang, 'code')} value={unit.code ?? ''} maxlength={50} hint={text.codeHint[lang]} />
        <Field state={state} name="parentId" label={sw(lang, 'parent')} hint={text.moveHint[lang]}>
          <Select state={state} name="parentId" value={unit.parentId ?? ''} options={parentOptions(rows, unit.id)} blank={sw(lang, 'noParent')} />
        </Field>
        <button type="submit" class="primary">
          {sw(lang, 'save')}
        </button>
      </form>
      <h2>{text.archive[lang]}</h2>
      <form method="post" action={`${action}/archive`} class="narrow">
        <CsrfField token={req.csrfToken} />
        <p class="muted">{subtree > 1 ? fill(text.archiveHint[lang], subtree) : text.archiveHintAlone[lang]}</p>
        <button type="submit" class="danger">
          {text.archive[lang]}
        </button>
      </form>
      <p>
        <a href={`/console/campaigns/${campaign.id}/units`}>{sw(lang, 'back')}</a>
      </p>
    </CampaignFrame>
  )
}

/** English for one unit, where the plural above would read wrong. */
const oneUnit = { archived: '1 unit archived.', imported: '1 unit imported.' }

export const unitNotices = {
  archived: (lang: Lang, n: string) => (lang === 'en' && n === '1' ? oneUnit.archived : fill(text.archived[lang], n)),
  imported: (lang: Lang, n: string) => (lang === 'en' && n === '1' ? oneUnit.imported : fill(text.imported[lang], n)),
}
