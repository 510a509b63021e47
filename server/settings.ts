import { availableParallelism } from 'node:os'
import * as v from 'valibot'

/** The most serving processes one host runs (each keeps its own connections to PostgreSQL). */
const MAX_PROCESSES = 32

const Port = v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'must be a port number'), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(65535))

/** An origin as browsers write it: scheme, host and an optional port; a trailing slash is dropped. */
export const PublicOrigin = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/\/$/, '')),
  v.regex(/^https?:\/\/[^/?#\s@]+$/i, 'must be an address like https://pingyi.example.gov.cn (no path)'),
)

/** The Node host's settings, from the environment, checked once at start. */
export const NodeSettings = v.object({
  PORT: v.optional(Port, '3000'),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://'))),
  PINGYI_CODE_KEY: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  PINGYI_DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), './data'),
  /** First start only: creates an office-wide organiser when none exists (both or neither). */
  PINGYI_ADMIN_USER: v.optional(v.string()),
  PINGYI_ADMIN_PASSWORD: v.optional(v.string()),
  /**
   * Behind a reverse proxy, the header it puts the client's address in (e.g. x-real-ip), for
   * login throttling per address. Unset: the socket's address.
   */
  PINGYI_CLIENT_ADDRESS_HEADER: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/i, 'must be a header name'))),
  /**
   * The address evaluators open (https://pingyi.example.gov.cn), for the links and QR codes on
   * slips, posters and code downloads. Unset: the request's own, which behind a TLS proxy reads
   * http:// unless the proxy keeps the scheme.
   */
  PINGYI_PUBLIC_ORIGIN: v.optional(PublicOrigin),
  /**
   * Serving processes sharing the port (PostgreSQL only): a number, or `auto` for one per CPU.
   * One Node process serves on one core; more lift that ceiling on a machine with cores to spare.
   */
  PINGYI_PROCESSES: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(auto|\d{1,2})$/, 'must be a number of processes or auto'),
      v.transform((value) => (value === 'auto' ? Math.min(MAX_PROCESSES, availableParallelism()) : Number(value))),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(MAX_PROCESSES, `must be at most ${MAX_PROCESSES}`),
    ),
    '1',
  ),
})
export type NodeSettings = v.InferOutput<typeof NodeSettings>

/** Reads settings or explains, one line per variable, what is wrong. */
export function readSettings(env: Record<string, string | undefined>): NodeSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = v.safeParse(NodeSettings, present)
  const lines = result.success ? [] : result.issues.map((issue) => `  ${issue.path?.map((p) => String(p.key)).join('.') ?? '?'}: ${issue.message}`)
  if (result.success && result.output.PINGYI_PROCESSES > 1 && !result.output.DATABASE_URL) {
    lines.push('  PINGYI_PROCESSES: more than one process needs DATABASE_URL (the embedded database belongs to one process)')
  }
  if (result.success && lines.length === 0) return result.output
  throw new Error(`Pingyi cannot start: bad settings in the environment\n${lines.join('\n')}`)
}
