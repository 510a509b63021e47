import fc from 'fast-check'
import type * as v from 'valibot'

type AnySchema = v.GenericSchema & { type: string; pipe?: { type: string; requirement?: unknown }[]; entries?: Record<string, AnySchema>; wrapped?: AnySchema; key?: AnySchema; value?: AnySchema; item?: AnySchema; options?: unknown[] }

/**
 * A fast-check arbitrary of values shaped by a valibot schema: mostly well-typed, sometimes
 * not. Knows the schema kinds Pingyi uses (objects, records, arrays, strings with uuid
 * or length actions, numbers, booleans, picklists, optionals); anything else → fc.anything().
 */
export function shapedBy(schema: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  const actions = schema.pipe?.slice(1) ?? []
  switch (schema.type) {
    case 'object':
    case 'strict_object':
    case 'loose_object':
      return fc.record(Object.fromEntries(Object.entries(schema.entries ?? {}).map(([k, s]) => [k, shapedBy(s, depth + 1)])))
    case 'optional':
    case 'nullish':
      return fc.option(shapedBy(schema.wrapped as AnySchema, depth), { nil: undefined })
    case 'record':
      return fc.dictionary(shapedBy(schema.key as AnySchema, depth + 1) as fc.Arbitrary<string>, shapedBy(schema.value as AnySchema, depth + 1), { maxKeys: 8 })
    case 'array':
      return fc.array(shapedBy(schema.item as AnySchema, depth + 1), { maxLength: 5 })
    case 'picklist':
      return fc.constantFrom(...((schema.options ?? ['x']) as unknown[]))
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), fc.double())
    case 'boolean':
      return fc.boolean()
    case 'string': {
      if (actions.some((a) => a.type === 'uuid')) return fc.uuid({ version: 4 })
      if (actions.some((a) => a.type === 'regex')) return fc.oneof(fc.stringMatching(/^\d{1,9}$/), fc.string({ maxLength: 12 }))
      return fc.string({ maxLength: 40, unit: 'grapheme' })
    }
    default:
      return fc.anything({ maxDepth: 2 })
  }
}

/** Ways to break a well-shaped body: unknown fields, wrong types, huge strings, deep nesting. */
export function mutated(schema: AnySchema): fc.Arbitrary<unknown> {
  const base = shapedBy(schema)
  const deep = fc.integer({ min: 50, max: 1_000 }).map((n) => {
    let value: unknown = 1
    for (let i = 0; i < n; i++) value = { a: value }
    return value
  })
  return fc.oneof(
    base,
    base.chain((b) => fc.record({ extra: fc.anything() }).map((e) => (typeof b === 'object' && b ? { ...b, ...e } : e))),
    base.chain((b) =>
      fc.tuple(fc.constantFrom(...Object.keys(schema.entries ?? { x: 0 })), fc.anything({ maxDepth: 2 })).map(([key, value]) =>
        typeof b === 'object' && b ? { ...b, [key]: value } : value,
      ),
    ),
    base.map((b) => (typeof b === 'object' && b ? Object.fromEntries(Object.entries(b).slice(1)) : b)),
    fc.string({ minLength: 1_000, maxLength: 20_000 }).map((s) => ({ unitId: s, answers: { '1': s } })),
    deep,
    fc.anything({ maxDepth: 3, withNullPrototype: true }),
  )
}
