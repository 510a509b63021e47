import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../server/auth/password'
import { openDatabase } from '../../server/db/open'
import { seedDemo } from '../../server/demo/seed'

const run = promisify(execFile)

/** Runs `npm run user:create` (its script, through tsx) against a PGlite data folder. */
async function userCreate(dataDir: string, args: string[], password?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', PINGYI_DATA_DIR: dataDir }
  if (password !== undefined) env.PINGYI_PASSWORD = password
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/user-create.ts', ...args], { env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('npm run user:create', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingyi-user-create-'))
  let campaignId: string

  beforeAll(async () => {
    const database = await openDatabase({ dataDir })
    await database.migrate()
    const roundId = await seedDemo(database.db)
    campaignId = (await database.db.selectFrom('round').select('campaign_id').where('id', '=', roundId).executeTakeFirstOrThrow()).campaign_id
    await database.close()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('creates a liaison scoped to a unit named by its code, with the password from PINGYI_PASSWORD', async () => {
    const result = await userCreate(dataDir, ['--username', 'Zhou.HK', '--name', '周联络', '--role', 'liaison', '--campaign', campaignId, '--unit', 'TM-HK'], 'liaison password 1')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^created liaison "zhou.hk" \([0-9a-f-]{36}\) in campaign /)
  })

  it('refuses a taken username, a bad role, a short password and an unknown unit, with exit code 1', async () => {
    const taken = await userCreate(dataDir, ['--username', 'zhou.hk', '--name', '周', '--role', 'leader', '--campaign', campaignId], 'another password')
    expect([taken.code, taken.stderr.trim()]).toEqual([1, 'user:create: username_taken: This username is taken. (username)'])
    const role = await userCreate(dataDir, ['--username', 'x.y', '--name', 'x', '--role', 'admin'], 'another password')
    expect(role.code).toBe(1)
    expect(role.stderr).toMatch(/^user:create: --role: /)
    const short = await userCreate(dataDir, ['--username', 'x.y', '--name', 'x', '--role', 'organiser'], 'short')
    expect([short.code, short.stderr.trim()]).toEqual([1, 'user:create: password: at least 10 characters'])
    const unit = await userCreate(dataDir, ['--username', 'x.y', '--name', 'x', '--role', 'liaison', '--campaign', campaignId, '--unit', 'NOPE'], 'another password')
    expect(unit.code).toBe(1)
    expect(unit.stderr.trim()).toBe(`user:create: --unit: no unit "NOPE" in campaign ${campaignId}`)
  })

  it('stored a working hash, the scope and an audit record — and nothing for the refused runs', async () => {
    const database = await openDatabase({ dataDir })
    try {
      const users = await database.db.selectFrom('app_user').innerJoin('unit', 'unit.id', 'app_user.unit_id').select(['username', 'role', 'unit.code', 'password_hash']).execute()
      expect(users.map((u) => [u.username, u.role, u.code])).toEqual([['zhou.hk', 'liaison', 'TM-HK']])
      expect(await verifyPassword('liaison password 1', users[0]!.password_hash)).toBe(true)
      const audit = await database.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity', 'campaign_id']).execute()
      expect(audit).toEqual([{ actor_name: 'user:create', action: 'create', entity: 'user', campaign_id: campaignId }])
    } finally {
      await database.close()
    }
  })
})
