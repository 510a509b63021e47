import * as v from 'valibot'

const Port = v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'must be a port number'), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(65535))

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
})
export type NodeSettings = v.InferOutput<typeof NodeSettings>

/** Reads settings or explains, one line per variable, what is wrong. */
export function readSettings(env: Record<string, string | undefined>): NodeSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = v.safeParse(NodeSettings, present)
  if (result.success) return result.output
  const lines = result.issues.map((issue) => `  ${issue.path?.map((p) => String(p.key)).join('.') ?? '?'}: ${issue.message}`)
  throw new Error(`Pingyi cannot start: bad settings in the environment\n${lines.join('\n')}`)
}
