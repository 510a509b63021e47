import type { Stage } from '../db/schema'
import type { Lang } from '../i18n'
import { stageNames } from '../rounds/stages'
import { Layout } from './layout'
import { t } from './text'

/** The landing page: every round with links to its form and its results. */
export function HomePage(props: { lang: Lang; rounds: { id: string; name: string; stage: Stage; status: string; campaign_name: string }[] }) {
  const { lang, rounds } = props
  return (
    <Layout lang={lang} title="Pingyi 评议">
      <main class="wide">
        <h1>Pingyi 评议</h1>
        <h2>{t(lang, 'rounds')}</h2>
        {rounds.length === 0 ? <p>{t(lang, 'noRounds')}</p> : null}
        <ul class="rounds">
          {rounds.map((r) => (
            <li>
              <span class="muted">
                {r.campaign_name} · {stageNames[r.stage][lang]}
              </span>
              <strong>{r.name}</strong>
              <a href={`/e/${r.id}`}>{t(lang, 'evaluate')}</a> · <a href={`/r/${r.id}`}>{t(lang, 'results')}</a>
            </li>
          ))}
        </ul>
      </main>
    </Layout>
  )
}

/** An error page for browsers, carrying the same code and message as the JSON envelope. */
export function ErrorPage(props: { lang: Lang; code: string; message: string }) {
  return (
    <Layout lang={props.lang} title={t(props.lang, 'error')}>
      <main class="ev">
        <h1>{t(props.lang, 'error')}</h1>
        <p class="alert" data-code={props.code}>
          {props.message}
        </p>
        <p>
          <a href="/">{t(props.lang, 'home')}</a>
        </p>
      </main>
    </Layout>
  )
}
