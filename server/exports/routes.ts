import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readableDocument } from '../results/readable'
import { livePublications } from '../results-pages/load'
import { tableCsv } from './csv'
import { exportFileName, exportTable } from './table'
import { tableXlsx } from './xlsx'

const disposition = (name: { ascii: string; utf8: string }) => `attachment; filename="${name.ascii}"; filename*=UTF-8''${name.utf8}`

/**
 * Exports of a round's results, `/results/rounds/:round/results.csv|.xlsx`: the same document the
 * results API gives the caller (readableDocument: organisers live once closed, everyone else a
 * publication meant for them, else 403), suppression included; the organiser's live numbers
 * note what has been published, as the page does.
 */
export const exportRoutes = new Hono<AppEnv>()
  .get('/results/rounds/:round/results.csv', async (c) => {
    const { document, publication } = await readableDocument(c, c.req.param('round'))
    const lang = c.get('lang')
    const live = publication ? [] : await livePublications(c, document.round.id)
    c.header('cache-control', 'private, no-store')
    c.header('content-disposition', disposition(exportFileName(document, 'csv', lang)))
    return c.body(tableCsv(exportTable(document, publication, lang, live), lang), 200, { 'content-type': 'text/csv; charset=utf-8' })
  })
  .get('/results/rounds/:round/results.xlsx', async (c) => {
    const { document, publication } = await readableDocument(c, c.req.param('round'))
    const lang = c.get('lang')
    const live = publication ? [] : await livePublications(c, document.round.id)
    const bytes = await tableXlsx(exportTable(document, publication, lang, live), lang, document.round.name)
    c.header('cache-control', 'private, no-store')
    c.header('content-disposition', disposition(exportFileName(document, 'xlsx', lang)))
    return c.body(bytes as unknown as ArrayBuffer, 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  })
