import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { clockOf } from '../rectification/routes'
import { BoardPage } from './page'
import { loadBoard } from './store'

/** The public rectification board: `/board/:campaign` (slug or id) as a page, `/api/board/:campaign` as JSON. No login. */
export const boardRoutes = new Hono<AppEnv>()
  .get('/board/:campaign', async (c) => {
    const board = await loadBoard(c.get('db'), c.get('keys'), c.req.param('campaign'), clockOf(c), c.get('now')())
    c.header('Cache-Control', 'public, max-age=60')
    return c.html(<BoardPage lang={c.get('lang')} board={board} path={new URL(c.req.url).pathname} inline={c.get('inlineAssets')} />)
  })
  .get('/api/board/:campaign', async (c) => {
    const board = await loadBoard(c.get('db'), c.get('keys'), c.req.param('campaign'), clockOf(c), c.get('now')())
    c.header('Cache-Control', 'public, max-age=60')
    return c.json(board)
  })
