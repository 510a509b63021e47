import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import type { MigrationExecutor } from './migrate'
import type { Database } from './schema'

export type Sql = postgres.Sql

/**
 * A postgres.js client. `max` is the pool size: small behind Hyperdrive (one per request),
 * larger on the Node host. Type fetching stays on: Kysely queries hang without it.
 */
export function openPostgres(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'pingyi' },
  })
}

export function postgresKysely(sql: Sql): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: preparing(sql) }) })
}

/** Statements with more parameters (bulk inserts, whose text varies with their row count) stay unnamed. */
const MAX_PREPARED_PARAMETERS = 64

/**
 * kysely-postgres-js 3 runs every query through postgres.js `unsafe(text, params)`, which does not
 * prepare: each query is parsed and planned anew, and one with parameters costs two round trips
 * (describe, then execute). Upstream fixed it in kysely-postgres-js 5 (kysely-org/kysely-postgres-js#464),
 * which needs Node 22 and Kysely 0.29; until then the reserved connections Kysely gets pass
 * `prepare: true` — named statements, parsed once per connection, executed in one round trip.
 */
function preparing(sql: Sql): Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property !== 'reserve') return Reflect.get(target, property, receiver)
      return async () => {
        const reserved = await target.reserve()
        return new Proxy(reserved, {
          get(connection, name, r) {
            if (name !== 'unsafe') return Reflect.get(connection, name, r)
            return (text: string, parameters: postgres.ParameterOrJSON<never>[] = [], options: postgres.UnsafeQueryOptions = {}) =>
              connection.unsafe(text, parameters, { prepare: parameters.length <= MAX_PREPARED_PARAMETERS, ...options })
          },
        })
      }
    },
  })
}

export function postgresExecutor(sql: Sql): MigrationExecutor {
  return {
    transaction: async (fn) => {
      const result = await sql.begin((tx) =>
        fn({
          exec: async (text) => {
            await tx.unsafe(text)
          },
          query: async <R>(text: string, params?: unknown[]) =>
            (await tx.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as R[],
        }),
      )
      return result as Awaited<ReturnType<typeof fn>>
    },
  }
}
