import { expect, it } from 'vitest'
import { createTestDatabase } from '../support/databases'
import { setupApp } from '../support/setup-api'

it('documents every campaign-setup, results, publication and tracking route with the valibot schemas', async () => {
  const database = await createTestDatabase('pglite')
  try {
    const app = setupApp(database.db)
    const res = await app.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = await res.json()
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`)))
    const served = app.routes
      .filter((r) => /^\/api\/(campaigns|presets|results|publications|tracking|rounds\/:round\/(sittings|paper-batches|ballots))/.test(r.path) && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`)
    expect([...new Set(served)].sort()).toEqual([...documented].sort())
    // opinions, rectification items, recheck setup and the opinions export: 24 routes under /api/tracking
    expect(served.filter((r) => r.includes(' /api/tracking/')).length).toBe(24)
    const tracking = '/api/tracking/{campaign}'
    const progress = doc.paths[`${tracking}/items/{item}/updates`].post
    expect(progress.responses['201']).toBeDefined()
    expect(progress.requestBody.content['application/json'].schema.required).toEqual(['onDate', 'body'])
    expect(progress.requestBody.content['application/json'].schema.properties.status).toMatchObject({ enum: ['not_started', 'in_progress', 'done'] })
    expect(doc.paths[`${tracking}/items`].post.requestBody.content['application/json'].schema.required).toEqual(['unitId', 'title', 'deadline', 'owner', 'class'])
    expect(doc.paths[`${tracking}/items`].get.parameters.map((q: { name: string }) => q.name)).toEqual(['campaign', 'unit', 'status', 'overdue', 'stalled', 'stalledDays'])
    expect(doc.paths[`${tracking}/rounds/{round}/recheck-items`].put.requestBody.content['application/json'].schema.properties.itemIds.maxItems).toBe(1000)
    expect(doc.paths[`${tracking}/opinions/{opinion}/reply`].post.requestBody.content['application/json'].schema.required).toEqual(['reply'])
    const exported = doc.paths[`${tracking}/opinions/export`].get
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'])
    expect(exported.parameters.find((q: { name: string }) => q.name === 'format').schema).toMatchObject({ enum: ['csv', 'xlsx'] })
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
