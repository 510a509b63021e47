import type { CampaignView } from '../campaigns/store'
import type { Lang } from '../i18n'
import { columnName } from '../units/import-header'
import type { ImportIssue, ImportPlan } from '../units/import-plan'
import { CampaignFrame } from './campaign-pages'
import { FormError, type FormState } from './form-kit'
import { type ConsoleRequest, CsrfField } from './layout'
import { sw } from './setup-text'
import { unitNotices } from './unit-pages'

/** Rows shown in the preview table; every error is listed whatever the size. */
export const PREVIEW_ROWS = 500

const text = {
  title: { 'zh-CN': '从文件导入单位', en: 'Import units from a file' },
  how: {
    'zh-CN': '上传 Excel(.xlsx)或 CSV 文件（UTF-8 或 Excel 另存的 GB18030 编码均可）。表头须在前 5 行内（上方可有标题行），需有“单位名称”列，可有“上级单位”（名称或编码）、“单位类型”、“单位编码”列。先预览，确认无误后才写入。',
    en: 'Upload an Excel (.xlsx) or CSV file (UTF-8, or GB18030 as Excel saves it in China). The header row must be within the first five rows (a title may sit above it): 单位名称 (Unit name) is required; 上级单位 (Parent: its name or code), 单位类型 (Kind) and 单位编码 (Code) are optional. The template’s column headers are in Chinese: keep them as they are, or use the English names in brackets. You preview first; nothing is written until you confirm.',
  },
  file: { 'zh-CN': '文件', en: 'File' },
  template: { 'zh-CN': '下载模板（含三行示例，填写后删除示例）：', en: 'Download a template (three example rows to replace): ' },
  preview: { 'zh-CN': '预览', en: 'Preview' },
  summary: { 'zh-CN': '文件“{0}”中有 {1} 个单位。', en: 'The file “{0}” holds {1} units.' },
  valid: { 'zh-CN': '全部检查通过，可以导入。', en: 'Every row is valid and can be imported.' },
  invalid: { 'zh-CN': '有 {0} 处错误。未写入任何数据；请在文件中改正后重新上传。', en: '{0} errors. Nothing was written; correct the file and upload it again.' },
  warned: { 'zh-CN': '有 {0} 处提醒，请逐条核对；确认无误仍可导入。', en: '{0} warnings: check each one; if all is as meant, you can still import.' },
  errors: { 'zh-CN': '错误', en: 'Errors' },
  warnings: { 'zh-CN': '提醒', en: 'Warnings' },
  row: { 'zh-CN': '行号', en: 'Row' },
  column: { 'zh-CN': '列', en: 'Column' },
  message: { 'zh-CN': '问题', en: 'Problem' },
  firstRows: { 'zh-CN': '仅显示前 {0} 行。', en: 'Only the first {0} rows are shown.' },
  confirm: { 'zh-CN': '确认导入 {0} 个单位', en: 'Import {0} units' },
  again: { 'zh-CN': '重新上传', en: 'Upload again' },
  progress: { 'zh-CN': '导入进度', en: 'Import progress' },
  done: { 'zh-CN': '导入完成', en: 'Import done' },
  checkWarned: {
    'zh-CN': '请逐条核对导入时的 {0} 处提醒；如有不对，可在单位列表中修改或归档。',
    en: 'Check each of the {0} warnings the import raised; where something is wrong, edit or archive the unit in the list.',
  },
  toUnits: { 'zh-CN': '查看单位列表', en: 'Go to the units' },
} satisfies Record<string, Record<Lang, string>>

/** English for a count of one, where the plural above would read wrong. */
const one: Partial<Record<keyof typeof text, string>> = {
  summary: 'The file “{0}” holds 1 unit.',
  invalid: '1 error. Nothing was written; correct the file and upload it again.',
  warned: '1 warning: check it; if all is as meant, you can still import.',
  confirm: 'Import 1 unit',
  checkWarned: 'Check the warning the import raised; if something is wrong, edit or archive the unit in the list.',
}

const fill = (s: string, ...args: (string | number)[]) => args.reduce<string>((out, arg, i) => out.replace(`{${i}}`, String(arg)), s)
/** A text with a count (its last argument) filled in, singular in English for one. */
const counted = (lang: Lang, key: keyof typeof one, ...args: (string | number)[]) => fill((lang === 'en' && args.at(-1) === 1 ? one[key] : undefined) ?? text[key][lang], ...args)

function IssueTable(props: { id: string; lang: Lang; issues: ImportIssue[] }) {
  const { lang } = props
  return (
    <table id={props.id}>
      <thead>
        <tr>
          <th>{text.row[lang]}</th>
          <th>{text.column[lang]}</th>
          <th>{text.message[lang]}</th>
        </tr>
      </thead>
      <tbody>
        {props.issues.slice(0, 1000).map((e) => (
          <tr>
            <td>{e.row}</td>
            <td>{columnName(e.column, lang)}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function UploadForm(props: { req: ConsoleRequest; campaign: CampaignView; label: string }) {
  return (
    <form method="post" action={`/console/campaigns/${props.campaign.id}/units/import/preview`} enctype="multipart/form-data" class="narrow" id="import-upload">
      <CsrfField token={props.req.csrfToken} />
      <label class="field">
        <span>{text.file[props.req.lang]}</span>
        <input type="file" name="file" required accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
      </label>
      <button type="submit" class="primary">
        {props.label}
      </button>
    </form>
  )
}

/** `/console/campaigns/:campaign/units/import`: choose a file; the next page previews it. */
export function ImportPage(props: { req: ConsoleRequest; campaign: CampaignView; state?: FormState }) {
  const { req, campaign } = props
  const lang = req.lang
  return (
    <CampaignFrame req={req} campaign={campaign} section="units" title={text.title[lang]}>
      <h1>{text.title[lang]}</h1>
      <p class="muted">{text.how[lang]}</p>
      <p>
        {text.template[lang]}
        <a href={`/api/campaigns/${campaign.id}/units/import/template?format=xlsx`}>XLSX</a> · <a href={`/api/campaigns/${campaign.id}/units/import/template`}>CSV</a>
      </p>
      <FormError state={props.state} />
      <UploadForm req={req} campaign={campaign} label={text.preview[lang]} />
    </CampaignFrame>
  )
}

/**
 * The preview of an upload: row-numbered errors (nothing can be written while there are any)
 * and warnings (to check; they do not block),
 * the first rows as they will be created, and the confirm step carrying the file itself — the
 * server checks it again in full before writing.
 */
export function ImportPreviewPage(props: { req: ConsoleRequest; campaign: CampaignView; plan: ImportPlan; fileName: string; data: string }) {
  const { req, campaign, plan, fileName } = props
  const lang = req.lang
  const valid = plan.errors.length === 0
  const warnings =
    plan.warnings.length === 0 ? null : (
      <>
        <p class="warn">{counted(lang, 'warned', plan.warnings.length)}</p>
        <h2>{text.warnings[lang]}</h2>
        <IssueTable id="import-warnings" lang={lang} issues={plan.warnings} />
      </>
    )
  return (
    <CampaignFrame req={req} campaign={campaign} section="units" title={text.title[lang]} scripts={valid ? ['/assets/console-ui.js'] : undefined}>
      <h1>
        {text.title[lang]} · {text.preview[lang]}
      </h1>
      {plan.units.length > 0 ? <p id="import-summary">{counted(lang, 'summary', fileName, plan.units.length)}</p> : null}
      {valid ? (
        <p class="ok">{text.valid[lang]}</p>
      ) : (
        <p class="alert" role="alert">
          {counted(lang, 'invalid', plan.errors.length)}
        </p>
      )}
      {valid ? warnings : null}
      {valid ? (
        <form method="post" action={`/console/campaigns/${campaign.id}/units/import`} id="import-confirm" data-progress="import-progress">
          <CsrfField token={req.csrfToken} />
          <input type="hidden" name="fileName" value={fileName} />
          <input type="hidden" name="data" value={props.data} />
          <button type="submit" class="primary">
            {counted(lang, 'confirm', plan.units.length)}
          </button>
          <p class="progress" hidden id="import-progress-row">
            <label>
              {text.progress[lang]} <progress id="import-progress" max={plan.units.length} value={0} />
            </label>
            <output id="import-progress-text" />
          </p>
        </form>
      ) : (
        <>
          <h2>{text.errors[lang]}</h2>
          <IssueTable id="import-errors" lang={lang} issues={plan.errors} />
          {warnings}
          <h2>{text.again[lang]}</h2>
          <UploadForm req={req} campaign={campaign} label={text.preview[lang]} />
        </>
      )}
      {plan.units.length === 0 ? null : (
        <>
          <h2>{text.preview[lang]}</h2>
          {plan.units.length > PREVIEW_ROWS ? <p class="muted">{fill(text.firstRows[lang], PREVIEW_ROWS)}</p> : null}
          <table class="tree" id="import-preview">
            <thead>
              <tr>
                <th>{text.row[lang]}</th>
                <th>{sw(lang, 'name')}</th>
                <th>{sw(lang, 'kind')}</th>
                <th>{sw(lang, 'code')}</th>
                <th>{sw(lang, 'parent')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.units.slice(0, PREVIEW_ROWS).map((u) => (
                <tr>
                  <td>{u.row}</td>
                  <td class={`depth-${Math.min(u.depth, 6)}`}>{u.name}</td>
                  <td>{u.kind}</td>
                  <td>{u.code ?? ''}</td>
                  <td>{u.parent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </CampaignFrame>
  )
}

/**
 * What an import that wrote units despite warnings ends with: how many were written, a request
 * to check the warnings, and the way on to the units. The page script hears them as the
 * stream's last line and shows them under the preview, whose warnings table is still on screen.
 */
export function importDoneWords(lang: Lang, created: number, warnings: number): { imported: string; check: string; next: string } {
  return { imported: unitNotices.imported(lang, String(created)), check: counted(lang, 'checkWarned', warnings), next: text.toUnits[lang] }
}

/** The page after a confirmed import that had warnings (without the page script: the post's own answer). */
export function ImportDonePage(props: { req: ConsoleRequest; campaign: CampaignView; created: number; warnings: ImportIssue[] }) {
  const { req, campaign } = props
  const lang = req.lang
  const words = importDoneWords(lang, props.created, props.warnings.length)
  return (
    <CampaignFrame req={req} campaign={campaign} section="units" title={text.title[lang]}>
      <h1>
        {text.title[lang]} · {text.done[lang]}
      </h1>
      <p class="ok" id="import-done">
        {words.imported} <a href={`/console/campaigns/${campaign.id}/units`}>{words.next}</a>
      </p>
      <p class="warn">{words.check}</p>
      <h2>{text.warnings[lang]}</h2>
      <IssueTable id="import-warnings" lang={lang} issues={props.warnings} />
    </CampaignFrame>
  )
}
