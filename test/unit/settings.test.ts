import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { readSettings } from '../../server/settings'

const postgres = { DATABASE_URL: 'postgres://pingyi@db.example.org/pingyi' }

describe('Node host settings', () => {
  it('defaults to one serving process on the embedded database', () => {
    const settings = readSettings({})
    expect(settings.PINGYI_PROCESSES).toBe(1)
    expect(settings.PORT).toBe(3000)
    expect(settings.PINGYI_DATA_DIR).toBe('./data')
  })

  it('takes a number of serving processes, or auto for one per CPU, with PostgreSQL', () => {
    expect(readSettings({ ...postgres, PINGYI_PROCESSES: '4' }).PINGYI_PROCESSES).toBe(4)
    expect(readSettings({ ...postgres, PINGYI_PROCESSES: 'auto' }).PINGYI_PROCESSES).toBe(Math.min(32, availableParallelism()))
  })

  it('explains a bad number of processes, one line per variable', () => {
    expect(() => readSettings({ ...postgres, PINGYI_PROCESSES: '0' })).toThrow('PINGYI_PROCESSES: must be at least 1')
    expect(() => readSettings({ ...postgres, PINGYI_PROCESSES: '33' })).toThrow('PINGYI_PROCESSES: must be at most 32')
    expect(() => readSettings({ ...postgres, PINGYI_PROCESSES: 'many' })).toThrow('PINGYI_PROCESSES: must be a number of processes or auto')
    expect(() => readSettings({ PORT: 'x', PINGYI_PROCESSES: 'many' })).toThrow(/PORT: must be a port number\n {2}PINGYI_PROCESSES: must be a number/)
  })

  it('refuses more than one process on the embedded database, which one process owns', () => {
    expect(() => readSettings({ PINGYI_PROCESSES: '2' })).toThrow('PINGYI_PROCESSES: more than one process needs DATABASE_URL')
    expect(readSettings({ PINGYI_PROCESSES: '1' }).PINGYI_PROCESSES).toBe(1)
  })

  it('takes the public address of printed links as an origin, and refuses one with a path', () => {
    expect(readSettings({}).PINGYI_PUBLIC_ORIGIN).toBeUndefined()
    expect(readSettings({ PINGYI_PUBLIC_ORIGIN: 'https://pingyi.example.gov.cn/' }).PINGYI_PUBLIC_ORIGIN).toBe('https://pingyi.example.gov.cn')
    expect(readSettings({ PINGYI_PUBLIC_ORIGIN: 'http://10.0.0.5:8080' }).PINGYI_PUBLIC_ORIGIN).toBe('http://10.0.0.5:8080')
    for (const bad of ['pingyi.example.gov.cn', 'https://pingyi.example.gov.cn/e', 'ftp://x.example', 'https://a b.example'])
      expect(() => readSettings({ PINGYI_PUBLIC_ORIGIN: bad }), bad).toThrow('PINGYI_PUBLIC_ORIGIN: must be an address like https://pingyi.example.gov.cn (no path)')
  })
})
