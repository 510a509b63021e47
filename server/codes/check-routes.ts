import { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { deviceOf } from '../ingest/device'
import { parseOrThrow } from '../validate'
import { normalizeCode } from './generate'
import { findGrant, usedUnits } from './store'

const CheckBody = v.strictObject({ code: v.pipe(v.string(), v.maxLength(40)) })

/**
 * `POST /api/rounds/:round/codes/check` `{ code }` → `{ category, units: [{ id, name, used }] }`:
 * what a code may still rate, for the phone form. The code travels in the body, never a URL;
 * wrong codes count against the device and the round like wrong codes on a ballot.
 */
export const codeCheckRoutes = new Hono<AppEnv>().post('/:round/codes/check', async (c) => {
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_input')
  })
  const body = parseOrThrow(CheckBody, raw, c.get('lang'))
  const db = c.get('db')
  const limiter = c.get('limiter')
  const nowMs = c.get('now')().getTime()
  const { ctx } = await c.get('ingest').rounds.get(c.req.param('round'), nowMs)
  const device = await deviceOf(c)
  limiter.beforeCode(ctx.round.id, device, nowMs)
  const plain = normalizeCode(body.code)
  const codeHash = plain ? await c.get('keys').hash('code', plain) : null
  const grant = codeHash ? await findGrant(db, ctx.round.id, codeHash) : null
  if (!grant || !codeHash) throw new ApiError(403, 'code_invalid', [{ path: 'code' }])
  limiter.rightCode(ctx.round.id, device, nowMs)
  const used = await usedUnits(db, codeHash)
  return c.json({ category: grant.category, units: grant.units.map((u) => ({ id: u.id, name: u.name, used: used.has(u.id) })) })
})
