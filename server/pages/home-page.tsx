import type { Stage } from '../db/schema'
import type { Lang } from '../i18n'
import { stageNames } from '../rounds/stages'
import { pageTitle } from '../console/layout'
import { Layout } from './layout'
import { t } from './text'

interface HomeRound {
  id: string
  name: string
  stage: Stage
  status: string
  campaign_name: string
  public_slug: string | null
}

/**
 * The landing page: the rounds under way (to evaluate) and those closed, with their public
 * results where published to the public; organisers also find a round's live turnout while it
 * is open, and its results page once it has closed (no numbers before: see /results).
 */
export function HomePage(props: { lang: Lang; rounds: HomeRound[]; organiser: boolean }) {
  const { lang, rounds } = props
  return (
    <Layout lang={lang} title="Pingyi 评议" switchLang="/">
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
              <span class={r.status === 'open' ? 'chip open' : 'chip'}>{t(lang, r.status === 'open' ? 'roundOpen' : 'roundClosed')}</span>
              {[
                r.status === 'open' ? <a href={`/e/${r.id}`}>{t(lang, 'evaluate')}</a> : null,
                r.public_slug ? <a href={`/p/${r.public_slug}`}>{t(lang, 'results')}</a> : null,
                props.organiser && r.status === 'open' ? <a href={`/results/rounds/${r.id}/turnout`}>{t(lang, 'organiserTurnout')}</a> : null,
                props.organiser && r.status !== 'open' ? <a href={`/results/rounds/${r.id}`}>{t(lang, 'organiserResults')}</a> : null,
              ]
                .filter((link) => link !== null)
                .map((link, i) => (i === 0 ? link : [' · ', link]))}
            </li>
          ))}
        </ul>
        <p class="muted small">
          <a href="/login">{t(lang, 'staffLogin')}</a>
        </p>
      </main>
    </Layout>
  )
}

/** An error for browsers: the same code and message as the JSON envelope, and a way back. */
export function ErrorMessage(props: { lang: Lang; code: string; message: string; back: { href: string; label: string } }) {
  return (
    <>
      <h1>{t(props.lang, 'error')}</h1>
      <p class="alert" data-code={props.code}>
        {props.message}
      </p>
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
    </>
  )
}

/** The public's error page (the console's is consoleErrorPage), back to the home page. */
export function ErrorPage(props: { lang: Lang; code: string; message: string }) {
  return (
    <Layout lang={props.lang} title={pageTitle(props.lang, t(props.lang, 'error'))}>
      <main class="ev">
        <ErrorMessage {...props} back={{ href: '/', label: t(props.lang, 'home') }} />
      </main>
    </Layout>
  )
}
