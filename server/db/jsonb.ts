import { type RawBuilder, sql } from 'kysely'

/**
 * A jsonb value that both drivers store as the object itself. postgres.js serialises a string
 * bound to a jsonb parameter as a JSON *string*; sending text and casting on the server avoids it.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(cast(${JSON.stringify(value)} as text) as jsonb)`
}
