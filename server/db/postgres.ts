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
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
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
