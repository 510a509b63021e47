import { expect, it } from 'vitest'
import { createTestDatabase } from '../support/databases'
import { setupApp } from '../support/setup-api'

it('documents every campaign-setup, results and publication route with the valibot schemas', async () => {
  const database = await createTestDatabase('pglite')
  try {
    const app = setupApp(database.db)
    const res = await app.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = await res.json()
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`)))
    const served = app.routes
      .filter((r) => /^\/api\/(campaigns|presets|results|publications|rounds\/:round\/(sittings|paper-batches|ballots))/.test(r.path) && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`)
    expect([...new Set(served)].sort()).toEqual([...documented].sort())
    const form = doc.paths['/api/campaigns/{campaign}/forms'].post.requestBody.content['application/json'].schema
    expect(form.required).toEqual(['name', 'dimensions', 'levels'])
    expect(form.properties.levels.minItems).toBe(2)
    expect(form.properties.levels.items.properties.label).toEqual({ type: 'string', minLength: 1, maxLength: 50 })
    const round = doc.paths['/api/campaigns/{campaign}/rounds'].post.requestBody.content['application/json'].schema
    expect(round.properties.stage).toMatchObject({ enum: ['study', 'analysis', 'rectification', 'review'] })
    const batch = doc.paths['/api/rounds/{round}/ballots/batch'].post.requestBody.content['application/json'].schema
    expect(batch.properties.ballots.maxItems).toBe(100)
    expect(doc.paths['/api/rounds/{round}/ballots'].post.requestBody.content['application/json'].schema.required).toEqual(['submissionId', 'unitId', 'answers'])
    expect(doc.paths['/api/campaigns/{campaign}/units/import'].post.requestBody.content['multipart/form-data']).toBeDefined()
  } finally {
    await database.close()
  }
})
