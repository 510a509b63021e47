import type { KeyedHasher } from '../codes/keyed-hash'
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
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { RecheckLine } from '../board/page'
import { publicRounds, recheckQuestions, recheckResults, setRecheckItems } from './store'

const text = {
  title: { 'zh-CN': '评价整改是否到位', en: 'Re-check of rectification' },
  help: {
    'zh-CN': '整改落实或回头看阶段的评议可以请评议人用评议码逐项评价公开的整改事项“整改是否到位”。评议开始前选择事项；评议结束后结果显示在本页和整改事项上，本次评议向社会公众公布后再显示在公示栏上。',
    en: 'A rectification or review round can ask evaluators, with their codes, whether each public item was fixed. Choose the items before the round opens; once it closes the results show here and on the items, and on the board once the round is published to the public.',
  },
  none: { 'zh-CN': '本活动还没有整改落实或回头看阶段的评议。', en: 'No rectification or review round yet.' },
  evaluatorPage: { 'zh-CN': '评议人页面', en: 'Evaluator page' },
  locked: { 'zh-CN': '评议已开始，所选事项已锁定。', en: 'The round has opened; the items are locked.' },
  closed: { 'zh-CN': '评议已结束。各事项的评价结果如下。', en: 'The round is closed. The answers about each item:' },
  onBoard: { 'zh-CN': '本次评议已向社会公众公布，这些结果显示在公示栏上。', en: 'The round is published to the public: these results show on the board.' },
  offBoard: {
    'zh-CN': '这些结果在本次评议向社会公众公布（且在公示期内）后才显示在公示栏上；在此之前只有活动办公室可见。',
    en: 'These results show on the board only once the round is published to the public (within its window); until then only the office sees them.',
  },
  publicLink: {
    'zh-CN': '本次评议开放了公开链接：通过公开链接参加评议的人没有评议码，不能评价整改事项，只有持评议码的评议人能评价。',
    en: 'This round has a public link: people who come by it have no code and cannot rate the items; only code holders can.',
  },
  noCodes: { 'zh-CN': '本次评议不使用评议码，没有人能评价整改事项（评价整改事项需要评议码）。', en: 'This round uses no access codes: nobody can rate the items (rating them needs a code).' },
  noItems: { 'zh-CN': '本次评议的单位还没有公开的整改事项。', en: 'The round’s units have no public items yet.' },
} as const

type Lang = ConsoleRequest['lang']

/**
 * Rounds that may re-check, each with the public items of its units, which are chosen, and, once
 * closed, the answers about each chosen item and whether the board shows them at `now`.
 */
async function roundsWithItems(db: Kysely<Database>, keys: KeyedHasher, campaignId: string, now: Date) {
  const rounds = await db.selectFrom('round').select(['id', 'name', 'status', 'channels']).where('campaign_id', '=', campaignId).where('stage', 'in', ['rectification', 'review']).orderBy('created_at').execute()
  const onBoard = await publicRounds(
    db,
    rounds.map((r) => r.id),
    now,
  )
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
      // The chosen items, as asked (one made private since is still asked, so still listed).
      const chosen = (await recheckQuestions(db, round.id)).map((q) => ({ id: q.id, title: q.title, unitName: q.unitName }))
      const closed = round.status === 'closed' || round.status === 'published'
      const results = closed ? (await recheckResults(db, chosen.map((q) => q.id), { keys })).filter((r) => r.roundId === round.id) : []
      return { ...round, candidates, chosen, closed, results, onBoard: onBoard.has(round.id) }
    }),
  )
}

/** The round's channels against the recheck, which needs a code: a warning, or null. */
function ChannelWarning(props: { lang: Lang; channels: readonly string[] }) {
  const { lang, channels } = props
  if (!channels.includes('codes')) return <p class="warn">{text.noCodes[lang]}</p>
  if (channels.includes('public')) return <p class="warn">{text.publicLink[lang]}</p>
  return null
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
          {!round.closed && (round.status === 'draft' || round.chosen.length > 0) ? <ChannelWarning lang={lang} channels={round.channels} /> : null}
          {round.closed ? (
            <>
              <p class="muted">{text.closed[lang]}</p>
              <p class="muted small">{round.onBoard ? text.onBoard[lang] : text.offBoard[lang]}</p>
              <ul class="recheck-results">
                {round.chosen.map((i) => {
                  const result = round.results.find((r) => r.itemId === i.id)
                  return (
                    <li data-item={i.id}>
                      <a href={`/console/c/${props.campaignId}/items/${i.id}`}>{`${i.unitName}${colon(lang)}${i.title}`}</a>
                      {result ? <RecheckLine lang={lang} result={result} /> : null}
                    </li>
                  )
                })}
              </ul>
            </>
          ) : round.status !== 'draft' ? (
            <>
              <p class="muted">{text.locked[lang]}</p>
              <ul>{round.chosen.map((i) => <li>{`${i.unitName}${colon(lang)}${i.title}`}</li>)}</ul>
            </>
          ) : round.candidates.length === 0 ? (
            <p class="muted">{text.noItems[lang]}</p>
          ) : (
            <form method="post" action={`/console/c/${props.campaignId}/rounds/${round.id}/recheck-items`}>
              <CsrfField token={props.req.csrfToken} />
              {round.candidates.map((i) => (
                <label class="check">
                  <input type="checkbox" name="itemIds" value={i.id} checked={round.chosen.some((q) => q.id === i.id)} /> {i.unitName}
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
    return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), c.get('keys'), t.campaignId, c.get('now')())} />)
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
      return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), c.get('keys'), t.campaignId, c.get('now')())} state={formMessage(state.error ?? Object.values(state.errors)[0])} />, 422)
    }
    return c.html(<RecheckSetupPage req={consolePage(c)} campaignId={t.campaignId} rounds={await roundsWithItems(c.get('db'), c.get('keys'), t.campaignId, c.get('now')())} notice={kt(c.get('lang'), 'saved')} />)
  })
