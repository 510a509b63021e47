import { mkdtempSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openPglite } from '../../server/db/pglite'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

type Synced = { nfd?: number }

/** The path of a host file descriptor where /proc says it (Linux); else only that it is one. */
function hostPath(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return 'a host file'
  }
}

it('commits to a PGlite data folder only after fsync of its WAL reached the host file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'pingyi-fsync-'))
  const pg = await openPglite(dir)
  try {
    expect((await pg.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync).toBe('on')
    expect((await pg.query<{ wal_sync_method: string }>('SHOW wal_sync_method')).rows[0]?.wal_sync_method).toBe('fsync')
    await pg.exec('CREATE TABLE t (a int)')
    // Every sync of a file stream during one commit, by the host path of its descriptor.
    const ops = (pg as unknown as { mod: { FS: { filesystems: { NODEFS: { stream_ops: { fsync?: (s: Synced) => number } } } } } }).mod.FS.filesystems.NODEFS.stream_ops
    const sync = ops.fsync
    expect(sync, 'NODEFS streams have an fsync').toBeTypeOf('function')
    const synced: string[] = []
    ops.fsync = (stream) => {
      if (stream.nfd !== undefined) synced.push(hostPath(stream.nfd))
      return sync!(stream)
    }
    try {
      await pg.query('INSERT INTO t VALUES (1)')
    } finally {
      ops.fsync = sync
    }
    // Where /proc tells (Linux), the WAL file itself; elsewhere, some host file.
    expect(synced.some((path) => path.startsWith(join(dir!, 'pg_wal')) || path === 'a host file'), synced.join(', ')).toBe(true)
  } finally {
    await pg.close()
  }
})
