import { toJsonSchema } from '@valibot/to-json-schema'
import { errorMessages } from '../i18n'
import { type Operation, operations } from './operations'

const ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorMessages) },
        message: { type: 'string', description: 'In the request’s language (zh-CN unless `?lang=en` or Accept-Language: en)' },
        issues: { type: 'array', items: { type: 'object', required: ['path'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
}

// Refinements (checks across fields) have no JSON Schema form: the server enforces them and
// answers 422 with issues; the document shows the shape.
const schemaOf = (op: Operation) => (op.body ? toJsonSchema(op.body, { target: 'draft-2020-12', errorMode: 'ignore' }) : undefined)

function operation(op: Operation) {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: m[1] === 'action' ? { type: 'string', enum: ['open', 'close', 'reopen', 'publish'] } : m[1] === 'slug' ? { type: 'string', pattern: '^[a-z0-9]{12}$' } : { type: 'string', format: 'uuid' },
  }))
  const query = op.query ? (toJsonSchema(op.query, { target: 'draft-2020-12', errorMode: 'ignore' }) as { properties?: Record<string, unknown>; required?: string[] }) : undefined
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    if (name !== 'lang') params.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema: schema as never })
  }
  const body = schemaOf(op)
  const ok = op.download ? { content: Object.fromEntries(op.download.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } : { content: { 'application/json': { schema: { type: 'object' } } } }
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    ...(op.upload
      ? {
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
              'text/csv': { schema: { type: 'string', format: 'binary' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
        }
      : {}),
    responses: {
      [String(op.status ?? 200)]: { description: 'OK', ...ok },
      default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
    security: [{ session: [] }],
  }
}

/** The OpenAPI 3.1 document of the JSON API, built from the same valibot schemas the routes use. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operation(op)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pingyi 评议 API',
      version: '0.1.0',
      description: 'Campaign setup, ballots, paper entry, results and publications; opinions and rectification under /api/tracking. Log in with POST /api/auth/login; send the session cookie and, on every mutation, the `x-csrf-token` header.',
    },
    paths,
    components: {
      schemas: { Error: ErrorEnvelope },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-pingyi_session' } },
    },
  }
}
