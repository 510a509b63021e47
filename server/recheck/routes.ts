import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { isUuid, jsonBody } from '../request'
import { assertOrganiser, auditTracking, trackingFromUrl } from '../tracking/access'
import { shanghaiDate } from '../tracking/dates'
import { askedItems } from './asked'
import { checkCode } from './code-check'
import { AnswerBody, ItemsBody } from './schemas'
import { flushRecheck } from './flush'
import { ANSWERS, recheckQuestions, setRecheckItems } from './store'
import { recordRecheck } from './submit'

/** Organisers choose, under `/api/tracking/:campaign/rounds/:round/recheck-items`, which public items a round re-checks. */
export const recheckSetupRoutes = new Hono<AppEnv>()
  .get('/:campaign/rounds/:round/recheck-items', async (c) => {
    const t = await trackingFromUrl(c)
    const roundId = c.req.param('round')
    const round = isUuid(roundId) ? await c.get('db').selectFrom('round').select('id').where('id', '=', roundId).where('campaign_id', '=', t.campaignId).executeTakeFirst() : undefined
    if (!round) throw new ApiError(404, 'round_not_found')
    return c.json({ items: await recheckQuestions(c.get('db'), round.id) })
  })
  .put('/:campaign/rounds/:round/recheck-items', async (c) => {
    const t = await trackingFromUrl(c)
    assertOrganiser(t)
    const roundId = c.req.param('round')
    if (!isUuid(roundId)) throw new ApiError(404, 'round_not_found')
    const body = await jsonBody(c, ItemsBody)
    await c.get('db').transaction().execute(async (trx) => {
      await setRecheckItems(trx, t.campaignId, roundId, body.itemIds)
      await auditTracking(c, trx, t, 'update', 'recheck_items', roundId, body)
    })
    return c.json({ items: await recheckQuestions(c.get('db'), roundId) })
  })

/**
 * Evaluators, under `/api/rounds/:round/recheck`: GET the items an open round asks
 * "整改是否到位" about (a public item with its status, 完成时限, commitment and latest progress,
 * as the board shows it; one made private since with its title only); POST
 * `{ code, answers: [{ itemId, answer }] }` with 满意 (satisfied) / 基本满意 (basic) /
 * 不满意 (unsatisfied) / 不了解 (unknown). One answer per code and item; wrong codes count
 * against the device and the round like on a ballot.
 */
export const recheckRoutes = new Hono<AppEnv>()
  .get('/:round/recheck', async (c) => {
    const roundId = c.req.param('round')
    const round = isUuid(roundId) ? await c.get('db').selectFrom('round').select(['id', 'status']).where('id', '=', roundId).executeTakeFirst() : undefined
    if (!round) throw new ApiError(404, 'round_not_found')
    if (round.status !== 'open') throw new ApiError(409, 'round_not_open')
    return c.json({ question: '整改是否到位', answers: ANSWERS, items: await askedItems(c.get('db'), round.id, shanghaiDate(c.get('now')())) })
  })
  .post('/:round/recheck', async (c) => {
    const roundId = c.req.param('round')
    if (!isUuid(roundId)) throw new ApiError(404, 'round_not_found')
    const body = await jsonBody(c, AnswerBody)
    const db = c.get('db')
    const round = await db.selectFrom('round').select('id').where('id', '=', roundId).executeTakeFirst()
    if (!round) throw new ApiError(404, 'round_not_found')
    const { codeHash, grant } = await checkCode(c, round.id, body.code)
    await recordRecheck(db, c.get('keys'), round.id, codeHash, grant, body.answers)
    await flushRecheck(db, c.get('keys'), round.id)
    return c.json({ counted: body.answers.length }, 201)
  })
