import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { ErrorMessage } from '../pages/home-page'
import { t } from '../pages/text'
import { consolePage } from './guard'
import { ConsoleLayout } from './layout'
import { ct } from './text'

/** The staff's areas: an error there, for a signed-in user, keeps the console around it. */
const staffArea = /^\/(console|results)(\/|$)/

/**
 * The error page of a signed-in user in the console or the results pages: the same code and
 * message as the JSON envelope, inside the console's frame (the user's own sections, logout,
 * the language switch) with a way back to the overview, instead of the public's bare page.
 * Null elsewhere, and for a request the session middleware did not reach or found no user in.
 */
export function consoleErrorPage(c: Context<AppEnv>, error: { code: string; message: string }) {
  if (!staffArea.test(c.req.path) || !c.get('user') || !c.get('csrfToken')) return null
  const req = consolePage(c)
  return (
    <ConsoleLayout req={req} title={t(req.lang, 'error')}>
      <ErrorMessage lang={req.lang} code={error.code} message={error.message} back={{ href: '/console', label: ct(req.lang, 'backToOverview') }} />
    </ConsoleLayout>
  )
}
