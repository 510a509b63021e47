import { type Context, Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { parseOrThrow } from '../validate'
import { PaperBallotPage } from './ballot-page'
import { commitBatch, decideSitting } from './commit'
import { finishPass, putSheet } from './entry'
import { EntryPage } from './entry-page'
import { BatchPage, PaperRoundsPage, paperBase, RoundPaperPage } from './pages'
import { resolveMismatches } from './resolve'
import { batchState, paperRound } from './routes'
import { DecisionBody, NewBatchBody, NewSittingBody, RegisterBody, ResolutionsBody, SheetBody, SheetNumber } from './schemas'
import { assertSheetFits } from './sheets'
import { createBatch, createSitting, updateRegister } from './sittings'
import { pt } from './text'
import { batchOf, batchReconciliation, listSittings, sittingOf } from './store'

/** The message a redirect asked for with `?ok=` (a known key, never text from the address). */
function okText(c: Context<AppEnv>): string | undefined {
  const ok = c.req.query('ok')
  const n = Number(c.req.query('n'))
  if (ok === 'saved' && Number.isInteger(n)) return pt(c.get('lang'), 'saved', { n })
  if (ok === 'committed') return pt(c.get('lang'), 'okCommitted')
  return undefined
}

type Fields = Record<string, string | File | (string | File)[]>

const text = (fields: Fields, key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined)
const count = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : Number(value))

/**
 * Runs a console form's action and goes back to `back` (303) with `?ok=` or, for a refusal the
 * user can fix, `?error=<code>`; permission errors (checked before) still answer 403.
 */
async function act(c: Context<AppEnv>, back: string, action: () => Promise<string | undefined>) {
  const [path, hash] = back.split('#')
  try {
    const ok = await action()
    return c.redirect(`${path}${ok ? `?ok=${ok}` : ''}${hash ? `#${hash}` : ''}`, 303)
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 403 || error.status >= 500) throw error
    return c.redirect(`${path}?error=${error.code}${hash ? `#${hash}` : ''}`, 303)
  }
}

/** A slip from the plain entry form: `categoryId`, `spoiled`, and `c.<unit>.<dimension>` = level id or ''. */
export function sheetFromFields(fields: Fields): unknown {
  const cells: Record<string, Record<string, number>> = {}
  for (const [key, value] of Object.entries(fields)) {
    const match = /^c\.([0-9a-f-]{36})\.(\d{1,9})$/i.exec(key)
    if (!match || typeof value !== 'string' || value === '') continue
    ;(cells[match[1]!] ??= {})[match[2]!] = /^\d{1,9}$/.test(value) ? Number(value) : -1
  }
  return { categoryId: text(fields, 'categoryId') ?? '', spoiled: text(fields, 'spoiled') === '1', cells }
}

/** The console's paper-ballot pages: clerks of the round and organisers of its campaign (routes check). */
export const paperConsoleRoutes = new Hono<AppEnv>()
  .use('/console/paper', requireConsoleUser('organiser', 'clerk'))
  .use('/console/rounds/:round/paper', requireConsoleUser('organiser', 'clerk'))
  .use('/console/rounds/:round/paper/*', requireConsoleUser('organiser', 'clerk'))
  .get('/console/paper', async (c) => {
    const req = consolePage(c)
    const db = c.get('db')
    let query = db.selectFrom('round').innerJoin('campaign', 'campaign.id', 'round.campaign_id').select(['round.id', 'round.name', 'round.channels', 'campaign.name as campaign']).orderBy('round.created_at', 'desc')
    if (req.user.role === 'clerk') query = query.where('round.id', 'in', db.selectFrom('clerk_round').select('round_id').where('user_id', '=', req.user.id))
    else if (req.user.campaignId) query = query.where('round.campaign_id', '=', req.user.campaignId)
    const rounds = (await query.execute()).filter((r) => req.user.role === 'clerk' || r.channels.includes('paper') || r.channels.includes('meeting'))
    return c.html(<PaperRoundsPage req={req} rounds={rounds} />)
  })
  .get('/console/rounds/:round/paper', async (c) => {
    const { ctx } = await paperRound(c)
    return c.html(<RoundPaperPage req={consolePage(c)} ctx={ctx} sittings={await listSittings(c.get('db'), ctx.round.id)} error={c.req.query('error')} ok={okText(c)} />)
  })
  .get('/console/rounds/:round/paper/ballot', async (c) => {
    const { ctx } = await paperRound(c)
    return c.html(<PaperBallotPage ctx={ctx} />)
  })
  .post('/console/rounds/:round/paper/sittings', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const fields = await c.req.parseBody()
    return act(c, paperBase(ctx.round.id), async () => {
      const body = parseOrThrow(NewSittingBody, { name: text(fields, 'name') ?? '', channel: text(fields, 'channel') ?? 'meeting' }, c.get('lang'))
      await createSitting(c.get('db'), ctx, body, actor)
      return undefined
    })
  })
  .post('/console/rounds/:round/paper/sittings/:sitting/register', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const fields = await c.req.parseBody()
    return act(c, `${paperBase(ctx.round.id)}#s-${c.req.param('sitting')}`, async () => {
      const body = parseOrThrow(RegisterBody, { handedOut: count(text(fields, 'handedOut')), returned: count(text(fields, 'returned')) }, c.get('lang'))
      await updateRegister(c.get('db'), ctx, c.req.param('sitting'), body, actor)
      return undefined
    })
  })
  .post('/console/rounds/:round/paper/sittings/:sitting/decision', async (c) => {
    const { ctx, actor } = await paperRound(c, true)
    const sitting = await sittingOf(c.get('db'), ctx.round.id, c.req.param('sitting'))
    const fields = await c.req.parseBody()
    return act(c, `${paperBase(ctx.round.id)}#s-${sitting.id}`, async () => {
      const body = parseOrThrow(DecisionBody, { decision: text(fields, 'decision') }, c.get('lang'))
      await decideSitting(c.get('db'), c.get('keys'), ctx, sitting.id, body.decision, actor)
      return undefined
    })
  })
  .post('/console/rounds/:round/paper/sittings/:sitting/batches', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const fields = await c.req.parseBody()
    return act(c, `${paperBase(ctx.round.id)}#s-${c.req.param('sitting')}`, async () => {
      const body = parseOrThrow(NewBatchBody, { name: text(fields, 'name') ?? '' }, c.get('lang'))
      await createBatch(c.get('db'), ctx, c.req.param('sitting'), body, actor)
      return undefined
    })
  })
  .get('/console/rounds/:round/paper/batches/:batch', async (c) => {
    const { ctx } = await paperRound(c)
    const state = await batchState(c, ctx, c.req.param('batch'))
    return c.html(<BatchPage req={consolePage(c)} ctx={ctx} sitting={state.sitting} batch={state.batch} mismatches={state.mismatches} reconciled={state.reconciled} error={c.req.query('error')} ok={okText(c)} />)
  })
  .get('/console/rounds/:round/paper/batches/:batch/enter', async (c) => {
    const { ctx } = await paperRound(c)
    const state = await batchState(c, ctx, c.req.param('batch'))
    // Someone who is neither of the first two keyers, once they disagree, keys only the disputed slips.
    const third = state.mismatches && !state.reconciled && (state.mine === null || state.mine.pass === 3)
    const open = await batchReconciliation(c.get('db'), state.batch.id)
    const disputed = third ? [...new Set((open.result?.mismatches ?? []).filter((m) => m.resolved === null).map((m) => m.sheet))] : null
    return c.html(<EntryPage req={consolePage(c)} ctx={ctx} sitting={state.sitting} batch={state.batch} mine={state.mine} disputed={disputed} error={c.req.query('error')} ok={okText(c)} />)
  })
  .post('/console/rounds/:round/paper/batches/:batch/sheets', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    const fields = await c.req.parseBody()
    return act(c, `${paperBase(ctx.round.id)}/batches/${batch.id}/enter`, async () => {
      const n = parseOrThrow(SheetNumber, text(fields, 'sheet') ?? '', c.get('lang'))
      const sheet = parseOrThrow(SheetBody, sheetFromFields(fields), c.get('lang'))
      assertSheetFits(ctx, sheet)
      await putSheet(c.get('db'), actor, batch.id, n, sheet)
      return `saved&n=${n}`
    })
  })
  .post('/console/rounds/:round/paper/batches/:batch/done', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    return act(c, `${paperBase(ctx.round.id)}/batches/${batch.id}/enter`, async () => {
      await finishPass(c.get('db'), actor, batch.id)
      return undefined
    })
  })
  .post('/console/rounds/:round/paper/batches/:batch/resolutions', async (c) => {
    const { ctx, actor } = await paperRound(c, true)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    const fields = await c.req.parseBody()
    return act(c, `${paperBase(ctx.round.id)}/batches/${batch.id}`, async () => {
      const items = Object.entries(fields).flatMap(([key, value]) => {
        const match = /^r\.(\d{1,6})\.(.+)$/.exec(key)
        return match && typeof value === 'string' && value !== '-' ? [{ sheet: Number(match[1]), field: match[2]!, value }] : []
      })
      if (items.length === 0) return undefined
      await resolveMismatches(c.get('db'), ctx, batch.id, parseOrThrow(ResolutionsBody, { items }, c.get('lang')), actor)
      return undefined
    })
  })
  .post('/console/rounds/:round/paper/batches/:batch/commit', async (c) => {
    const { ctx, actor } = await paperRound(c)
    const { batch } = await batchOf(c.get('db'), ctx.round.id, c.req.param('batch'))
    return act(c, `${paperBase(ctx.round.id)}/batches/${batch.id}`, async () => {
      const outcome = await commitBatch(c.get('db'), c.get('keys'), ctx, batch.id, actor)
      return outcome.status === 'committed' ? 'committed' : undefined
    })
  })
