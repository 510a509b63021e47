import { Hono } from 'hono'
import { consolePage, requireConsoleUser } from '../console/guard'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from '../console/layout'
import type { AppEnv } from '../env'
import { colon } from '../i18n'
import { ApiError } from '../errors'
import { isUuid } from '../request'
import { assertOrganiser, auditTracking, trackingFromUrl } from '../tracking/access'
import { FormError, type FormState, formMessage, refusedHere } from '../console/form-kit'
import { kt } from '../tracking/console-text'
import type { Db } from '../tracking/db'
import { recheckQuestions, setRecheckItems } from './store'

const text = {
  title: { 'zh-CN': '评价整改是否到位', en: 'Re-check of rectification' },
  help: { 'zh-CN': '整改落实或回头看阶段的评议可以请评议人逐项评价公开的整改事项“整改是否到位”。评议开始前选择事项；评议结束后结果显示在整改事项和公示栏上。', en: 'A rectification or review round can ask evaluators whether each public item was fixed. Choose the items before the round opens; results appear on the items and the board once it closes.' },
  none: { 'zh-CN': '本活动还没有整改落实或回头看阶段的评议。', en: 'No rectification or review round yet.' },
  evaluatorPage: { 'zh-CN': '评议人页面', en: 'Evaluator page' },
  locked: { 'zh-CN': '评议已开始，所选事项已锁定。', en: 'The round has opened; the items are locked.' },
  noItems: { 'zh-CN': '本次评议的单位还没有公开的整改事项。', en: 'The round’s units have no public items yet.' },
} as const

type Lang = ConsoleRequest['lang']

/** Rounds that may re-check, each with the public items of its units and which are chosen. */
async function roundsWithItems(db: Db, campaignId: string) {
  const rounds = await db.selectFrom('round').select(['id', 'name', 'status']).where('campaign_id', '=', campaignId).where('stage', 'in', ['rectification', 'review']).orderBy('created_at').execute()
  return Promise.all(
    rounds.map(async (round) => {
      const candidates = await db
        .selectFrom('rectification_item as i')
        .innerJoin('round_unit as ru', (join) => join.onRef('ru.unit_id', '=', 'i.unit_id').on('ru.round_id', '=', round.id))
        .innerJoin('unit', 'unit.id', 'i.unit_id')
        .select(['i.id', 'i.title', 'unit.name as unitName'])
        .where('i.campaign_id', '=', campaignId)
        .where('i.public', '=', true)
        .orderBy('unit.position')
        .orderBy('unit.name')
        .orderBy('i.deadline')
        .execute()
      const chosen = new Set((await recheckQuestions(db, round.id)).map((q) => q.id))
      return { ...round, candidates, chosen }
    }),
  )
}

function RecheckSetupPage(props: { req: ConsoleRequest; campaignId: string; rounds: Awaited<ReturnType<typeof roundsWithItems>>; state?: FormState; notice?: string }) {
  const lang: Lang = props.req.lang
  return (
    <ConsoleLayout req={props.req} title={text.title[lang]} active="tracking">
      <p>
        <a href={`/console/c/${props.campaignId}/items`}>← {kt(lang, 'tracking')}</a>
      </p>
      <h1>{text.title[lang]}</h1>
      <p class="muted">{text.help[lang]}</p>
      {props.notice ? <p class="ok">{props.notice}</p> : null}
      <FormError state={props.state} />
      {props.rounds.length === 0 ? <p class="muted">{text.none[lang]}</p> : null}
      {props.rounds.map((round) => (
        <section class="recheck-round" data-round={round.id}>
          <h2>{round.name}</h2>
          <p>
            <a href={`/e/${round.id}/recheck`}>{text.evaluatorPage[lang]}</a>
          </p>
          {round.status !== 'draft' ? (
            <>
              <p class="muted">{text.locked[lang]}</p>
              <ul>{round.candidates.filter((i) => round.chosen.has(i.id)).map((i) => <li>{`${i.unitName}:${i.title}`}</li>)}</ul>
            </>
          ) : round.candidates.length === 0 ? (
            <p class="muted">{text.noItems[lang]}</p>
          ) : (
            <form method="post" action={`/console/c/${props.campaignId}/rounds/${round.id}/recheck-items`}>
              <CsrfField token={props.req.csrfToken} />
              {round.candidates.map((i) => (
                <label class="check">
                  <input type="checkbox" name="itemIds" value={i.id} checked={round.chosen.has(i.id)} /> {i.unitName}
                  {colon(lang)}
                  {i.title}
                </label>
              ))}
              <button type="submit">{kt(lang, 'save')}</button>
            </form>
          )}
        </section>
      ))}
    </ConsoleLayout>
  )
}

/** Organisers choose the items a 整改落实 / 回头看 round re-checks, without JavaScript. */
export const recheckConsoleRoutes = new Hono<AppEnv>()
  .get('/console/c/:campaign/recheck', requireConsoleUser('organiser'), async (c) => {
    const t = await trackingFromUrl(c)
    return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), t.campaignId)} />)
  })
  .post('/console/c/:campaign/rounds/:round/recheck-items', requireConsoleUser('organiser'), async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const roundId = c.req.param('round')
    if (!isUuid(roundId)) throw new ApiError(404, 'round_not_found')
    const form = await c.req.parseBody({ all: true })
    const itemIds = ([] as unknown[]).concat(form.itemIds ?? []).filter((v): v is string => typeof v === 'string' && isUuid(v))
    try {
      await c.get('db').transaction().execute(async (trx) => {
        await setRecheckItems(trx, t.campaignId, roundId, itemIds)
        await auditTracking(c, trx, t, 'update', 'recheck_items', roundId, { itemIds })
      })
    } catch (error) {
      const state = refusedHere(error, c.get('lang'))
      return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), t.campaignId)} state={formMessage(state.error ?? Object.values(state.errors)[0])} />, 422)
    }
    return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), t.campaignId)} notice={kt(c.get('lang'), 'saved')} />)
  })
