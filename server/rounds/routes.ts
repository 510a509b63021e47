import { Hono } from 'hono'
import { audit, campaignFromUrl } from '../campaigns/access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../request'
import { finishClose, resumeClose } from './closing'
import { CloseBody, HandedOutBody, type RoundAction, roundActions, RoundBody, RoundPatch, RoundUnitsBody } from './schemas'
import { createRound, getRound, listCampaignRounds, setHandedOut, setRoundUnits, transitionRound, updateRound } from './setup-store'

/** Rounds (评议) of a campaign: `/api/campaigns/:campaign/rounds…` — setup and lifecycle. */
export const roundSetupRoutes = new Hono<AppEnv>()
  .get('/:campaign/rounds', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.json({ rounds: await listCampaignRounds(c.get('db'), campaign.id) })
  })
  .post('/:campaign/rounds', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, RoundBody)
    const round = await c.get('db').transaction().execute(async (trx) => {
      const created = await createRound(trx, campaign.id, body)
      await audit(c, trx, campaign.id, { action: 'create', entity: 'round', entityId: created.id, after: created })
      return created
    })
    return c.json(round, 201)
  })
  .get('/:campaign/rounds/:round', async (c) => {
    const campaign = await campaignFromUrl(c)
    return c.json(await getRound(c.get('db'), campaign.id, c.req.param('round')))
  })
  .patch('/:campaign/rounds/:round', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, RoundPatch)
    const round = await getRound(c.get('db'), campaign.id, c.req.param('round'))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const change = await updateRound(trx, campaign.id, round.id, body)
      await audit(c, trx, campaign.id, { action: 'update', entity: 'round', entityId: round.id, ...change })
      return change.after
    })
    return c.json(after)
  })
  .put('/:campaign/rounds/:round/units', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, RoundUnitsBody)
    const round = await getRound(c.get('db'), campaign.id, c.req.param('round'))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const change = await setRoundUnits(trx, campaign.id, round.id, body)
      await audit(c, trx, campaign.id, { action: 'set_units', entity: 'round', entityId: round.id, ...change })
      return change.after
    })
    return c.json(after)
  })
  .patch('/:campaign/rounds/:round/handed-out', async (c) => {
    const campaign = await campaignFromUrl(c)
    const body = await jsonBody(c, HandedOutBody)
    const round = await getRound(c.get('db'), campaign.id, c.req.param('round'))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const change = await setHandedOut(trx, campaign.id, round.id, body)
      await audit(c, trx, campaign.id, { action: 'set_handed_out', entity: 'round', entityId: round.id, ...change })
      return change.after
    })
    return c.json(after)
  })
  .post('/:campaign/rounds/:round/:action', async (c) => {
    const campaign = await campaignFromUrl(c)
    const action = c.req.param('action') as RoundAction
    if (!roundActions.includes(action)) throw new ApiError(404, 'not_found')
    const round = await getRound(c.get('db'), campaign.id, c.req.param('round'))
    // a body is optional: only closing reads one
    const options = action === 'close' && c.req.header('content-type')?.toLowerCase().startsWith('application/json') ? await jsonBody(c, CloseBody) : {}
    // Closed, but its closing work was cut short (the close answered 500, the process died):
    // closing again finishes that work and answers 200, as the first close would have.
    if (action === 'close' && round.status === 'closed' && (await resumeClose(c.get('db'), c.get('keys'), round.id))) return c.json(await getRound(c.get('db'), campaign.id, round.id))
    const after = await c.get('db').transaction().execute(async (trx) => {
      const change = await transitionRound(trx, campaign.id, round.id, action, c.get('now')(), options)
      await audit(c, trx, campaign.id, { action: action, entity: 'round', entityId: round.id, ...change })
      return change.after
    })
    // Closing mixes every ballot still waiting in staging into the round (the last group padded
    // to k), so the closed round's tallies are complete and no row keeps its arrival order.
    if (action === 'close') await finishClose(c.get('db'), c.get('keys'), round.id)
    return c.json(after)
  })
