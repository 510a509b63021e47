import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases'

interface Property {
  name: string
  type: string
}

/** Reads `server/db/schema.ts`: each table of `Database` with its properties' type text. */
function declaredTables(): Map<string, Property[]> {
  const path = 'server/db/schema.ts'
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true)
  const interfaces = new Map<string, Property[]>()
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return
    interfaces.set(
      node.name.text,
      node.members.filter(ts.isPropertySignature).map((m) => ({ name: (m.name as ts.Identifier).text, type: m.type?.getText(source) ?? '' })),
    )
  })
  const tables = new Map<string, Property[]>()
  for (const { name, type } of interfaces.get('Database') ?? []) tables.set(name, interfaces.get(type) ?? [])
  return tables
}

const aliases: Record<string, string> = { Numeric: 'string', NumericDefault: 'string', Timestamp: 'Date' }

/** The type a SELECT returns, from the declared text: Generated<X> → X, ColumnType<S, …> → S. */
function selectType(text: string): string {
  const bare = text.replace(/\s*\|\s*null\b/g, '').trim()
  const generated = /^Generated<(.+)>$/.exec(bare)
  if (generated?.[1]) return selectType(generated[1])
  const column = /^ColumnType<([^,<]+(?:<[^>]*>)?)\s*,/.exec(bare)
  if (column?.[1]) return selectType(column[1])
  return aliases[bare] ?? bare
}

function expectedSelect(dataType: string, declared: string): boolean {
  switch (dataType) {
    case 'uuid':
    case 'text':
      return declared === 'string' || ['Stage', 'RoundStatus', 'Channel'].includes(declared) || /^'/.test(declared) || /^[A-Z]\w*$/.test(declared)
    case 'integer':
    case 'smallint':
      return declared === 'number'
    case 'bigint':
    case 'numeric':
      return declared === 'string'
    case 'boolean':
      return declared === 'boolean'
    case 'timestamp with time zone':
    case 'date':
      return declared === 'Date'
    case 'jsonb':
      return true
    case 'bytea':
      return declared === 'Uint8Array'
    case 'ARRAY':
      return declared.endsWith('[]')
    default:
      return false
  }
}

describeEachDatabase('Kysely types match the migrated schema', (database) => {
  it('declares every table and column with matching type, nullability and default', async () => {
    const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string; is_view: boolean }>`
      SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity, t.table_type = 'VIEW' AS is_view
      FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.table_name <> 'schema_migration'
      ORDER BY c.table_name, c.ordinal_position`.execute(database().db)
    const declared = declaredTables()
    const actualTables = [...new Set(columns.rows.map((c) => c.table_name))].sort()
    expect([...declared.keys()].sort()).toEqual(actualTables)

    const problems: string[] = []
    for (const column of columns.rows) {
      const property = declared.get(column.table_name)?.find((p) => p.name === column.column_name)
      const where = `${column.table_name}.${column.column_name}`
      if (!property) {
        problems.push(`${where}: not declared`)
        continue
      }
      const nullable = /\bnull\b/.test(property.type)
      // A view's columns all read as nullable: declared as what its query gives.
      if (!column.is_view && nullable !== (column.is_nullable === 'YES')) problems.push(`${where}: nullable in SQL is ${column.is_nullable}, declared ${property.type}`)
      const hasDefault = column.column_default !== null || column.is_identity === 'YES'
      const optionalOnInsert = /^Generated<|undefined|^NumericDefault/.test(property.type)
      if (hasDefault !== optionalOnInsert && !nullable) problems.push(`${where}: default in SQL ${hasDefault}, declared ${property.type}`)
      if (!expectedSelect(column.data_type, selectType(property.type))) problems.push(`${where}: ${column.data_type} declared as ${property.type}`)
    }
    for (const [table, properties] of declared) {
      for (const p of properties) {
        if (!columns.rows.some((c) => c.table_name === table && c.column_name === p.name)) problems.push(`${table}.${p.name}: declared but not in SQL`)
      }
    }
    expect(problems).toEqual([])
  })
})
