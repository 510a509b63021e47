import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { pathWithoutLang } from '../request'
import { PublicationPage } from './page'
import type { PublishedContent } from './publish'
import { publicPublication } from './routes'
import { metaOf } from './store'

/** `/p/:slug`: the public page of a publication, served only inside its 公示 window. */
export const publicationPageRoutes = new Hono<AppEnv>().get('/p/:slug', async (c) => {
  const row = await publicPublication(c.get('db'), c.req.param('slug'), c.get('now')())
  return c.html(<PublicationPage content={row.content as PublishedContent} meta={metaOf(row)} lang={c.get('lang')} inline={c.get('inlineAssets')} path={pathWithoutLang(c.req.url)} />)
})
