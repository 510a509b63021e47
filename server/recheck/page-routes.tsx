import { type Context, Hono } from 'hono'
import { normalizeCode } from '../codes/generate'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { errorMessages } from '../i18n'
import { isUuid } from '../request'
import type { RecheckAnswer } from '../db/schema'
import { shanghaiDate } from '../tracking/dates'
import { type AskedItem, askedItems } from './asked'
import { checkCode } from './code-check'
import { RecheckPage, recheckText } from './page'
import { flushRecheck } from './flush'
import { ANSWERS } from './store'
import { recordRecheck } from './submit'

async function roundOf(c: Context<AppEnv>) {
  const id = c.req.param('round')
  const round = isUuid(id) ? await c.get('db').selectFrom('round').select(['id', 'name', 'status']).where('id', '=', id).executeTakeFirst() : undefined
  if (!round) throw new ApiError(404, 'round_not_found')
  return { ...round, open: round.status === 'open' }
}

/** The items of the code's units it has not answered yet. */
async function itemsFor(c: Context<AppEnv>, roundId: string, codeHash: string, unitIds: string[]): Promise<AskedItem[]> {
  const used = new Set((await c.get('db').selectFrom('recheck_use').select('item_id').where('code_hash', '=', codeHash).execute()).map((r) => r.item_id))
  return (await askedItems(c.get('db'), roundId, shanghaiDate(c.get('now')()))).filter((i) => unitIds.includes(i.unitId) && !used.has(i.id))
}

/** `/e/:round/recheck`: the evaluators' 整改是否到位 page (no login; works without JavaScript). */
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
    // A live code: from here on it is the normalised one, for the hidden field and the way back (#c=).
    const plain = normalizeCode(code) ?? code
    const items = await itemsFor(c, round.id, grant.codeHash, grant.grant.units.map((u) => u.id))
    if (form.step !== 'answers') return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="items" code={plain} items={items} />)
    // Answers are optional item by item, but a submission needs one.
    if (answers.length === 0) return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="items" code={plain} items={items} error={recheckText(lang, 'atLeastOne')} />, 422)
    try {
      await recordRecheck(c.get('db'), c.get('keys'), round.id, grant.codeHash, grant.grant, answers)
      await flushRecheck(c.get('db'), c.get('keys'), round.id)
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error
      const given = Object.fromEntries(answers.map((a) => [a.itemId, a.answer]))
      return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="items" code={plain} items={items} answers={given} error={errorMessages[error.code][lang]} />, error.status)
    }
    return c.html(<RecheckPage inline={c.get('inlineAssets')} lang={lang} round={round} step="done" code={plain} />, 201)
  })
