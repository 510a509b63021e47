import type { AuditRecord } from '../audit/store'
import type { ConsoleRequest } from './layout'
import { ConsoleLayout } from './layout'
import { ct } from './text'

const columns = {
  at: { 'zh-CN': '时间', en: 'When' },
  actor: { 'zh-CN': '操作人', en: 'Who' },
  action: { 'zh-CN': '操作', en: 'Action' },
  entity: { 'zh-CN': '对象', en: 'What' },
  change: { 'zh-CN': '变更前 → 变更后', en: 'Before → after' },
  more: { 'zh-CN': '更早的记录', en: 'Older records' },
  empty: { 'zh-CN': '暂无记录。', en: 'No records yet.' },
  filter: { 'zh-CN': '按对象筛选', en: 'Filter by kind' },
  apply: { 'zh-CN': '筛选', en: 'Filter' },
}

/** `/console/audit`: the audit log as a table, newest first, with an entity filter and paging. */
export function AuditPage(props: { req: ConsoleRequest; items: AuditRecord[]; nextBefore: string | null; entity?: string }) {
  const { req, items, nextBefore, entity } = props
  const lang = req.lang
  const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value))
  const nextHref = nextBefore ? `/console/audit?before=${nextBefore}${entity ? `&entity=${encodeURIComponent(entity)}` : ''}` : null
  return (
    <ConsoleLayout req={req} title={ct(lang, 'audit')} active="audit">
      <h1>{ct(lang, 'audit')}</h1>
      <form method="get" action="/console/audit" class="inline">
        <label>
          {columns.filter[lang]} <input name="entity" value={entity ?? ''} maxlength={64} />
        </label>
        <button type="submit">{columns.apply[lang]}</button>
      </form>
      {items.length === 0 ? <p class="muted">{columns.empty[lang]}</p> : null}
      <table class="audit">
        <thead>
          <tr>
            <th>{columns.at[lang]}</th>
            <th>{columns.actor[lang]}</th>
            <th>{columns.action[lang]}</th>
            <th>{columns.entity[lang]}</th>
            <th>{columns.change[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td>
                <time datetime={item.at}>{item.at.slice(0, 19).replace('T', ' ')}Z</time>
              </td>
              <td>{item.actor.name}</td>
              <td>{item.action}</td>
              <td>
                {item.entity}
                {item.entityId ? <span class="muted"> {item.entityId}</span> : null}
              </td>
              <td class="change">
                <code>{json(item.before)}</code> → <code>{json(item.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextHref ? <a href={nextHref}>{columns.more[lang]}</a> : null}
    </ConsoleLayout>
  )
}
