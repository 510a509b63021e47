import { listJoin } from '../i18n'
import type { ConsoleRequest } from './layout'
import { ConsoleLayout } from './layout'
import { navFor } from './nav'
import type { ScopeSummary } from './store'
import { ct, roleNames } from './text'

/** `/console`: who you are, what you may work on, and where to go. */
export function ConsoleHome(props: { req: ConsoleRequest; scope: ScopeSummary }) {
  const { req, scope } = props
  const { lang, user } = req
  const sections = navFor(user.role).filter((item) => item.key !== 'overview')
  return (
    <ConsoleLayout req={req} title={ct(lang, 'overview')} active="overview">
      <h1>
        {ct(lang, 'welcome')}
        {user.name}
      </h1>
      <dl class="facts">
        <dt>{ct(lang, 'yourRole')}</dt>
        <dd>{roleNames[user.role][lang]}</dd>
        <dt>{ct(lang, 'scope')}</dt>
        <dd>
          {scope.campaign ?? ct(lang, 'allCampaigns')}
          {scope.unit ? ` · ${scope.unit}` : ''}
        </dd>
        {user.role === 'clerk' ? (
          <>
            <dt>{ct(lang, 'rounds')}</dt>
            <dd>{scope.rounds.length ? listJoin(lang, scope.rounds.map((r) => r.name)) : ct(lang, 'noRounds')}</dd>
          </>
        ) : null}
      </dl>
      <h2>{ct(lang, 'sections')}</h2>
      {sections.length === 0 ? <p class="muted">{ct(lang, 'nothingYet')}</p> : null}
      <ul class="cards">
        {sections.map((item) => (
          <li>
            <a href={item.href}>{item.label[lang]}</a>
          </li>
        ))}
      </ul>
    </ConsoleLayout>
  )
}
