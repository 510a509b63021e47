import { AUDIT_ENTITIES } from '../audit/entities'
import type { AuditRecord } from '../audit/store'
import { colon, type Lang } from '../i18n'
import { type AuditNamer, auditDiff } from './audit-diff'
import { auditNamer } from './audit-fields'
import { actionLabel, auditText, entityLabel } from './audit-text'
import { Select } from './form-kit'
import type { ConsoleRequest } from './layout'
import { ConsoleLayout } from './layout'
import { ct } from './text'
import { shanghaiSeconds } from './times'

/** A long record (a created form, a unit tree) shows this many changed keys, then a count. */
const MAX_LINES = 8

/**
 * `/console/audit`: the audit log as a table, newest first, with an entity filter and paging;
 * keys, stored words and ids in the page's language (`names`: what the records' ids stand for).
 */
export function AuditPage(props: { req: ConsoleRequest; items: AuditRecord[]; names: ReadonlyMap<string, string>; nextBefore: string | null; entity?: string }) {
  const { req, items, nextBefore, entity } = props
  const lang = req.lang
  const nextHref = nextBefore ? `/console/audit?before=${nextBefore}${entity ? `&entity=${encodeURIComponent(entity)}` : ''}` : null
  return (
    <ConsoleLayout req={req} title={ct(lang, 'audit')} active="audit">
      <h1>{ct(lang, 'audit')}</h1>
      <form method="get" action="/console/audit" class="inline">
        <label>
          {auditText.filter[lang]} <Select name="entity" value={entity} blank={auditText.all[lang]} options={AUDIT_ENTITIES.map((kind) => ({ value: kind, label: entityLabel(lang, kind) }))} />
        </label>
        <button type="submit">{auditText.apply[lang]}</button>
      </form>
      {items.length === 0 ? <p class="muted">{auditText.empty[lang]}</p> : null}
      <table class="audit">
        <thead>
          <tr>
            <th>{auditText.at[lang]}</th>
            <th>{auditText.actor[lang]}</th>
            <th>{auditText.action[lang]}</th>
            <th>{auditText.entity[lang]}</th>
            <th>{auditText.change[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td>
                <time datetime={item.at}>{shanghaiSeconds(item.at)}</time>
              </td>
              <td>{item.actor.name}</td>
              <td>{actionLabel(lang, item.action)}</td>
              <td>
                {entityLabel(lang, item.entity)}
                {item.entityId ? <span class="muted"> {auditNamer(lang, item.entity, props.names).value('', item.entityId)}</span> : null}
              </td>
              <td class="change">
                <Change lang={lang} namer={auditNamer(lang, item.entity, props.names)} before={item.before} after={item.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextHref ? <a href={nextHref}>{auditText.more[lang]}</a> : null}
    </ConsoleLayout>
  )
}

/** The keys a record changed, one a line: `key: old → new`; a creation shows new values, a deletion old ones. */
function Change(props: { lang: Lang; namer: AuditNamer; before: unknown; after: unknown }) {
  const { kind, lines } = auditDiff(props.before, props.after, props.namer)
  if (lines.length === 0) return <>—</>
  const rest = lines.length - MAX_LINES
  return (
    <ul class="diff">
      {lines.slice(0, MAX_LINES).map((line) => (
        <li>
          {line.key ? `${props.namer.key(line.key)}${colon(props.lang)}` : ''}
          {kind === 'changed' ? (
            <>
              <code>{line.before ?? '—'}</code> → <code>{line.after ?? '—'}</code>
            </>
          ) : (
            <code>{(kind === 'created' ? line.after : line.before) ?? '—'}</code>
          )}
        </li>
      ))}
      {rest > 0 ? <li class="muted">{auditText.moreKeys[props.lang].replace('{n}', String(rest))}</li> : null}
    </ul>
  )
}
