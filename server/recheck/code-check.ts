import type { Context } from 'hono'
import { normalizeCode } from '../codes/generate'
import { type CodeGrant, findGrant } from '../codes/store'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { deviceOf } from '../ingest/device'

/**
 * Checks an access code for a round the way ballots do: wrong codes count against the device and
 * the round (429 after too many). Returns the code's keyed hash and what it may rate.
 */
export async function checkCode(c: Context<AppEnv>, roundId: string, code: string): Promise<{ codeHash: string; grant: CodeGrant }> {
  const limiter = c.get('limiter')
  const nowMs = c.get('now')().getTime()
  const device = await deviceOf(c)
  limiter.beforeCode(roundId, device, nowMs)
  const plain = normalizeCode(code)
  const codeHash = plain ? await c.get('keys').hash('code', plain) : null
  const grant = codeHash ? await findGrant(c.get('db'), roundId, codeHash) : null
  if (!grant || !codeHash) throw new ApiError(403, 'code_invalid', [{ path: 'code' }])
  limiter.rightCode(roundId, device, nowMs)
  return { codeHash, grant }
}
