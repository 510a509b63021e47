import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { isUuid } from '../request'
import type { RecheckAnswer } from '../db/schema'
import { checkCode } from './code-check'
import { type AskedItem, RecheckPage } from './page'
import { ANSWERS, flushRecheck, recheckQuestions } from './store'
import { recordRecheck } from './submit'

async function roundOf(c: Context<AppEnv>) {
  const id = c.req.param('round')
  const round = isUuid(id) ? await c.get('db').selectFrom('round').select(['id', 'name', 'status', 'min_group_size']).where('id', '=', id).executeTakeFirst() : undefined
  if (!round) throw new ApiError(404, 'round_not_found')
  return { ...round, open: round.status === 'open' }
}

/** The items of the code's units it has not answered yet. */
async function itemsFor(c: Context<AppEnv>, roundId: string, codeHash: string, unitIds: string[]): Promise<AskedItem[]> {
  const used = new Set((await c.get('db').selectFrom('recheck_use').select('item_id').where('code_hash', '=', codeHash).execute()).map((r) => r.item_id))
  return (await recheckQuestions(c.get('db'), roundId)).filter((i) => unitIds.includes(i.unitId) && !used.has(i.id))
}

/** `/e/:round/recheck`: the evaluators' 整改是否到位 page (no JavaScript, no login). */
export const recheckPageRoutes = new Hono<AppEnv>()
  .get('/e/:round/recheck', async (c) => {
    const round = await roundOf(c)
    return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={c.get('lang')} round={round} step="code" />)
  })
  .post('/e/:round/recheck', async (c) => {
    const lang = c.get('lang')
    const round = await roundOf(c)
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const code = typeof form.code === 'string' ? form.code.slice(0, 40) : ''
    const answers = Object.entries(form)
      .filter(([key, value]) => key.startsWith('a:') && isUuid(key.slice(2)) && ANSWERS.includes(value as RecheckAnswer))
      .map(([key, value]) => ({ itemId: key.slice(2), answer: value as RecheckAnswer }))
    if (!round.open) return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="code" />, 409)
    let grant: Awaited<ReturnType<typeof checkCode>>
    try {
      grant = await checkCode(c, round.id, code)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 429) throw error
      return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="code" code={code} error={errorMessages[error.code][lang]} />, error.status)
    }
    const items = await itemsFor(c, round.id, grant.codeHash, grant.grant.units.map((u) => u.id))
    if (form.step !== 'answers') return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="items" code={code} items={items} />)
    try {
      if (answers.length === 0) throw new ApiError(422, 'missing_answer')
      const staged = await recordRecheck(c.get('db'), round.id, grant.codeHash, grant.grant, answers)
      if (staged >= round.min_group_size) await flushRecheck(c.get('db'), round.id)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      const given = Object.fromEntries(answers.map((a) => [a.itemId, a.answer]))
      return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="items" code={code} items={items} answers={given} error={errorMessages[error.code][lang]} />, error.status)
    }
    return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="done" />, 201)
  })
